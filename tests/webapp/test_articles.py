"""The articles pages: list, add and edit, the highlighted text, logging claims in it."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from models import Article, Claim, ClaimStatus
from models.text.highlight import layout_body, verdict_class

from ..factories import make_article, make_claim
from .conftest import post

ROLES_ALLOWED = ["editor", "admin"]


@pytest.fixture
def article(session, members):
    """A small committed article with one claim (the 80% cloud sentence)."""
    article = make_article(session, title="Cloud figures")
    make_claim(session, article)
    session.commit()
    return article


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(sa.select(sa.func.count()).select_from(model))


# --- who may do what -------------------------------------------------------------------

EDITOR_GETS = ["/articles/new", "/articles/{id}/edit", "/articles/{id}/claims/new"]
EDITOR_POSTS = ["/articles/new", "/articles/{id}/edit", "/articles/{id}/claims/new"]
MEMBER_GETS = ["/articles/", "/articles/{id}"]


@pytest.mark.parametrize("path", MEMBER_GETS + EDITOR_GETS)
def test_anonymous_visitors_are_sent_to_login(client, article, path) -> None:
    response = client.get(path.format(id=article.id))
    assert response.status_code == 302
    assert response.location.startswith("/login")


@pytest.mark.parametrize("path", EDITOR_POSTS)
def test_anonymous_posts_are_sent_to_login(client, article, path) -> None:
    response = post(client, path.format(id=article.id), {"title": "x"}, token_from="/login")
    assert response.status_code == 302
    assert response.location.startswith("/login")


@pytest.mark.parametrize("role", ["reviewer", "editor", "admin"])
@pytest.mark.parametrize("path", MEMBER_GETS)
def test_every_member_may_read(client, as_role, article, role, path) -> None:
    as_role(role)
    assert client.get(path.format(id=article.id)).status_code == 200


@pytest.mark.parametrize("path", EDITOR_GETS)
def test_reviewers_may_not_open_editor_forms(client, as_role, article, path) -> None:
    as_role("reviewer")
    response = client.get(path.format(id=article.id))
    assert response.status_code == 403
    assert "editor role" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", EDITOR_POSTS)
def test_reviewers_may_not_post_editor_forms(client, as_role, article, session, path) -> None:
    as_role("reviewer")
    before = (_count(session, Article), _count(session, Claim))
    response = post(
        client,
        path.format(id=article.id),
        {"title": "Taken over", "body": "New text.", "quote": "130 new models", "summary": "x"},
    )
    assert response.status_code == 403
    assert (_count(session, Article), _count(session, Claim)) == before
    session.refresh(article)
    assert article.title == "Cloud figures"


@pytest.mark.parametrize("role", ROLES_ALLOWED)
@pytest.mark.parametrize("path", EDITOR_GETS)
def test_editors_and_admins_open_the_forms(client, as_role, article, role, path) -> None:
    as_role(role)
    assert client.get(path.format(id=article.id)).status_code == 200


def test_reviewers_see_no_editing_buttons(client, as_role, article) -> None:
    as_role("reviewer")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "selection-form" not in page
    assert f"/articles/{article.id}/edit" not in page
    assert client.get("/articles/").get_data(as_text=True).count("/articles/new") == 0


def test_a_missing_article_is_404(client, as_role) -> None:
    as_role("reviewer")
    assert client.get("/articles/999").status_code == 404


# --- list ------------------------------------------------------------------------------


def test_the_list_shows_each_article_with_its_claim_count(client, as_role, session, members):
    first = make_article(session, title="First piece", publisher="Daily Example")
    make_claim(session, first)
    make_claim(session, first, quote="130 new models", summary="130 new models")
    make_article(session, title="Second piece")
    session.commit()
    as_role("reviewer")
    page = client.get("/articles/").get_data(as_text=True)
    row = re.search(rf'<tr id="article-{first.id}">(.*?)</tr>', page, re.S).group(1)
    assert "First piece" in row and "Daily Example" in row
    assert '<td class="claim-count">2</td>' in row
    assert "2</span> unreviewed" in row
    assert "Second piece" in page


# --- adding and editing articles -------------------------------------------------------

ARTICLE_FORM = {
    "title": "Harbour traffic doubles",
    "url": "https://news.example.org/harbour",
    "author": "B. Writer",
    "publisher": "Port News",
    "published": "2024-03-01",
    "body": "Ships came in.\r\n\r\nTraffic doubled in 2023, the harbour master said.",
}


@pytest.mark.parametrize("role", ROLES_ALLOWED)
def test_an_editor_adds_an_article(client, as_role, session, role) -> None:
    as_role(role)
    response = post(client, "/articles/new", ARTICLE_FORM)
    assert response.status_code == 302
    article = session.scalar(sa.select(Article).where(Article.title == ARTICLE_FORM["title"]))
    assert response.location == f"/articles/{article.id}"
    assert article.body == "Ships came in.\n\nTraffic doubled in 2023, the harbour master said."
    assert article.published.isoformat() == "2024-03-01"
    assert article.publisher == "Port News"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "title is required"),
        ({"url": "ftp://news.example.org/x"}, "url", "must start with http:// or https://"),
        ({"body": "   "}, "body", "the article text is required"),
        ({"published": "next tuesday"}, "published", "Not a valid date value"),
    ],
)
def test_a_bad_article_is_refused_next_to_its_field(
    client, as_role, session, changes, field, message
) -> None:
    as_role("editor")
    data = ARTICLE_FORM | changes
    response = post(client, "/articles/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    errors = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', page, re.S)
    assert errors and message in unescape(errors.group(1))
    assert "B. Writer" in page and "Port News" in page  # typed text kept
    assert _count(session, Article) == 0


def test_the_same_text_cannot_come_in_twice(client, as_role, session, article) -> None:
    as_role("editor")
    response = post(client, "/articles/new", ARTICLE_FORM | {"body": article.body})
    assert response.status_code == 409
    assert f"already article {article.id}" in response.get_data(as_text=True)
    assert _count(session, Article) == 1


def test_posting_without_the_csrf_token_is_refused(client, as_role, session) -> None:
    as_role("editor")
    response = client.post("/articles/new", data=ARTICLE_FORM)
    assert response.status_code == 400
    assert _count(session, Article) == 0


def test_an_editor_changes_the_metadata(client, as_role, session, article) -> None:
    as_role("editor")
    page = client.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert 'value="Cloud figures"' in page
    response = post(
        client,
        f"/articles/{article.id}/edit",
        {
            "title": "Cloud figures, checked",
            "url": "https://example.org/c",
            "publisher": "X",
            "version": "1",
        },
    )
    assert response.status_code == 302
    session.refresh(article)
    assert (article.title, article.url, article.publisher) == (
        "Cloud figures, checked",
        "https://example.org/c",
        "X",
    )


def test_a_bad_edit_keeps_the_typed_text_and_changes_nothing(
    client, as_role, session, article
) -> None:
    as_role("editor")
    response = post(
        client,
        f"/articles/{article.id}/edit",
        {"title": "Renamed", "url": "javascript:alert(1)", "author": "New Author", "version": "1"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="Renamed"' in page and 'value="New Author"' in page
    assert "must start with http:// or https://" in page
    session.refresh(article)
    assert article.title == "Cloud figures" and article.author == "A. Writer"


# --- the article page ------------------------------------------------------------------


class _Pieces(HTMLParser):
    """Collect the text of every element carrying data-start inside the article text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[int, str]] = []
        self._open: list[int] | None = None
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") == "article-text":
            self._inside = True
        elif self._inside and "data-start" in attrs:
            self.pieces.append((int(attrs["data-start"]), ""))

    def handle_endtag(self, tag):
        if tag == "div" and self._inside:
            self._inside = False

    def handle_data(self, data):
        if self._inside and self.pieces:
            start, text = self.pieces[-1]
            self.pieces[-1] = (start, text + data)


def test_the_article_page_carries_every_character_at_its_offset(
    client, as_role, seeded, session
) -> None:
    article = session.scalar(sa.select(Article))
    as_role("editor")
    parser = _Pieces()
    parser.feed(client.get(f"/articles/{article.id}").get_data(as_text=True))
    assert parser.pieces
    position = 0
    for start, text in parser.pieces:
        assert start == position
        assert article.body[start : start + len(text)] == text
        position += len(text)
    assert position == len(article.body)


def test_the_article_page_highlights_every_seeded_claim(client, as_role, seeded, session):
    article = session.scalar(sa.select(Article))
    claims = session.scalars(sa.select(Claim).where(Claim.article_id == article.id)).all()
    assert len(claims) == 34
    as_role("reviewer")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    statuses = set()
    for claim in claims:
        css = verdict_class(claim.status, claim.rating.slug if claim.rating else None)
        statuses.add(css.split("-")[0])
        highlight = re.search(
            rf'<a href="/claims/{claim.id}" class="hl hl--{re.escape(css)}" '
            rf'data-start="{claim.quote_start}" data-claim="{claim.id}" id="claim-{claim.id}"',
            page,
        )
        assert highlight, f"claim {claim.id} is not highlighted as {css}"
        assert f'<li id="item-{claim.id}"' in page  # and listed beside the text
    assert {"verdict", "draft", "in", "unreviewed"} <= statuses
    assert 'class="hl hl--verdict-' in page


def test_the_article_page_links_reports_for_this_article(client, as_role, article) -> None:
    as_role("reviewer")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    for fmt in ("html", "pdf", "md", "csv", "json", "claimreview"):
        assert f'href="/reports/download/{fmt}?article={article.id}"' in page
    assert f'href="/reports/preview?article={article.id}"' in page


def test_text_in_the_article_is_escaped(client, as_role, session, members) -> None:
    article = make_article(session, body="Profits <b>rose</b> & fell.\n\nSecond <script>x</script>")
    make_claim(session, article, quote="<b>rose</b> & fell", summary="Profits rose")
    session.commit()
    as_role("reviewer")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "<b>rose" not in page and "<script>x" not in page
    assert "&lt;b&gt;rose&lt;/b&gt; &amp; fell</a>" in page


# --- layout of highlights --------------------------------------------------------------


class _Span:
    def __init__(self, id, start, end):
        self.id, self.quote_start, self.quote_end = id, start, end


def test_layout_keeps_paragraphs_and_every_character() -> None:
    body = "One two three.\n\nFour five.\nSix.\n \nSeven."
    layout = layout_body(body, [_Span(1, 4, 7), _Span(2, 10, 20)])
    assert "".join(p.text for b in layout.blocks for p in b.pieces) == body
    paragraphs = [b for b in layout.blocks if not b.is_break]
    assert [body[b.start : b.end] for b in paragraphs] == [
        "One two three.",
        "Four five.\nSix.",
        "Seven.",
    ]
    # span 2 crosses the paragraph break: two pieces, only the first one is "first"
    pieces = [p for b in layout.blocks for p in b.pieces if p.span and p.span.id == 2]
    assert [(p.text, p.first) for p in pieces] == [("ree.", True), ("Four", False)]


def test_layout_skips_overlapping_and_nested_highlights_but_reports_them() -> None:
    body = "abcdefghijklmnopqrstuvwxyz"
    spans = [_Span(1, 2, 10), _Span(2, 5, 8), _Span(3, 9, 14), _Span(4, 14, 16)]
    layout = layout_body(body, spans)
    assert layout.highlighted == {1, 4}
    assert layout.overlapping == {2: 1, 3: 1}
    assert "".join(p.text for b in layout.blocks for p in b.pieces) == body


# --- logging a claim -------------------------------------------------------------------


def _claim_form(**changes) -> dict:
    return {
        "quote": "130 new models",
        "summary": "The desk counted 130 new models",
        "text": "",
        "speaker": "",
        "occurrence": "",
        "start": "",
        "prefix": "",
        "suffix": "",
    } | changes


@pytest.mark.parametrize("role", ROLES_ALLOWED)
def test_an_editor_logs_a_claim_by_typing_its_words(client, as_role, session, article, role):
    as_role(role)
    response = post(client, f"/articles/{article.id}/claims/new", _claim_form())
    assert response.status_code == 302
    claim = session.scalar(sa.select(Claim).where(Claim.quote_exact == "130 new models"))
    assert response.location == f"/claims/{claim.id}"
    assert article.body[claim.quote_start : claim.quote_end] == "130 new models"
    assert claim.text == "130 new models"  # defaults to the quote
    assert claim.status is ClaimStatus.UNREVIEWED


def test_a_claim_from_a_selection_anchors_at_the_selected_occurrence(
    client, as_role, seeded, session
) -> None:
    article = session.scalar(sa.select(Article))
    body = article.body
    quote = "according to Pascal"
    starts = [m.start() for m in re.finditer(quote, body)]
    assert len(starts) > 1
    start = starts[1]
    as_role("editor")
    response = post(
        client,
        f"/articles/{article.id}/claims/new",
        _claim_form(
            quote=quote,
            summary="Attributed to Pascal",
            speaker="coppens",
            start=str(start),
            # browsers send line breaks as CRLF; the server must still match the context
            prefix=body[start - 32 : start].replace("\n", "\r\n"),
            suffix=body[start + len(quote) : start + len(quote) + 32].replace("\n", "\r\n"),
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    claim = session.scalar(sa.select(Claim).where(Claim.summary == "Attributed to Pascal"))
    assert (claim.quote_start, claim.quote_end) == (start, start + len(quote))
    assert body[claim.quote_start : claim.quote_end] == quote
    assert claim.quote_prefix == body[start - 32 : start]
    assert claim.speaker.name == "Pascal Coppens"


def test_the_context_wins_over_a_wrong_offset(client, as_role, seeded, session) -> None:
    article = session.scalar(sa.select(Article))
    body, quote = article.body, "according to Pascal"
    starts = [m.start() for m in re.finditer(quote, body)]
    target = starts[2]
    as_role("editor")
    response = post(
        client,
        f"/articles/{article.id}/claims/new",
        _claim_form(
            quote=quote,
            summary="Third mention",
            start=str(starts[0]),  # a stale offset; the context names the third mention
            prefix=body[target - 32 : target],
            suffix=body[target + len(quote) : target + len(quote) + 32],
        ),
    )
    assert response.status_code == 302
    claim = session.scalar(sa.select(Claim).where(Claim.summary == "Third mention"))
    assert claim.quote_start == target


def test_the_claim_form_is_prefilled_from_offsets(client, as_role, article) -> None:
    start = article.body.index("130 new models")
    as_role("editor")
    page = client.get(f"/articles/{article.id}/claims/new?start={start}&end={start + 14}").get_data(
        as_text=True
    )
    assert ">\r\n130 new models</textarea>" in page or ">130 new models</textarea>" in page
    assert f'name="start" type="hidden" value="{start}"' in page
    assert 'value="The desk counted "' in page  # the prefix


def test_a_typed_quote_that_occurs_twice_needs_its_occurrence(client, as_role, session, members):
    article = make_article(session, body="Sales rose. Then sales rose. Sales rose again.")
    session.commit()
    as_role("editor")
    path = f"/articles/{article.id}/claims/new"
    response = post(client, path, _claim_form(quote="Sales rose", summary="Sales rose"))
    assert response.status_code == 422
    assert "occurs 2 times" in unescape(response.get_data(as_text=True))
    response = post(client, path, _claim_form(quote="Sales rose", summary="x", occurrence="2"))
    assert response.status_code == 302
    claim = session.scalar(sa.select(Claim).where(Claim.article_id == article.id))
    assert claim.quote_start == article.body.rindex("Sales rose")


@pytest.mark.parametrize(
    ("changes", "field", "message", "status"),
    [
        ({"quote": "a sentence nobody wrote"}, "quote", "not in the article", 422),
        ({"quote": "Alibaba holds 80% of the cloud market"}, "quote", "already claim", 409),
        ({"summary": "s" * 76}, "summary", "at most 75 fit", 422),
        ({"summary": " "}, "summary", "summary is required", 422),
        ({"speaker": "Nobody Known"}, "speaker", "no speaker called", 422),
    ],
)
def test_a_bad_claim_is_refused_next_to_its_field(
    client, as_role, session, article, changes, field, message, status
) -> None:
    as_role("editor")
    before = _count(session, Claim)
    data = _claim_form(text="Typed claim text to keep") | changes
    response = post(client, f"/articles/{article.id}/claims/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == status
    errors = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', page, re.S)
    assert errors and message in unescape(errors.group(1))
    assert "Typed claim text to keep" in page
    assert _count(session, Claim) == before


def test_a_claim_post_without_csrf_is_refused(client, as_role, session, article) -> None:
    as_role("editor")
    response = client.post(f"/articles/{article.id}/claims/new", data=_claim_form())
    assert response.status_code == 400
    assert _count(session, Claim) == 1


def test_the_selection_form_is_offered_to_editors(client, as_role, article) -> None:
    as_role("editor")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert 'id="selection-form"' in page and 'id="selection-button"' in page
    assert "article.js" in page
    assert f'action="/articles/{article.id}/claims/new"' in page

"""The articles pages: list, add and edit, the highlighted text, logging claims in it."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from models import Article, Claim, ClaimStatus
from models.text.highlight import verdict_class

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
    # the flash holds with or without JavaScript (selecting words needs the script)
    page = client.get(response.location).get_data(as_text=True)
    assert "Article added: log its claims from its text." in page
    assert "Select words in it" not in page


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
    response = post(client, "/articles/new", ARTICLE_FORM | {"body": article.body + " "})
    assert response.status_code == 302  # to the article the desk holds already
    assert response.location == f"/articles/{article.id}"
    page = client.get(response.location).get_data(as_text=True)
    assert f"already article {article.id}" in page
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
        opener = re.search(
            rf'<a class="hl-open hl-open--{re.escape(css)}" href="/claims/{claim.id}" '
            rf'id="claim-{claim.id}" data-n="\d+"[^>]*></a><mark class="hl hl--[^"]*" '
            rf'data-start="{claim.quote_start}" data-claims="[^"]*\b{claim.id}\b',
            page,
        )
        assert opener, f"claim {claim.id} is not highlighted as {css}"
        assert f'<li id="item-{claim.id}"' in page  # and listed beside the text
    assert {"verdict", "draft", "in", "unreviewed"} <= statuses
    assert 'class="hl hl--verdict-' in page
    assert '<a class="hl ' not in page  # the words are marks, not links: a drag selects them


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
    assert "&lt;b&gt;rose&lt;/b&gt; &amp; fell</mark>" in page


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
    # back on the article, the new claim marked: the next one needs no walk back
    assert response.location == f"/articles/{article.id}?logged={claim.id}#claim-{claim.id}"
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


# --- logging one claim after another ---------------------------------------------------


def test_after_logging_the_article_marks_the_new_claim(client, as_role, session, article):
    as_role("editor")
    response = post(client, f"/articles/{article.id}/claims/new", _claim_form())
    claim = session.scalar(sa.select(Claim).where(Claim.quote_exact == "130 new models"))
    page = client.get(response.location.split("#")[0]).get_data(as_text=True)
    assert f"Claim {claim.id} logged: The desk counted 130 new models" in page  # the flash
    item = re.search(rf'<li id="item-{claim.id}" class="([^"]*)">(.*?)</li>', page, re.S)
    assert "claim-item--new" in item.group(1) and "Just logged" in item.group(2)
    assert f'href="/claims/{claim.id}"' in item.group(2)
    marks = re.findall(rf'<mark class="([^"]*)"[^>]*data-claims="{claim.id}"', page)
    assert marks and all("hl--new" in m for m in marks)
    assert page.count("hl--new") == len(marks)  # the older claim is not marked new
    # the selection form is offered again, empty, for the next claim
    assert 'id="selection-form"' in page and "130 new models</textarea>" not in page


def test_a_logged_value_that_is_not_a_claim_of_the_article_marks_nothing(
    client, as_role, session, article, members
) -> None:
    other = make_article(session, title="Other", body="Other words entirely.")
    elsewhere = make_claim(session, other, quote="Other words", summary="Elsewhere")
    session.commit()
    as_role("editor")
    page = client.get(f"/articles/{article.id}?logged={elsewhere.id}").get_data(as_text=True)
    assert "hl--new" not in page and "Just logged" not in page
    assert client.get(f"/articles/{article.id}?logged=x").status_code == 400


def test_overlapping_claims_are_both_marked_and_listed(client, as_role, session, article):
    inner = make_claim(session, article, quote="80%", summary="Eighty percent")
    session.commit()
    outer = session.scalar(sa.select(Claim).where(Claim.id != inner.id))
    assert outer.quote_start <= inner.quote_start < inner.quote_end <= outer.quote_end
    as_role("reviewer")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    for claim in (outer, inner):
        assert f'id="claim-{claim.id}"' in page  # each has its own opening link
    assert re.search(
        rf'<mark class="[^"]*hl--nested hl--depth-2"[^>]*'
        rf'data-claims="{outer.id} {inner.id}"[^>]*>80%</mark>',
        page,
    )
    item = re.search(rf'<li id="item-{inner.id}".*?</li>', page, re.S).group(0)
    assert f'Shares words with <a href="#claim-{outer.id}">claim 1</a>' in item


def test_without_javascript_the_page_points_at_the_typed_quote_form(client, as_role, article):
    as_role("editor")
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert re.search(r'<p class="hint select-hint" id="select-hint" hidden>Select words', page)
    typed = re.search(r'<p class="hint select-hint" id="typed-hint">(.*?)</p>', page, re.S)
    assert f'href="/articles/{article.id}/claims/new"' in typed.group(1)


# --- the typed-quote form --------------------------------------------------------------


def test_the_typed_quote_form_shows_the_article_text(client, as_role, article) -> None:
    as_role("editor")
    page = client.get(f"/articles/{article.id}/claims/new").get_data(as_text=True)
    text = re.search(r'<div class="article-text" id="article-text".*?</div>', page, re.S).group(0)
    plain = unescape(re.sub(r"<[^>]+>", "", text))
    assert plain == article.body


def test_typed_straight_quotes_and_hyphens_find_curly_ones(client, as_role, session, members):
    article = make_article(session, body="The mayor said “it’s done — finally”.\n\nThe end.")
    session.commit()
    as_role("editor")
    response = post(
        client,
        f"/articles/{article.id}/claims/new",
        _claim_form(quote='"it\'s  done - finally"', summary="Done"),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    claim = session.scalar(sa.select(Claim).where(Claim.article_id == article.id))
    assert claim.quote_exact == "“it’s done — finally”"
    assert article.body[claim.quote_start : claim.quote_end] == claim.quote_exact


def test_words_found_several_times_are_offered_as_a_choice(client, as_role, session, members):
    article = make_article(session, body="Sales rose. Then sales rose. Sales  rose again.")
    session.commit()
    as_role("editor")
    path = f"/articles/{article.id}/claims/new"
    response = post(client, path, _claim_form(quote="Sales rose", summary="Sales rose"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    chooser = re.search(
        r'<fieldset class="occurrences" id="occurrences">(.*?)</fieldset>', page, re.S
    )
    assert chooser, "no choice of occurrences"
    choices = re.findall(
        r'<input type="radio" name="occurrence" value="(\d)">\s*<span>\d\. <q>(.*?)</q>',
        chooser.group(1),
        re.S,
    )
    assert [value for value, _ in choices] == ["1", "2"]
    # each in its context, cut at whole words
    assert unescape(choices[0][1]) == "<mark>Sales rose</mark>. Then sales rose. Sales  rose…"
    assert unescape(choices[1][1]) == "Sales rose. Then sales rose. <mark>Sales  rose</mark> again."
    assert 'name="occurrence" type="number"' not in page  # the radios replace the number
    assert 'value="Sales rose"' in page or ">Sales rose</textarea>" in page  # typed text kept
    response = post(client, path, _claim_form(quote="Sales rose", summary="x", occurrence="2"))
    assert response.status_code == 302
    claim = session.scalar(sa.select(Claim).where(Claim.article_id == article.id))
    assert article.body[claim.quote_start : claim.quote_end] == "Sales  rose"


def test_words_not_found_show_the_closest_match(client, as_role, session, article) -> None:
    as_role("editor")
    response = post(
        client,
        f"/articles/{article.id}/claims/new",
        _claim_form(quote="130 new models were announced yesterday"),
    )
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "not in the article" in page
    closest = re.search(r'<p class="hint quote-closest" id="quote-closest">(.*?)</p>', page, re.S)
    assert closest, "no closest match shown"
    # the context is cut at a whole word, where the article goes on
    assert (
        "<q>The desk counted <mark>130 new models</mark> this summer. Alibaba holds 80%…</q>"
        in (closest.group(1))
    )

"""One article, one record: the same text near enough, or the same address, is recognised."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import Article, Role
from models.errors import Conflict, PermissionDenied
from models.intake import Document
from models.services.importing import Metadata, import_article
from models.services.intake import ArticleInput, DuplicateArticle, create_article, update_article
from models.text.fingerprint import body_fingerprint, fingerprint_text, url_key

from ..factories import make_article, make_user

BODY = (
    "Traffic doubled in 2023 \u2014 the \u201cbiggest\u201d rise, it\u2019s said.\n\nShips came in."
)


@pytest.mark.parametrize(
    "copy",
    [
        BODY + " ",  # the trailing space that used to make a second copy
        BODY + "\n",
        "  " + BODY,
        BODY.replace("\n\n", "\n \n\n"),
        BODY.replace(" ", "  "),
        BODY.replace(" ", "\u00a0"),
        BODY.replace("\u2014", "-").replace("\u201c", '"').replace("\u201d", '"'),
        BODY.replace("\u2019", "'").replace("\u2014", "\u2013"),
        BODY.replace("Traffic", "Traf\u00adfic"),  # a soft hyphen from a web page
    ],
)
def test_the_same_text_is_recognised(session, copy: str) -> None:
    first = make_article(session, title="Harbour", body=BODY)
    with pytest.raises(DuplicateArticle) as caught:
        make_article(session, title="Again", body=copy)
    refusal = caught.value
    assert isinstance(refusal, Conflict) and refusal.http_status == 409
    assert (refusal.article_id, refusal.title, refusal.same) == (first.id, "Harbour", "text")
    assert refusal.message == f"this text is already article {first.id}: Harbour"
    assert session.scalar(sa.select(sa.func.count()).select_from(Article)) == 1


@pytest.mark.parametrize(
    "different",
    [
        BODY.replace("2023", "2024"),
        BODY.replace("doubled", "Doubled"),
        BODY.replace(".", "!"),
        BODY + " More.",
    ],
)
def test_a_different_text_is_not_a_duplicate(session, different: str) -> None:
    make_article(session, body=BODY)
    make_article(session, body=different)


def test_the_fingerprint_evens_out_only_spacing_quotes_and_dashes() -> None:
    assert (
        fingerprint_text("  a\u2018b\u2019 \u201cc\u201d\n\n\u2013\u2014\u2212 d\t")
        == "a'b' \"c\" --- d"
    )
    assert body_fingerprint("a  b") == body_fingerprint("a b") != body_fingerprint("ab")


@pytest.mark.parametrize(
    "spelling",
    [
        "http://news.example.org/harbour",
        "https://www.news.example.org/harbour/",
        "https://NEWS.example.org/harbour?utm_source=feed&fbclid=1#top",
    ],
)
def test_the_same_address_is_recognised(session, spelling: str) -> None:
    first = make_article(session, title="Harbour", url="https://news.example.org/harbour")
    with pytest.raises(DuplicateArticle) as caught:
        make_article(session, title="Other", url=spelling)
    assert (caught.value.article_id, caught.value.same, caught.value.field) == (
        first.id,
        "url",
        "url",
    )
    assert url_key(spelling) == first.url_key


def test_another_address_is_not_a_duplicate(session) -> None:
    make_article(session, url="https://news.example.org/harbour")
    make_article(session, url="https://news.example.org/harbour?page=2")
    make_article(session, url="https://news.example.org/harbour-2")


def test_a_page_fetched_from_a_known_address_is_recognised(session) -> None:
    first = make_article(session, url="https://news.example.org/a")
    editor = make_user(session, Role.EDITOR)
    draft = Document(
        body="Fresh words.",
        title="T",
        canonical_url="https://news.example.org/canonical",
        source_url="https://news.example.org/a?utm_medium=email",
    )
    with pytest.raises(DuplicateArticle) as caught:
        import_article(session, draft, actor=editor)
    assert caught.value.article_id == first.id


def test_import_takes_the_editors_word_over_what_was_found(session) -> None:
    editor = make_user(session, Role.EDITOR)
    draft = Document(body="Words.", title="Found", author="Found A.", language="en")
    said = Metadata(title="Said", url="https://news.example.org/said")
    article = import_article(session, draft, actor=editor, metadata=said)
    assert (article.title, article.author, article.language) == ("Said", "Found A.", "en")
    assert article.url == "https://news.example.org/said"
    assert article.body_fingerprint == body_fingerprint("Words.")
    assert article.url_key == url_key("https://news.example.org/said")


def test_import_needs_an_editor(session) -> None:
    reviewer = make_user(session, Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        import_article(session, Document(body="Words.", title="T"), actor=reviewer)


def test_moving_an_article_to_another_ones_address_is_refused(session) -> None:
    first = make_article(session, url="https://news.example.org/a")
    second = make_article(session, url="https://news.example.org/b")
    change = ArticleInput(title=second.title, body="", url="http://www.news.example.org/a/")
    with pytest.raises(DuplicateArticle) as caught:
        update_article(session, second, change, actor=None)
    assert caught.value.article_id == first.id
    update_article(session, second, ArticleInput(title="B", body="", url=None), actor=None)
    assert second.url_key is None


def test_rows_inserted_without_the_service_get_their_fingerprint(session) -> None:
    # the demo desk and bulk loaders insert rows directly: the column defaults fill both
    session.execute(
        sa.insert(Article),
        [
            {
                "title": "Raw",
                "body": "Raw  text.",
                "body_sha256": "a" * 64,
                "url": "http://x.org/r/",
            },
            {"title": "Raw 2", "body": "Other text.", "body_sha256": "b" * 64, "url": None},
        ],
    )
    rows = session.scalars(sa.select(Article).order_by(Article.id)).all()
    assert rows[0].body_fingerprint == body_fingerprint("Raw text.")
    assert rows[0].url_key == url_key("https://x.org/r")
    assert rows[1].url_key is None
    with pytest.raises(DuplicateArticle):
        create_article(session, ArticleInput(title="T", body="Raw text."), actor=None)

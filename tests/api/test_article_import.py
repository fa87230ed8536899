"""POST /api/v1/articles: an article from its text or its address, once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import Article
from tests.pages import DATA, PageServer, html, serve

from ..factories import make_article
from .conftest import error_of

PATH = "/api/v1/articles"


@pytest.fixture
def server():
    yield from serve()


def _count(session) -> int:
    session.expire_all()
    return session.scalar(sa.select(sa.func.count()).select_from(Article))


def test_an_editor_adds_an_article_from_its_text(api, session) -> None:
    body = {
        "body": "Exports rose 4% in 2025.\r\n\r\nThe minister said so.  ",
        "title": "Exports",
        "author": "A. Writer",
        "published": "2026-01-02",
        "language": "EN-gb",
        "url": "https://news.example.org/exports?utm_source=x",
    }
    response = api.post(PATH, body, as_="editor")
    assert response.status_code == 201, response.get_json()
    record = response.get_json()
    assert response.headers["Location"] == f"{PATH}/{record['id']}"
    assert record["body"] == "Exports rose 4% in 2025.\n\nThe minister said so."
    assert (record["title"], record["language"], record["published"]) == (
        "Exports",
        "en-GB",
        "2026-01-02",
    )
    assert record["url"] == "https://news.example.org/exports"
    assert record["claim_ids"] == []
    assert api.get(response.headers["Location"]).status_code == 200


def test_markdown_and_html_bodies_are_read_as_such(api, session) -> None:
    md = api.post(
        PATH, {"body": "# Rates\n\nRates *held* at 4%.", "format": "markdown"}, as_="editor"
    )
    assert md.status_code == 201, md.get_json()
    assert (md.get_json()["title"], md.get_json()["body"]) == ("Rates", "Rates held at 4%.")
    page = (DATA / "bus-lanes.html").read_text()
    made = api.post(PATH, {"body": page, "format": "html"}, as_="editor")
    assert made.status_code == 201, made.get_json()
    record = made.get_json()
    assert record["title"] == "Council spends £2.4m on new bus lanes"
    assert "<p>" not in record["body"] and "Subscribe" not in record["body"]


def test_an_address_is_fetched(app, api, server: PageServer) -> None:
    app.config["FETCH_ALLOW_PRIVATE"] = True
    server.pages["/story"] = html((DATA / "bus-lanes.html").read_text())
    response = api.post(PATH, {"url": server.url("/story"), "title": "Buses"}, as_="editor")
    assert response.status_code == 201, response.get_json()
    record = response.get_json()
    assert record["title"] == "Buses"  # what the client says wins
    assert record["author"] == "Priya Natarajan"
    assert record["url"] == "https://gazette.example.org/news/2026/bus-lanes"


def test_the_desks_own_network_is_refused_fast(api, session, server: PageServer) -> None:
    server.pages["/story"] = html("<p>Inside</p>")
    for url in (
        server.url("/story"),
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://169.254.169.254/",
    ):
        response = api.post(PATH, {"url": url}, as_="editor")
        assert response.status_code == 422
        assert error_of(response)["field"] == "url"
        assert "FETCH_ALLOW_PRIVATE" in error_of(response)["message"]
    assert server.requests == [] and _count(session) == 0


def test_a_duplicate_answers_409_with_the_article(api, session) -> None:
    article = make_article(session, title="Harbour", body="Ships came in \u2014 \u201cmany\u201d.")
    session.commit()
    response = api.post(PATH, {"body": 'Ships  came in - "many". ', "title": "Again"}, as_="editor")
    assert response.status_code == 409
    answer = response.get_json()
    assert answer["error"]["field"] == "body"
    assert f"already article {article.id}: Harbour" in answer["error"]["message"]
    assert answer["article"] == {
        "id": article.id,
        "title": "Harbour",
        "href": f"{PATH}/{article.id}",
        "page": f"/articles/{article.id}",
    }
    same_url = api.post(
        PATH,
        {"body": "Other words.", "title": "T", "url": "http://www." + article.url[8:] + "/"},
        as_="editor",
    )
    assert same_url.status_code == 409 and same_url.get_json()["article"]["id"] == article.id
    assert error_of(same_url)["field"] == "url"
    assert _count(session) == 1


def test_bad_input_names_the_field(api, session) -> None:
    cases = [
        ({}, "body", "send the article's text as body, or its address as url"),
        ({"body": "Text."}, "title", "no title was found"),
        ({"body": "Text.", "title": "T", "format": "pdf"}, "format", "format is one of"),
        ({"body": "Text.", "title": "T", "published": "soon"}, "published", "YYYY-MM-DD"),
        ({"body": "Text.", "title": "T", "language": "english"}, "language", "not a language"),
        ({"body": "\x00\x01\x02\x03" * 20, "title": "T"}, "body", "binary data"),
        ({"url": "ftp://example.org/a"}, "url", "only http:// and https://"),
        ({"url": "https://no-such-host.invalid/a"}, "url", "could not be found"),
        ({"body": 5}, "body", "must be a string"),
    ]
    for body, field, message in cases:
        response = api.post(PATH, body, as_="editor")
        assert response.status_code == 422, (body, response.get_json())
        error = error_of(response)
        assert error["field"] == field, (body, error)
        assert message in error["message"], (body, error)
    assert _count(session) == 0


def test_a_body_past_the_import_limit_is_refused(app, api, session) -> None:
    app.config["IMPORT_MAX_BYTES"] = 1000
    response = api.post(PATH, {"body": "word " * 300, "title": "Long"}, as_="editor")
    assert response.status_code == 422
    assert "larger than 1 KB" in error_of(response)["message"]
    assert _count(session) == 0


def test_reviewers_may_not_add_articles(api, session) -> None:
    response = api.post(PATH, {"body": "Text.", "title": "T"}, as_="reviewer")
    assert response.status_code == 403
    assert response.get_json()["needed_role"] == "editor"
    assert _count(session) == 0

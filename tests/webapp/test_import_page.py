"""The Add article page's first step: a file or an address read, shown, then saved.

Pages are fetched from a server on 127.0.0.1 (tests/pages.py), never the internet.
"""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
import sqlalchemy as sa

from models import Article
from tests.pages import DATA, Page, PageServer, html, serve

from ..factories import make_article
from .conftest import post

TOKEN_FROM = "/articles/new"


@pytest.fixture
def server():
    yield from serve()


def _count(session) -> int:
    session.expire_all()
    return session.scalar(sa.select(sa.func.count()).select_from(Article))


def upload(client, name: str, data: bytes, **extra):
    """Send a file to the first step, as the browser's form does."""
    fields = {"file": (io.BytesIO(data), name), **extra}
    return post(
        client,
        "/articles/import",
        fields,
        token_from=TOKEN_FROM,
        content_type="multipart/form-data",
    )


def field_value(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*\bname="{name}"[^>]*\bvalue="([^"]*)"', page)
    return unescape(match.group(1)) if match else ""


def body_value(page: str) -> str:
    match = re.search(r'<textarea[^>]*name="body"[^>]*>\n?(.*?)</textarea>', page, re.S)
    assert match, "no body field"
    return unescape(match.group(1)).removeprefix("\r\n")


def test_the_page_offers_a_file_or_an_address(client, as_role) -> None:
    as_role("editor")
    page = client.get("/articles/new").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page and 'name="address"' in page
    assert 'name="body"' in page  # pasting still works


def test_a_saved_page_is_read_shown_and_then_added(client, as_role, session) -> None:
    as_role("editor")
    response = upload(client, "bus-lanes.html", (DATA / "bus-lanes.html").read_bytes())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Read from bus-lanes.html as html" in page
    assert field_value(page, "title") == "Council spends £2.4m on new bus lanes"
    assert field_value(page, "author") == "Priya Natarajan"
    assert field_value(page, "publisher") == "The Riverside Gazette"
    assert field_value(page, "published") == "2026-11-20"
    assert field_value(page, "language") == "en-GB"
    assert field_value(page, "url") == "https://gazette.example.org/news/2026/bus-lanes"
    body = body_value(page)
    assert body.startswith("The city council will spend £2.4 million")
    assert "\n\nAccording to the council's own figures" in body
    for dropped in ("do not keep this", "injected text", "Subscribe", "First!", "Privacy"):
        assert dropped not in body
    assert _count(session) == 0  # nothing saved by reading

    # the editor corrects the title, then adds it
    fields = {
        name: field_value(page, name)
        for name in ("url", "author", "publisher", "published", "language")
    }
    response = post(
        client,
        "/articles/new",
        fields | {"title": "Council's £2.4m bus lanes", "body": body},
        token_from=TOKEN_FROM,
    )
    assert response.status_code == 302
    article = session.scalar(sa.select(Article))
    assert article.title == "Council's £2.4m bus lanes"
    assert article.author == "Priya Natarajan" and article.language == "en-GB"
    assert article.body == body


def test_a_markdown_file_becomes_plain_text(client, as_role) -> None:
    as_role("editor")
    text = (
        b"# Rates held\n\nThe bank **held** rates at [4.5%](https://x.example).\n\n- one\n- two\n"
    )
    page = upload(client, "rates.md", text).get_data(as_text=True)
    assert field_value(page, "title") == "Rates held"
    assert body_value(page) == "The bank held rates at 4.5%.\n\n- one\n- two"


def test_markup_in_an_article_stays_text(client, as_role) -> None:
    as_role("editor")
    page_html = (
        "<html><head><title>Tags &lt;b&gt;</title></head><body><article>"
        "<p>The law bans the &lt;script&gt; tag in adverts, the regulator said on Monday "
        "after 1,200 complaints.</p><p>Another paragraph about &lt;img onerror&gt; markup "
        "in newsletters, which 40% of readers open.</p></article></body></html>"
    )
    page = upload(client, "tags.html", page_html.encode()).get_data(as_text=True)
    assert "<script>" not in page.split("<form", 1)[1]
    assert "&lt;script&gt; tag" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty.txt is empty"),
        ("blank.txt", b"  \n\n ", "blank.txt is empty"),
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3", "is a PDF document, not text"),
        ("photo.html", b"\x89PNG\r\n\x1a\n" + bytes(40), "is a PNG image"),
        ("latin.txt", "Caf\xe9 prices rose".encode("latin-1"), "is not UTF-8"),
        (
            "odd.html",
            b'<meta charset="x-klingon"><p>Words</p>',
            "an encoding the desk does not know",
        ),
        (
            "nav.html",
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
            "no article text",
        ),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    client, as_role, session, name, data, message
) -> None:
    as_role("editor")
    response = upload(client, name, data)
    assert response.status_code == 422
    assert message in unescape(response.get_data(as_text=True))
    assert _count(session) == 0


def test_a_file_past_the_import_limit_is_refused(app, client, as_role, session) -> None:
    app.config["IMPORT_MAX_BYTES"] = 2000
    as_role("editor")
    response = upload(client, "long.txt", b"word " * 1000)
    assert response.status_code == 422
    assert "long.txt is larger than 2 KB, the most the desk reads" in response.get_data(
        as_text=True
    )
    assert _count(session) == 0


def test_an_address_is_fetched_and_shown(app, client, as_role, server: PageServer) -> None:
    app.config["FETCH_ALLOW_PRIVATE"] = True
    server.pages["/story"] = html((DATA / "bus-lanes.html").read_text())
    as_role("editor")
    response = post(
        client, "/articles/import", {"address": server.url("/story")}, token_from=TOKEN_FROM
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert field_value(page, "title") == "Council spends £2.4m on new bus lanes"
    assert body_value(page).startswith("The city council")


@pytest.mark.parametrize(
    ("path", "page", "message"),
    [
        ("/gone", None, "no page at that address"),
        ("/error", Page(b"x", status=500), "server error (500)"),
        ("/file.pdf", Page(b"%PDF", headers={"Content-Type": "application/pdf"}), "not an article"),
    ],
)
def test_an_address_that_fails_says_why(
    app, client, as_role, session, server: PageServer, path, page, message
) -> None:
    app.config["FETCH_ALLOW_PRIVATE"] = True
    if page is not None:
        server.pages[path] = page
    as_role("editor")
    response = post(
        client, "/articles/import", {"address": server.url(path)}, token_from=TOKEN_FROM
    )
    assert response.status_code == 422
    assert message in unescape(response.get_data(as_text=True))
    assert _count(session) == 0


def test_the_desks_own_network_is_refused_by_default(client, as_role, server: PageServer) -> None:
    server.pages["/story"] = html("<p>Secret intranet page</p>")
    as_role("editor")
    response = post(
        client, "/articles/import", {"address": server.url("/story")}, token_from=TOKEN_FROM
    )
    assert response.status_code == 422
    assert "FETCH_ALLOW_PRIVATE" in response.get_data(as_text=True)
    assert server.requests == []


def test_nothing_chosen_is_explained(client, as_role) -> None:
    as_role("editor")
    response = post(client, "/articles/import", {"address": " "}, token_from=TOKEN_FROM)
    assert response.status_code == 422
    assert "Choose a file, or give the article" in response.get_data(as_text=True)


def test_an_article_already_there_is_opened_instead(client, as_role, session) -> None:
    article = make_article(session, title="Harbour", body="Traffic doubled in 2023.\n\nIt did.")
    session.commit()
    as_role("editor")
    # curly quotes, a dash and other spaces: still the same text
    response = upload(client, "copy.txt", b"  Traffic doubled in 2023.  \n\n\nIt did. ")
    assert response.status_code == 302
    assert response.location == f"/articles/{article.id}"
    page = client.get(response.location).get_data(as_text=True)
    assert f"Nothing added: this text is already article {article.id}: Harbour" in page
    assert _count(session) == 1


def test_a_pasted_copy_with_a_trailing_space_goes_to_the_first(client, as_role, session) -> None:
    as_role("editor")
    data = {"title": "Harbour", "body": "Ships came in \u2014 \u201cmany\u201d of them."}
    assert post(client, "/articles/new", data, token_from=TOKEN_FROM).status_code == 302
    first = session.scalar(sa.select(Article))
    again = {"title": "Harbour again", "body": 'Ships came in - "many" of them. '}
    response = post(client, "/articles/new", again, token_from=TOKEN_FROM)
    assert response.status_code == 302 and response.location == f"/articles/{first.id}"
    assert _count(session) == 1


def test_reviewers_cannot_import(client, as_role) -> None:
    as_role("reviewer")
    response = upload(client, "a.txt", b"Some text.")
    assert response.status_code == 403


def test_an_upload_may_pass_the_request_limit_up_to_the_import_limit(
    app, client, as_role, session
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 3000
    app.config["IMPORT_MAX_BYTES"] = 20_000
    as_role("editor")
    response = upload(client, "long.txt", b"Long story\n\n" + b"word " * 2000)
    assert response.status_code == 200
    assert body_value(response.get_data(as_text=True)).count("word") == 2000
    assert client.post("/articles/new", data={"body": "x" * 5000}).status_code == 413

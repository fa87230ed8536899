"""`claimdesk import PATH_OR_URL`: files and addresses, flags over what was found, once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import Article, Role
from tests.pages import DATA, PageServer, html, serve

from ..factories import make_article, make_user


@pytest.fixture
def server():
    yield from serve()


@pytest.fixture
def editor(session):
    user = make_user(session, Role.EDITOR, username="eddie")
    session.commit()
    return user


def _articles(session) -> list[Article]:
    session.expire_all()
    return list(session.scalars(sa.select(Article).order_by(Article.id)))


def test_a_saved_page_is_imported_with_the_flags_winning(runner, session, editor) -> None:
    result = runner.invoke(
        args=[
            "import",
            str(DATA / "bus-lanes.html"),
            "--as",
            "eddie",
            "--title",
            "Bus lanes: £2.4m",
            "--published",
            "2026-11-21",
            "--language",
            "en",
        ]
    )
    assert result.exit_code == 0, result.output
    [article] = _articles(session)
    assert result.output.strip() == f"added article {article.id}: Bus lanes: £2.4m (html, 94 words)"
    assert article.title == "Bus lanes: £2.4m"
    assert article.published.isoformat() == "2026-11-21" and article.language == "en"
    assert article.author == "Priya Natarajan"  # found, not overridden
    assert article.created_by_id == editor.id


def test_a_second_import_names_the_first_and_exits_3(runner, session, editor, tmp_path) -> None:
    article = make_article(
        session, title="Harbour", body="Traffic doubled \u2014 \u201cfast\u201d."
    )
    session.commit()
    copy = tmp_path / "copy.txt"
    copy.write_text('Traffic  doubled - "fast". \n', encoding="utf-8")
    result = runner.invoke(args=["import", str(copy), "--as", "eddie", "--title", "Copy"])
    assert result.exit_code == 3
    assert result.output.strip() == f"already article {article.id}: Harbour"
    assert len(_articles(session)) == 1


def test_an_address_is_fetched(app, runner, session, editor, server: PageServer) -> None:
    app.config["FETCH_ALLOW_PRIVATE"] = True
    server.pages["/story"] = html((DATA / "bus-lanes.html").read_text())
    result = runner.invoke(args=["import", server.url("/story"), "--as", "eddie"])
    assert result.exit_code == 0, result.output
    [article] = _articles(session)
    assert article.url == "https://gazette.example.org/news/2026/bus-lanes"


def test_the_only_admin_acts_when_nobody_is_named(runner, session, tmp_path) -> None:
    admin = make_user(session, Role.ADMIN, username="ada")
    session.commit()
    path = tmp_path / "note.md"
    path.write_text("# A note\n\nSome words.", encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert _articles(session)[0].created_by_id == admin.id


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", [], "is empty"),
        (b"%PDF-1.4", [], "is a PDF document"),
        ("d\xe9j\xe0".encode("latin-1"), [], "is not UTF-8"),
        (
            b"Words without a title line.",
            [],
            "no title was found in the article: give it one (--title)",
        ),
        (b"Some text.", ["--published", "soon"], "'soon' does not match the format"),
        (b"Some text.", ["--title", "T", "--language", "english"], "not a language tag"),
        (b"Some text.", ["--title", "T", "--as", "nobody"], "no active member 'nobody'"),
    ],
)
def test_refusals_write_nothing(runner, session, editor, tmp_path, content, args, message) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    arguments = ["import", str(path), *args]
    if "--as" not in args:
        arguments += ["--as", "eddie"]
    result = runner.invoke(args=arguments)
    assert result.exit_code in (1, 2), result.output
    assert message in result.output
    assert _articles(session) == []


def test_a_reviewer_may_not_import(runner, session, tmp_path) -> None:
    make_user(session, Role.REVIEWER, username="rita")
    session.commit()
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nText.", encoding="utf-8")
    result = runner.invoke(args=["import", str(path), "--as", "rita"])
    assert result.exit_code == 1
    assert _articles(session) == []


def test_a_private_address_is_refused_without_the_setting(runner, session, editor) -> None:
    result = runner.invoke(args=["import", "http://127.0.0.1:8/x", "--as", "eddie"])
    assert result.exit_code == 1
    assert "loopback" in result.output and "FETCH_ALLOW_PRIVATE" in result.output


def test_a_file_past_the_limit_is_refused_before_reading(app, runner, session, editor, tmp_path):
    app.config["IMPORT_MAX_BYTES"] = 100
    path = tmp_path / "big.txt"
    path.write_text("Title\n\n" + "word " * 100, encoding="utf-8")
    result = runner.invoke(args=["import", str(path), "--as", "eddie"])
    assert result.exit_code == 1
    assert "big.txt is 507 bytes; the desk reads articles up to 100 bytes" in result.output

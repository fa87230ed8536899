"""Migration 0010: every article gets its fingerprint and address key; near-copies stay."""

from __future__ import annotations

import datetime as dt
import hashlib

import sqlalchemy as sa

from models import migrate
from models.db import make_engine
from models.text.fingerprint import body_fingerprint, url_key

ARTICLES = [
    ("Harbour", "Ships came in \u2014 \u201cmany\u201d.", "https://www.news.example.org/h/"),
    ("Harbour copy", 'Ships came in - "many". ', "http://news.example.org/h?utm_source=x"),
    ("No address", "Other words.", None),
    ("Odd address", "Third text.", "not an address"),
]


def _insert_articles(connection: sa.Connection) -> None:
    now = dt.datetime.now(dt.UTC)
    for title, body, url in ARTICLES:
        connection.execute(
            sa.text(
                "INSERT INTO articles (title, body, body_sha256, url, created_at, version) "
                "VALUES (:title, :body, :sha, :url, :now, 1)"
            ),
            {
                "title": title,
                "body": body,
                "sha": hashlib.sha256(body.encode()).hexdigest(),
                "url": url,
                "now": now,
            },
        )


def test_upgrade_fills_both_columns_and_downgrade_removes_them(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    try:
        migrate.upgrade(engine, "0009")
        with engine.begin() as connection:
            _insert_articles(connection)
        migrate.upgrade(engine, "0010")
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT title, body_fingerprint, url_key FROM articles ORDER BY id")
            ).all()
        assert [tuple(row) for row in rows] == [
            (title, body_fingerprint(body), url_key(url)) for title, body, url in ARTICLES
        ]
        assert rows[0].body_fingerprint == rows[1].body_fingerprint  # near-copies: both kept
        assert rows[0].url_key == rows[1].url_key is not None
        assert rows[2].url_key is None and rows[3].url_key is None
        indexes = {ix["name"] for ix in sa.inspect(engine).get_indexes("articles")}
        assert {"ix_articles_body_fingerprint", "ix_articles_url_key"} <= indexes
        columns = {c["name"]: c for c in sa.inspect(engine).get_columns("articles")}
        assert columns["body_fingerprint"]["nullable"] is False

        migrate.downgrade(engine, "0009")
        columns = {c["name"] for c in sa.inspect(engine).get_columns("articles")}
        assert not {"body_fingerprint", "url_key"} & columns
        with engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT count(*) FROM articles")) == len(ARTICLES)

        migrate.upgrade(engine)  # and up again, to the head
        with engine.connect() as connection:
            filled = connection.scalar(
                sa.text("SELECT count(*) FROM articles WHERE length(body_fingerprint) = 64")
            )
        assert filled == len(ARTICLES)
    finally:
        engine.dispose()


def _article_triggers(engine: sa.Engine) -> set[str]:
    if engine.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles'"
    else:
        query = (
            "SELECT DISTINCT trigger_name FROM information_schema.triggers "
            "WHERE event_object_table = 'articles'"
        )
    with engine.connect() as connection:
        return set(connection.scalars(sa.text(query)))


def test_the_articles_triggers_survive_0010(any_db_url: str) -> None:
    # plain ALTER TABLE, no batch copy: the search triggers of 0005 stay on articles
    engine = make_engine(any_db_url)
    try:
        migrate.upgrade(engine, "0009")
        before = _article_triggers(engine)
        assert before
        migrate.upgrade(engine, "0010")
        assert _article_triggers(engine) == before
        migrate.downgrade(engine, "0009")
        assert _article_triggers(engine) == before
    finally:
        engine.dispose()

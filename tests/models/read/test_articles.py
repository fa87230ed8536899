"""models.read.articles: the API's pages of articles and the article picker."""

from __future__ import annotations

import sqlalchemy as sa

from models.read.articles import article_choices, articles_after


def test_articles_after_pages_by_id_without_bodies(session, desk) -> None:
    session.expunge_all()
    first = articles_after(session, after_id=None, limit=1)
    assert [a.id for a in first] == [desk.one.id]
    assert "body" in sa.inspect(first[0]).unloaded
    assert [a.id for a in articles_after(session, after_id=desk.one.id, limit=5)] == [desk.two.id]
    assert articles_after(session, after_id=desk.two.id, limit=5) == []


def test_article_choices_are_id_and_title_newest_first(session, desk) -> None:
    assert article_choices(session) == [
        (desk.two.id, "The economy"),
        (desk.one.id, "Cloud and models"),
    ]

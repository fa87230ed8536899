"""Reading articles: keyset pages for the API and the short list a filter offers."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.article import Article
from .paging import rows_after


def articles_after(session: orm.Session, *, after_id: int | None, limit: int) -> list[Article]:
    """Return up to `limit` articles with an id above `after_id`, without their bodies."""
    return rows_after(
        session, Article, after_id=after_id, limit=limit, options=(orm.defer(Article.body),)
    )


def article_choices(session: orm.Session) -> list[tuple[int, str]]:
    """Return every article as (id, title), newest first."""
    return [
        (row.id, row.title)
        for row in session.execute(sa.select(Article.id, Article.title).order_by(Article.id.desc()))
    ]

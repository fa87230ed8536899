"""The short lists a filter bar or a form offers to choose from (id and label only)."""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy import orm

from .article import Article, Speaker
from .source import Source
from .user import User


def articles(session: orm.Session) -> list[tuple[int, str]]:
    """Return every article as (id, title), newest first."""
    return [
        (row.id, row.title)
        for row in session.execute(sa.select(Article.id, Article.title).order_by(Article.id.desc()))
    ]


def speakers(session: orm.Session) -> list[tuple[int, str]]:
    """Return every speaker as (id, name), by name."""
    return [
        (row.id, row.name)
        for row in session.execute(sa.select(Speaker.id, Speaker.name).order_by(Speaker.name))
    ]


def members(session: orm.Session) -> list[tuple[int, str]]:
    """Return the active desk members as (id, display name), by name."""
    return [
        (row.id, row.display_name)
        for row in session.execute(
            sa.select(User.id, User.display_name)
            .where(User.active.is_(True))
            .order_by(User.display_name, User.id)
        )
    ]


def sources(session: orm.Session, *, exclude: Collection[int] = ()) -> list[tuple[int, str]]:
    """Return the recorded sources as (id, "title — publisher"), by title."""
    stmt = sa.select(Source.id, Source.title, Source.publisher).order_by(Source.title, Source.id)
    if exclude:
        stmt = stmt.where(Source.id.not_in(list(exclude)))
    return [
        (row.id, f"{row.title} — {row.publisher}" if row.publisher else row.title)
        for row in session.execute(stmt)
    ]

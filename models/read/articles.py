"""Reading articles: keyset pages for the API and the article list, the articles with the
newest activity, and the matches an article picker offers."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.claim_event import ClaimEvent
from .keyset import Cursor, KeysetPage, Order, keyset_page
from .matching import LOOKUP_LIMIT, Match, find_by_words
from .paging import rows_after

# The newest audit events the dashboard reads to find the articles people work on.
EVENTS_READ = 500


def articles_after(session: orm.Session, *, after_id: int | None, limit: int) -> list[Article]:
    """Return up to `limit` articles with an id above `after_id`, without their bodies."""
    return rows_after(
        session, Article, after_id=after_id, limit=limit, options=(orm.defer(Article.body),)
    )


# The article list: newest added first.
NEWEST = Order("newest", (Article.id,), descending=True)
# What a list shows of an article: never its body.
LISTED = (Article.id, Article.title, Article.publisher, Article.published)


def article_page(
    session: orm.Session,
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    limit: int = 25,
) -> KeysetPage[Article]:
    """Return one page of the articles, newest added first, without their bodies."""
    return keyset_page(
        session,
        sa.select(Article).where(Article.withdrawn_at.is_(None)),
        NEWEST,
        limit=limit,
        after=after,
        before=before,
        finish=lambda stmt: stmt.options(orm.load_only(*LISTED)),
    )


def articles_by_id(session: orm.Session, ids: list[int]) -> list[Article]:
    """Return the articles with these ids (without bodies) in the order given."""
    if not ids:
        return []
    stmt = (
        sa.select(Article)
        .where(Article.id.in_(ids), Article.withdrawn_at.is_(None))
        .options(orm.load_only(*LISTED))
    )
    found = {article.id: article for article in session.scalars(stmt)}
    return [found[i] for i in ids if i in found]


def article_choices(session: orm.Session) -> list[tuple[int, str]]:
    """Return every article as (id, title), newest first."""
    return [
        (row.id, row.title)
        for row in session.execute(
            sa.select(Article.id, Article.title)
            .where(Article.withdrawn_at.is_(None))
            .order_by(Article.id.desc())
        )
    ]


def recently_active(session: orm.Session, *, limit: int = 10) -> list[int]:
    """Return the ids of the `limit` articles with the newest activity, newest first.

    An article's activity is its newest audit event, or its arrival on the desk. Both
    come from an index walked from its newest end: the last EVENTS_READ events across
    the desk, and the newest articles added. An article whose claims saw no change
    among those events counts by its arrival only.
    """
    newest_events = (
        sa.select(Claim.article_id, ClaimEvent.created_at)
        .join(Claim, Claim.id == ClaimEvent.claim_id)
        .order_by(ClaimEvent.created_at.desc(), ClaimEvent.id.desc())
        .limit(EVENTS_READ)
        .subquery()
    )
    last_change = sa.func.max(newest_events.c.created_at)
    by_article = (
        sa.select(newest_events.c.article_id, last_change)
        .group_by(newest_events.c.article_id)
        .order_by(last_change.desc())
        .limit(limit)
    )
    latest: dict[int, dt.datetime] = {
        article_id: at for article_id, at in session.execute(by_article)
    }
    arrivals = sa.select(Article.id, Article.created_at).order_by(Article.id.desc()).limit(limit)
    for article_id, at in session.execute(arrivals):
        if article_id not in latest or latest[article_id] < at:
            latest[article_id] = at
    ranked = sorted(latest.items(), key=lambda item: (item[1], item[0]), reverse=True)
    return [article_id for article_id, _ in ranked[:limit]]


def find_articles(session: orm.Session, typed: str, *, limit: int = LOOKUP_LIMIT) -> list[Match]:
    """Return the articles a picker offers for `typed`: the id it names, then those whose
    title, author or publisher has words starting with each typed word, newest first."""
    return find_by_words(
        session, "articles", typed, lambda ids: articles_by_id(session, ids), _match, limit=limit
    )


def _match(article: Article) -> Match:
    when = f" ({article.published.isoformat()})" if article.published else ""
    return Match(article.id, f"{article.title}{when}")

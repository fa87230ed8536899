"""Which claims a report covers, fetched in article order without loading them all."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy import orm

from ..read.claim_filter import ClaimFilter
from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.source import ClaimSource

BATCH = 500


def articles_in(session: orm.Session, claim_filter: ClaimFilter) -> Iterator[Article]:
    """Yield the articles the filter touches, oldest first."""
    stmt = sa.select(Article).order_by(Article.id)
    if claim_filter.article_id is not None:
        stmt = stmt.where(Article.id == claim_filter.article_id)
    yield from session.scalars(stmt)


def claims_of(session: orm.Session, article: Article, claim_filter: ClaimFilter) -> Iterator[Claim]:
    """Yield the article's claims under the filter in reading order, a batch at a time.

    Sources, speaker and rating come with each batch (selectinload), so the number of
    statements grows with batches, not with claims.
    """
    stmt = claim_filter.apply(
        sa.select(Claim)
        .where(Claim.article_id == article.id)
        .order_by(Claim.quote_start, Claim.id)
        .options(
            orm.selectinload(Claim.sources).joinedload(ClaimSource.source),
            orm.joinedload(Claim.speaker),
            orm.joinedload(Claim.rating),
        )
        .execution_options(yield_per=BATCH)
    )
    for partition in session.scalars(stmt).partitions():
        yield from partition
        for claim in partition:
            session.expunge(claim)

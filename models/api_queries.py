"""Reading for the JSON API: keyset pages of every collection, loaded without N+1 queries.

Every list is ordered by id and continues after the last id a client saw, so a client
walking the pages neither skips nor repeats a row while others add rows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import orm

from .article import Article, Speaker
from .claim import Claim, Comment, Rating
from .enums import ClaimStatus
from .queries import ClaimFilter, claims_after
from .source import ClaimSource, Source

T = TypeVar("T", Article, Source, Speaker)


def _after(
    session: orm.Session,
    model: type[T],
    *,
    after_id: int | None,
    limit: int,
    options: tuple[Any, ...] = (),
) -> list[T]:
    stmt = sa.select(model).order_by(model.id).limit(limit)
    if after_id is not None:
        stmt = stmt.where(model.id > after_id)
    return list(session.scalars(stmt.options(*options)).unique())


def articles_after(session: orm.Session, *, after_id: int | None, limit: int) -> list[Article]:
    """Return up to `limit` articles with an id above `after_id`, without their bodies."""
    return _after(
        session, Article, after_id=after_id, limit=limit, options=(orm.defer(Article.body),)
    )


def sources_after(session: orm.Session, *, after_id: int | None, limit: int) -> list[Source]:
    """Return up to `limit` sources with an id above `after_id`."""
    return _after(session, Source, after_id=after_id, limit=limit)


def speakers_after(session: orm.Session, *, after_id: int | None, limit: int) -> list[Speaker]:
    """Return up to `limit` speakers with an id above `after_id`, with their aliases."""
    return _after(
        session,
        Speaker,
        after_id=after_id,
        limit=limit,
        options=(orm.selectinload(Speaker.aliases),),
    )


def claim_page(
    session: orm.Session, claim_filter: ClaimFilter, *, after_id: int | None, limit: int
) -> list[Claim]:
    """Return one keyset page of filtered claims with their linked sources loaded.

    The page comes from `claims_after` (the list's own filter); the links and their
    sources then arrive in one more statement instead of one per claim.
    """
    claims = claims_after(session, claim_filter, after_id=after_id, limit=limit)
    if not claims:
        return claims
    links: dict[int, list[ClaimSource]] = defaultdict(list)
    stmt = (
        sa.select(ClaimSource)
        .where(ClaimSource.claim_id.in_([c.id for c in claims]))
        .order_by(ClaimSource.id)
        .options(orm.joinedload(ClaimSource.source))
    )
    for link in session.scalars(stmt):
        links[link.claim_id].append(link)
    for claim in claims:
        orm.attributes.set_committed_value(claim, "sources", links[claim.id])
    return claims


def load_claim(session: orm.Session, claim_id: int) -> Claim | None:
    """Return one claim with everything its full record shows, or None."""
    return session.scalar(
        sa.select(Claim)
        .where(Claim.id == claim_id)
        .options(
            orm.joinedload(Claim.speaker),
            orm.joinedload(Claim.rating),
            orm.joinedload(Claim.assignee),
            orm.joinedload(Claim.proposed_by),
            orm.joinedload(Claim.approved_by),
            orm.joinedload(Claim.article).load_only(Article.id, Article.title),
            orm.selectinload(Claim.sources).joinedload(ClaimSource.source),
            orm.selectinload(Claim.sources).joinedload(ClaimSource.added_by),
            orm.selectinload(Claim.comments).joinedload(Comment.author),
        )
    )


def claim_ids_of_article(session: orm.Session, article_id: int) -> list[int]:
    """Return the ids of the article's claims in reading order."""
    return list(
        session.scalars(
            sa.select(Claim.id)
            .where(Claim.article_id == article_id)
            .order_by(Claim.quote_start, Claim.id)
        )
    )


def status_counts(session: orm.Session, *, article_id: int) -> dict[str, int]:
    """Return how many of the article's claims are in each workflow status."""
    rows = session.execute(
        sa.select(Claim.status, sa.func.count())
        .where(Claim.article_id == article_id)
        .group_by(Claim.status)
    )
    return {status.value: count for status, count in rows}


def claim_ids_of_speaker(session: orm.Session, speaker_id: int) -> list[int]:
    """Return the ids of the speaker's claims, oldest first."""
    return list(
        session.scalars(
            sa.select(Claim.id).where(Claim.speaker_id == speaker_id).order_by(Claim.id)
        )
    )


def verdict_record(session: orm.Session, *, speaker_id: int) -> dict[str, int]:
    """Return how many of the speaker's approved verdicts carry each rating slug."""
    rows = session.execute(
        sa.select(Rating.slug, sa.func.count())
        .join(Claim, Claim.rating_id == Rating.id)
        .where(Claim.speaker_id == speaker_id, Claim.status == ClaimStatus.APPROVED)
        .group_by(Rating.slug)
    )
    return {slug: count for slug, count in rows}


def links_of_source(session: orm.Session, source_id: int) -> list[ClaimSource]:
    """Return the claims a source is linked to, with stance and excerpt, by claim id."""
    return list(
        session.scalars(
            sa.select(ClaimSource)
            .where(ClaimSource.source_id == source_id)
            .order_by(ClaimSource.claim_id)
        )
    )

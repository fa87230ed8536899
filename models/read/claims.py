"""Reading claims: the filtered list, keyset pages, one claim's full record, an article's
or a speaker's claims, and the relations each list loads with its claims."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.comment import Comment
from ..tables.source import ClaimSource
from .claim_filter import ClaimFilter
from .paging import Page, clamp_page, count_rows

# sort name: ORDER BY columns (always ending in a unique column, so pages are stable)
SORTS: dict[str, tuple[Any, ...]] = {
    "position": (Claim.article_id, Claim.quote_start, Claim.id),
    "updated": (Claim.updated_at.desc(), Claim.id.desc()),
    "created": (Claim.created_at.desc(), Claim.id.desc()),
    "status": (Claim.status, Claim.updated_at.desc(), Claim.id.desc()),
    "id": (Claim.id,),
}
READING_ORDER = (Claim.quote_start, Claim.id)  # within one article


def with_list_relations(stmt: sa.Select) -> sa.Select:
    """Load what a row of a claim list shows: speaker, verdict, assignee, article title.

    A list needs the article's title, never its whole body.
    """
    return stmt.options(
        orm.joinedload(Claim.speaker),
        orm.joinedload(Claim.rating),
        orm.joinedload(Claim.assignee),
        orm.joinedload(Claim.article).load_only(Article.id, Article.title),
    )


def full_record() -> tuple[orm.interfaces.LoaderOption, ...]:
    """Return the loader options for everything one claim's page or API record shows."""
    return (
        orm.joinedload(Claim.article).load_only(
            Article.id, Article.title, Article.url, Article.publisher, Article.published
        ),
        orm.joinedload(Claim.speaker),
        orm.joinedload(Claim.rating),
        orm.joinedload(Claim.assignee),
        orm.joinedload(Claim.proposed_by),
        orm.joinedload(Claim.approved_by),
        orm.selectinload(Claim.sources).joinedload(ClaimSource.source),
        orm.selectinload(Claim.sources).joinedload(ClaimSource.added_by),
        orm.selectinload(Claim.comments).joinedload(Comment.author),
    )


def load_claim(session: orm.Session, claim_id: int) -> Claim | None:
    """Return one claim with everything its full record shows, or None."""
    return session.scalar(sa.select(Claim).where(Claim.id == claim_id).options(*full_record()))


def list_claims(
    session: orm.Session,
    claim_filter: ClaimFilter,
    *,
    sort: str = "position",
    page: int = 1,
    per_page: int = 50,
) -> Page[Claim]:
    """Return one page of the filtered claims, in the chosen order.

    A page past the last (a shared link to a list that has since shrunk) is the last one.
    """
    order = SORTS.get(sort, SORTS["position"])
    base = claim_filter.apply(sa.select(Claim))
    total = count_rows(session, base)
    page = clamp_page(page, total, per_page)
    stmt = with_list_relations(base.order_by(*order).limit(per_page).offset((page - 1) * per_page))
    return Page(
        items=list(session.scalars(stmt).unique()), total=total, page=page, per_page=per_page
    )


def claims_after(
    session: orm.Session, claim_filter: ClaimFilter, *, after_id: int | None, limit: int
) -> list[Claim]:
    """Return up to `limit` filtered claims with an id above `after_id`, in id order.

    Keyset pagination: new claims get higher ids, so a client walking the cursor
    neither skips nor repeats a claim while others are being added.
    """
    stmt = claim_filter.apply(sa.select(Claim))
    if after_id is not None:
        stmt = stmt.where(Claim.id > after_id)
    stmt = with_list_relations(stmt.order_by(Claim.id).limit(limit))
    return list(session.scalars(stmt).unique())


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


def article_claims(session: orm.Session, article_id: int) -> list[Claim]:
    """Return the article's claims in reading order, with speaker, verdict and assignee."""
    stmt = sa.select(Claim).where(Claim.article_id == article_id).order_by(*READING_ORDER)
    return list(session.scalars(with_list_relations(stmt)))


def speaker_claims(session: orm.Session, speaker_id: int) -> list[Claim]:
    """Return the speaker's claims, by article and reading order."""
    stmt = (
        sa.select(Claim)
        .where(Claim.speaker_id == speaker_id)
        .order_by(Claim.article_id, *READING_ORDER)
    )
    return list(session.scalars(with_list_relations(stmt)))


def claim_ids_of_article(session: orm.Session, article_id: int) -> list[int]:
    """Return the ids of the article's claims in reading order."""
    return list(
        session.scalars(
            sa.select(Claim.id).where(Claim.article_id == article_id).order_by(*READING_ORDER)
        )
    )


def claim_ids_of_speaker(session: orm.Session, speaker_id: int) -> list[int]:
    """Return the ids of the speaker's claims, oldest first."""
    return list(
        session.scalars(
            sa.select(Claim.id).where(Claim.speaker_id == speaker_id).order_by(Claim.id)
        )
    )

"""How far the desk has come: claim counts by status and by verdict, per article and in all.

For the dashboard, the article pages, the API's article record and the report's summary.
Every figure comes from a grouped query; no claim is loaded to be counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.claim_counts import ClaimTally
from ..tables.enums import ClaimStatus
from ..tables.rating import Rating
from .claim_filter import ClaimFilter

PROPOSED_KEY = "proposed"  # verdict bar: proposed, not yet approved
NO_VERDICT_KEY = "none"  # verdict bar: no verdict at all


def _by_status(*keys: Any) -> sa.Select:
    """SELECT `keys`, status, count of claims, grouped by `keys` and status."""
    return sa.select(*keys, Claim.status, sa.func.count(Claim.id)).group_by(*keys, Claim.status)


def status_counts(
    session: orm.Session, claim_filter: ClaimFilter | None = None
) -> dict[ClaimStatus, int]:
    """Return how many of the filtered claims are in each status (a status with none: absent)."""
    stmt = _by_status()
    if claim_filter is not None:
        stmt = claim_filter.apply(stmt)
    return {status: count for status, count in session.execute(stmt)}


@dataclass(frozen=True)
class Segment:
    """One coloured part of a progress bar: what it counts, and how many."""

    key: str  # a status value, a rating slug, PROPOSED_KEY or NO_VERDICT_KEY
    label: str
    count: int


@dataclass
class Progress:
    """Claim counts of one article (or of the whole desk), by status and by verdict."""

    total: int = 0
    by_status: dict[ClaimStatus, int] = field(default_factory=dict)
    approved_by_rating: dict[str, int] = field(default_factory=dict)
    proposed: int = 0

    def status_segments(self) -> list[Segment]:
        """Return the status bar: one segment per workflow state, in workflow order."""
        return [Segment(s.value, s.label, self.by_status.get(s, 0)) for s in ClaimStatus]

    def verdict_segments(self, ratings: list[Rating]) -> list[Segment]:
        """Return the verdict bar: approved verdicts by rating, then drafts, then none."""
        segments = [
            Segment(r.slug, r.label, self.approved_by_rating.get(r.slug, 0)) for r in ratings
        ]
        approved = sum(self.approved_by_rating.values())
        segments.append(Segment(PROPOSED_KEY, "Proposed, not approved", self.proposed))
        segments.append(
            Segment(NO_VERDICT_KEY, "No verdict yet", self.total - approved - self.proposed)
        )
        return segments

    def count(self, status: ClaimStatus, slug: str | None, claims: int) -> None:
        """Count `claims` more claims in `status` with the verdict `slug` (None: none)."""
        self.total += claims
        self.by_status[status] = self.by_status.get(status, 0) + claims
        if status is ClaimStatus.APPROVED and slug is not None:
            self.approved_by_rating[slug] = self.approved_by_rating.get(slug, 0) + claims
        elif status is ClaimStatus.VERDICT_PROPOSED:
            self.proposed += claims

    @property
    def done(self) -> int:
        """Return how many claims have an approved verdict."""
        return self.by_status.get(ClaimStatus.APPROVED, 0)


@dataclass
class ArticleProgress:
    """An article's list entry: its metadata (never its body) and its counts."""

    id: int
    title: str
    publisher: str | None
    published: dt.date | None
    progress: Progress


def progress_of(session: orm.Session, article_ids: Collection[int]) -> dict[int, Progress]:
    """Return the claim counts of each of these articles (an article without claims: empty).

    One grouped statement however many articles are asked for. It reads only those
    articles' claims, through the article index: a condition on the status here would
    lead SQLite to walk the status index, across every claim of the desk, instead.
    """
    counts: dict[int, Progress] = {article_id: Progress() for article_id in article_ids}
    if not counts:
        return counts
    stmt = (
        sa.select(Claim.article_id, Claim.status, Rating.slug, sa.func.count())
        .outerjoin(Rating, Claim.rating_id == Rating.id)
        .where(Claim.article_id.in_(list(counts)), Claim.withdrawn_at.is_(None))
        .group_by(Claim.article_id, Claim.status, Rating.slug)
    )
    for article_id, status, slug, count in session.execute(stmt):
        counts[article_id].count(status, slug, count)
    return counts


def article_progress(session: orm.Session, articles: Sequence[Article]) -> list[ArticleProgress]:
    """Return these articles (loaded without their bodies), in order, with their counts."""
    counts = progress_of(session, [article.id for article in articles])
    return [
        ArticleProgress(a.id, a.title, a.publisher, a.published, counts[a.id]) for a in articles
    ]


def desk_totals(session: orm.Session) -> Progress:
    """Return the whole desk's claim counts by status and by verdict.

    Read from the tallies the database keeps (a few rows), not by counting every claim.
    """
    total = Progress()
    stmt = (
        sa.select(ClaimTally.status, Rating.slug, ClaimTally.claims)
        .outerjoin(Rating, Rating.id == ClaimTally.rating_id)
        .where(ClaimTally.claims > 0)
    )
    for status, slug, count in session.execute(stmt):
        total.count(status, slug, count)
    return total

"""How far the desk has come: claim counts by status and by verdict, per article and in all.

For the dashboard, the article pages, the API's article record and the report's summary.
Every figure comes from a grouped query; no claim is loaded to be counted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.article import Article
from ..tables.claim import Claim
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

    @property
    def done(self) -> int:
        """Return how many claims have an approved verdict."""
        return self.by_status.get(ClaimStatus.APPROVED, 0)

    def add(self, other: Progress) -> None:
        """Add another article's counts to these."""
        self.total += other.total
        self.proposed += other.proposed
        for status, count in other.by_status.items():
            self.by_status[status] = self.by_status.get(status, 0) + count
        for slug, count in other.approved_by_rating.items():
            self.approved_by_rating[slug] = self.approved_by_rating.get(slug, 0) + count


@dataclass
class ArticleProgress:
    """An article's list entry: its metadata (never its body) and its counts."""

    id: int
    title: str
    publisher: str | None
    published: dt.date | None
    progress: Progress


def article_progress(session: orm.Session, article_id: int | None = None) -> list[ArticleProgress]:
    """Return every article (or one) with its claim counts, newest publication first."""
    articles = sa.select(Article.id, Article.title, Article.publisher, Article.published)
    by_status = _by_status(Claim.article_id)
    by_rating = (
        sa.select(Claim.article_id, Claim.status, Rating.slug, sa.func.count())
        .join(Rating, Claim.rating_id == Rating.id)
        .where(Claim.status.in_([ClaimStatus.APPROVED, ClaimStatus.VERDICT_PROPOSED]))
        .group_by(Claim.article_id, Claim.status, Rating.slug)
    )
    if article_id is not None:
        articles = articles.where(Article.id == article_id)
        by_status = by_status.where(Claim.article_id == article_id)
        by_rating = by_rating.where(Claim.article_id == article_id)

    counts: dict[int, Progress] = defaultdict(Progress)
    for aid, status, count in session.execute(by_status):
        counts[aid].by_status[status] = count
        counts[aid].total += count
    for aid, status, slug, count in session.execute(by_rating):
        if status is ClaimStatus.APPROVED:
            counts[aid].approved_by_rating[slug] = count
        else:
            counts[aid].proposed += count

    rows = session.execute(
        articles.order_by(Article.published.desc().nulls_last(), Article.id.desc())
    )
    return [
        ArticleProgress(id, title, publisher, published, counts.get(id, Progress()))
        for id, title, publisher, published in rows
    ]


def desk_progress(articles: list[ArticleProgress]) -> Progress:
    """Return the whole desk's counts, summed from the per-article counts."""
    total = Progress()
    for article in articles:
        total.add(article.progress)
    return total

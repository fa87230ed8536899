"""The fact-check report as plain data, shared by every format.

A report has a small head, built with a few aggregate queries (summary counts, the
rating scale, the corrections log), and a body that is streamed (`body.iter_articles`):
articles one by one, each with its claims in reading order, read in batches from two
ordered queries (`selection`). Formats turn `ClaimView`s into text; none of them holds
more than one batch of rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from ..errors import ValidationError
from ..read.claim_filter import NO_RATING, ClaimFilter
from ..read.progress import status_counts
from ..read.ratings import get_rating, list_ratings, scale_bounds
from ..tables.article import Article
from ..tables.base import utcnow
from ..tables.claim import Claim
from ..tables.correction import Correction
from ..tables.enums import ClaimStatus
from ..tables.speaker import Speaker
from ..tables.user import User

DEFAULT_BASE_URL = "https://factcheck.example.org/reports"
DEFAULT_ORGANISATION = "Claimdesk"
# How every page, report and document names the speaker of a claim that has none.
NO_SPEAKER = "No speaker"
# What a report says of a claim whose words the article's current text no longer holds.
LOST_NOTE = (
    "not in the article's current text: these words stood in an earlier revision and "
    "were not found when the text was replaced"
)


@dataclass(frozen=True)
class ReportOptions:
    """What a report covers and how it presents itself.

    `now` freezes the report's clock (tests and reproducible builds); `base_url` is the
    address where the published HTML report lives, so claim `#claim-ID` anchors and
    ClaimReview `url`s point into it.
    """

    claim_filter: ClaimFilter = field(default_factory=ClaimFilter)
    include_drafts: bool = False
    now: dt.datetime | None = None
    base_url: str = DEFAULT_BASE_URL
    organisation_name: str = DEFAULT_ORGANISATION
    organisation_url: str | None = None
    bom: bool = False  # CSV only: start with a UTF-8 byte order mark for spreadsheets

    def generated_at(self) -> dt.datetime:
        """Return the report's timestamp (the frozen clock, or now)."""
        return self.now or utcnow()

    def claim_url(self, claim_id: int) -> str:
        """Return the public address of one claim inside the published report."""
        return f"{self.base_url}#claim-{claim_id}"


@dataclass(slots=True)  # not frozen: see ClaimView
class SourceView:
    """One source as it bears on one claim."""

    title: str
    url: str
    publisher: str | None
    published: dt.date | None
    kind: str
    archive_url: str | None
    stance: str
    excerpt: str | None


@dataclass(slots=True)  # not frozen: see ClaimView
class VerdictView:
    """The verdict a report shows: approved, or a proposed one marked as a draft."""

    slug: str
    label: str
    value: int | None
    description: str
    explanation: str | None
    draft: bool


@dataclass(slots=True)
class ClaimView:
    """Everything a report prints about one claim, detached from the session.

    Made once per claim of an export that may hold a million, so it is a plain slotted
    dataclass: a frozen one's __init__ costs about ten times more. Treat it as read-only.
    """

    id: int
    article_id: int
    anchor: str
    text: str
    summary: str
    quote: str
    quote_prefix: str
    quote_suffix: str
    quote_start: int
    quote_end: int
    speaker: str | None
    speaker_same_as: str | None
    speaker_type: str  # schema.org type: "Person" or "Organization"
    status: str
    status_label: str
    verdict: VerdictView | None
    rating_slug: str | None  # whatever rating is stored, shown or not (the JSON contract)
    proposed_by: str | None
    proposed_at: dt.datetime | None
    approved_by: str | None
    approved_at: dt.datetime | None
    sources: tuple[SourceView, ...]
    # Words a replaced text no longer holds: the quote (and its stored context) is from
    # an earlier revision, and its offsets point past any text's end.
    lost: bool = False


@dataclass(frozen=True)
class ArticleView:
    """An article's metadata, without its claims."""

    id: int
    title: str
    url: str | None
    author: str | None
    publisher: str | None
    published: dt.date | None
    language: str | None  # a BCP 47 tag ("en"), or None when nobody has said
    body: str | None  # read only for the formats that print it (JSON)
    claim_count: int  # claims of this article the report covers
    revision: int = 1  # which revision of the text the report covers (1: as brought in)
    revised_at: dt.datetime | None = None  # when that revision replaced the one before

    @property
    def revision_note(self) -> str:
        """Return which text the report covers, for a revised article; "" otherwise."""
        if self.revision <= 1:
            return ""
        since = f", in use since {self.revised_at:%Y-%m-%d}" if self.revised_at else ""
        return f"revision {self.revision} (corrected after publication{since})"


@dataclass(frozen=True)
class CorrectionView:
    """One entry of the public corrections log."""

    claim_id: int
    claim_summary: str
    reason: str
    previous_rating: str | None
    new_rating: str | None
    created_at: dt.datetime
    resolved_at: dt.datetime | None


@dataclass(frozen=True)
class RatingView:
    """One step of the verdict scale, for the methodology section."""

    slug: str
    label: str
    value: int | None
    description: str


@dataclass(frozen=True)
class Count:
    """A labelled number for the summary tables and chart."""

    key: str
    label: str
    count: int
    draft: int = 0


@dataclass
class ReportHead:
    """The parts of the report computed before the claims are streamed."""

    title: str
    generated_at: dt.datetime
    options: ReportOptions
    filter_params: dict[str, Any]
    total_claims: int
    by_status: list[Count]
    by_verdict: list[Count]
    ratings: list[RatingView]
    corrections: list[CorrectionView]
    worst: int | None
    best: int | None
    article_count: int
    # criteria held as ids, as a reader knows them: speaker name, member display name
    filter_names: dict[str, str] = field(default_factory=dict)


def parse_status(value: str | None) -> ClaimStatus | None:
    """Return the status named by `value`, refusing an unknown one with the valid names."""
    if value in (None, ""):
        return None
    try:
        return ClaimStatus(value.strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        valid = ", ".join(s.value for s in ClaimStatus)
        raise ValidationError(
            f"unknown status {value!r}; choose one of {valid}", field="status"
        ) from None


def parse_rating(session: orm.Session, value: str | None) -> str | None:
    """Return the rating slug named by `value` (or NO_RATING), refusing an unknown one."""
    if value in (None, ""):
        return None
    value = value.strip().lower()
    if value == NO_RATING:
        return NO_RATING
    try:
        return get_rating(session, value).slug
    except ValidationError as exc:
        raise ValidationError(
            f"{exc.message} (or {NO_RATING!r} for no verdict)", field="rating"
        ) from None


def build_head(session: orm.Session, options: ReportOptions) -> ReportHead:
    """Compute the report's head: title, summary counts, rating scale and corrections."""
    claim_filter = options.claim_filter
    status_rows = status_counts(session, claim_filter)
    by_status = [Count(s.value, s.label, status_rows.get(s, 0)) for s in ClaimStatus]
    shown = [ClaimStatus.APPROVED]
    if options.include_drafts:
        shown.append(ClaimStatus.VERDICT_PROPOSED)
    verdict_rows = session.execute(
        claim_filter.apply(
            sa.select(Claim.rating_id, Claim.status, sa.func.count(Claim.id))
            .where(Claim.status.in_(shown))
            .group_by(Claim.rating_id, Claim.status)
        )
    ).all()
    approved: dict[int, int] = {}
    drafts: dict[int, int] = {}
    for rating_id, status, count in verdict_rows:
        target = approved if status is ClaimStatus.APPROVED else drafts
        target[rating_id] = target.get(rating_id, 0) + count
    scale = list_ratings(session)
    by_verdict = [Count(r.slug, r.label, approved.get(r.id, 0), drafts.get(r.id, 0)) for r in scale]
    corrections = [
        CorrectionView(
            claim_id=c.claim_id,
            claim_summary=c.claim.summary,
            reason=c.reason,
            previous_rating=c.previous_rating.label if c.previous_rating else None,
            new_rating=c.new_rating.label if c.new_rating else None,
            created_at=c.created_at,
            resolved_at=c.resolved_at,
        )
        for c in session.scalars(
            claim_filter.apply(
                sa.select(Correction)
                .join(Correction.claim)
                .options(
                    orm.contains_eager(Correction.claim).load_only(Claim.id, Claim.summary),
                    orm.joinedload(Correction.previous_rating),
                    orm.joinedload(Correction.new_rating),
                )
                .order_by(Correction.created_at, Correction.id)
            )
        )
    ]
    worst, best = scale_bounds(session)
    total_claims, article_count = session.execute(
        claim_filter.apply(
            sa.select(sa.func.count(Claim.id), sa.func.count(sa.distinct(Claim.article_id)))
        )
    ).one()
    return ReportHead(
        title=_title(session, claim_filter),
        generated_at=options.generated_at(),
        options=options,
        filter_params=claim_filter.as_params(),
        total_claims=total_claims,
        by_status=by_status,
        by_verdict=by_verdict,
        ratings=[RatingView(r.slug, r.label, r.value, r.description) for r in scale],
        corrections=corrections,
        worst=worst,
        best=best,
        article_count=article_count,
        filter_names=_filter_names(session, claim_filter),
    )


def _filter_names(session: orm.Session, claim_filter: ClaimFilter) -> dict[str, str]:
    """Return the speaker's name and the assignee's display name a filter names by id."""
    names: dict[str, str] = {}
    if claim_filter.speaker_id is not None:
        speaker = session.scalar(
            sa.select(Speaker.name).where(Speaker.id == claim_filter.speaker_id)
        )
        if speaker:
            names["speaker_id"] = speaker
    if claim_filter.assignee_id is not None:
        member = session.scalar(
            sa.select(User.display_name).where(User.id == claim_filter.assignee_id)
        )
        if member:
            names["assignee_id"] = member
    return names


def _title(session: orm.Session, claim_filter: ClaimFilter) -> str:
    if claim_filter.article_id is not None:
        title = session.scalar(
            sa.select(Article.title).where(Article.id == claim_filter.article_id)
        )
        if title:
            return f"Fact-check: {title}"
    return "Fact-check report"

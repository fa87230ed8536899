"""Which claims a list, an API page or a report is about: one filter for every channel."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.claim import Claim
from ..tables.enums import ClaimStatus, Stance
from ..tables.rating import Rating
from ..tables.source import ClaimSource
from ..tables.speaker import SpeakerAlias, alias_key
from ..text.inputs import clean_plain
from .search import check_search, claim_condition

NO_RATING = "none"  # the rating filter's value for "no verdict yet"
WITHDRAWN_READ_CAP = 10_000  # withdrawn claims read by id before counts count them directly


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims a list, an API page or a report is about; None means any."""

    article_id: int | None = None
    speaker_id: int | None = None
    speaker: str | None = None  # a name or alias, resolved case-insensitively
    status: ClaimStatus | None = None
    rating: str | None = None  # a rating slug, or NO_RATING
    assignee_id: int | None = None
    unassigned: bool = False
    stance: Stance | None = None  # has at least one source with this stance
    text: str | None = None  # words in the claim, its speaker's names or its article's title
    ids: tuple[int, ...] | None = None  # these claims only (a selection on the claim list)
    # False: claims in use, as every list, queue and report shows; True: withdrawn ones
    withdrawn: bool = False

    def __post_init__(self) -> None:
        # Every list, API page and report is built on a ClaimFilter: checked here, no
        # channel can search with words the databases would refuse or choke on.
        check_search(self.text)
        for field, value in (("speaker", self.speaker), ("rating", self.rating)):
            if value is not None:
                clean_plain(value, field)

    def apply(self, stmt: sa.Select) -> sa.Select:
        """Narrow a SELECT over Claim to this filter (claims in use, unless `withdrawn`)."""
        # One condition on the claim's own row: withdrawing an article withdraws its
        # claims (models.services.withdrawals), so no list joins the articles for it.
        if self.withdrawn:
            stmt = stmt.where(Claim.withdrawn_at.is_not(None))
        else:
            stmt = stmt.where(Claim.withdrawn_at.is_(None))
        return self.apply_criteria(stmt)

    def apply_criteria(self, stmt: sa.Select) -> sa.Select:
        """Narrow a SELECT over Claim to every criterion but `withdrawn`: withdrawn claims
        and claims in use alike (for counts that take the withdrawn ones off apart)."""
        if self.ids is not None:
            stmt = stmt.where(Claim.id.in_(self.ids))
        if self.article_id is not None:
            stmt = stmt.where(Claim.article_id == self.article_id)
        if self.speaker_id is not None:
            stmt = stmt.where(Claim.speaker_id == self.speaker_id)
        if self.speaker:
            # Compared with the one speaker the name points at (a value found once), so an
            # index on speaker_id serves the name as it serves an id.
            named = sa.select(SpeakerAlias.speaker_id).where(
                SpeakerAlias.alias_key == alias_key(self.speaker)
            )
            stmt = stmt.where(Claim.speaker_id == named.scalar_subquery())
        if self.status is not None:
            stmt = stmt.where(Claim.status == self.status)
        if self.rating == NO_RATING:
            stmt = stmt.where(Claim.rating_id.is_(None))
        elif self.rating:
            rated = sa.select(Rating.id).where(Rating.slug == self.rating)
            stmt = stmt.where(Claim.rating_id == rated.scalar_subquery())
        if self.assignee_id is not None:
            stmt = stmt.where(Claim.assignee_id == self.assignee_id)
        if self.unassigned:
            stmt = stmt.where(Claim.assignee_id.is_(None))
        if self.stance is not None:
            stmt = stmt.where(Claim.sources.any(ClaimSource.stance == self.stance))
        if self.text:
            stmt = stmt.where(claim_condition(self.text))
        return stmt

    def is_empty(self) -> bool:
        """Tell whether no criterion is set."""
        return self == ClaimFilter()

    def as_params(self) -> dict[str, Any]:
        """Return the set criteria as plain values (for URLs and report headers)."""
        params: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, False, ""):
                if isinstance(value, tuple):
                    value = ",".join(map(str, value))
                params[f.name] = value.value if hasattr(value, "value") else value
        return params

    def with_(self, **changes: Any) -> ClaimFilter:
        """Return a copy with some criteria changed."""
        return replace(self, **changes)


def withdrawn_claim_ids(session: orm.Session, cap: int = WITHDRAWN_READ_CAP) -> list[int] | None:
    """Return the ids of the withdrawn claims, or None when there are more than `cap`.

    Read from the withdrawn_at index alone (it holds withdrawn claims only: few on a
    working desk). A count that reads an index on other columns takes these off
    afterwards: asking `withdrawn_at IS NULL` in the count itself would make the
    database visit the table row of every claim counted.
    """
    stmt = sa.select(Claim.id).where(Claim.withdrawn_at.is_not(None)).limit(cap + 1)
    ids = list(session.scalars(stmt))
    return None if len(ids) > cap else ids

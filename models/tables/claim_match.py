"""Claim matches: an earlier claim that may say what a claim says, until an editor decides.

Matching (models.read.similar) runs when a claim is logged, accepted from a suggestion
or edited, and keeps one row per pair it finds: the newer claim (claim_id), the earlier
one (other_claim_id), the score, and its state. An editor confirms or rejects it; a
rejected pair is kept as a "no", so matching again never brings it back.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, UTCDateTime, created_at, enum_column, intpk

if TYPE_CHECKING:
    from .claim import Claim
    from .user import User


class MatchState(enum.StrEnum):
    """Where a match stands."""

    SUGGESTED = "suggested"  # found by matching, waiting for an editor
    CONFIRMED = "confirmed"  # the same claim
    REJECTED = "rejected"  # another claim


class ClaimMatch(Base):
    """An earlier claim that possibly says the same thing as a claim, and its score."""

    __tablename__ = "claim_matches"

    id: orm.Mapped[intpk]
    claim_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"))
    other_claim_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("claims.id", ondelete="CASCADE"), index=True
    )
    score: orm.Mapped[float] = orm.mapped_column(sa.Float)
    state: orm.Mapped[MatchState] = orm.mapped_column(
        enum_column(MatchState, "match_state"), default=MatchState.SUGGESTED
    )
    decided_by_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: orm.Mapped[dt.datetime | None] = orm.mapped_column(UTCDateTime())
    created_at: orm.Mapped[created_at]

    claim: orm.Mapped[Claim] = orm.relationship(foreign_keys=[claim_id])
    other: orm.Mapped[Claim] = orm.relationship(foreign_keys=[other_claim_id])
    decided_by: orm.Mapped[User | None] = orm.relationship()

    __table_args__ = (
        sa.UniqueConstraint("claim_id", "other_claim_id"),
        sa.CheckConstraint("claim_id <> other_claim_id", "not_itself"),
        sa.CheckConstraint("score >= 0 AND score <= 1", "score_range"),
    )

    def __repr__(self) -> str:
        return f"<ClaimMatch {self.claim_id}~{self.other_claim_id} {self.state} {self.score}>"

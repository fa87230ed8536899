"""Claim suggestions: the words claim detection proposes as check-worthy, until decided.

Detection (models.detection) reads an article and scores its sentences; each candidate
is stored here with its place in the body, the speaker it was attributed to and the
reasons for its score, so an editor can judge it at a glance. Accepting one makes a
claim (and points at it); dismissing one keeps the row as a "no". Decided rows are kept
for good: running detection again skips every text the article already has a row for,
so what an editor decided never comes back.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, UTCDateTime, created_at, enum_column, intpk

if TYPE_CHECKING:
    from .article import Article
    from .claim import Claim
    from .user import User


class SuggestionState(enum.StrEnum):
    """Where a suggestion stands."""

    OPEN = "open"  # waiting for an editor
    ACCEPTED = "accepted"  # became a claim
    DISMISSED = "dismissed"  # judged not worth checking


class ClaimSuggestion(Base):
    """A span of an article that detection proposes as a claim, with its reasons."""

    __tablename__ = "claim_suggestions"

    id: orm.Mapped[intpk]
    article_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("articles.id", ondelete="CASCADE")
    )
    quote_start: orm.Mapped[int]
    quote_end: orm.Mapped[int]
    exact: orm.Mapped[str] = orm.mapped_column(sa.Text)
    # The words in a canonical form (models.services.suggestions.text_key): one row per
    # text and article, whatever its state, is how decisions are remembered.
    text_key: orm.Mapped[str] = orm.mapped_column(sa.String(64))
    speaker_name: orm.Mapped[str | None] = orm.mapped_column(sa.String(200))
    speaker_reason: orm.Mapped[str | None] = orm.mapped_column(sa.String(300))
    score: orm.Mapped[float] = orm.mapped_column(sa.Float)
    # [{"signal", "weight", "evidence"}, ...] as detection gave them
    reasons: orm.Mapped[list[dict[str, Any]]] = orm.mapped_column(sa.JSON)
    state: orm.Mapped[SuggestionState] = orm.mapped_column(
        enum_column(SuggestionState, "suggestion_state"), default=SuggestionState.OPEN
    )
    claim_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey("claims.id", ondelete="SET NULL")
    )
    decided_by_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: orm.Mapped[dt.datetime | None] = orm.mapped_column(UTCDateTime())
    created_at: orm.Mapped[created_at]

    article: orm.Mapped[Article] = orm.relationship()
    claim: orm.Mapped[Claim | None] = orm.relationship()
    decided_by: orm.Mapped[User | None] = orm.relationship()

    __table_args__ = (
        sa.UniqueConstraint("article_id", "text_key"),
        sa.Index("ix_claim_suggestions_article_state", "article_id", "state", "quote_start"),
        sa.CheckConstraint("quote_start >= 0 AND quote_end > quote_start", "span"),
        sa.CheckConstraint("score >= 0 AND score <= 1", "score_range"),
    )

    @property
    def is_open(self) -> bool:
        return self.state is SuggestionState.OPEN

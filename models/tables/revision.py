"""Article revisions: the texts an article had before its text was replaced.

An article's text is replaced when the publisher corrects it (models.services.revisions).
The text it had until then is kept here, with who replaced it, when and why, and each
claim's place in it (`ClaimPlacement`), so any earlier revision can be shown with its
claims where they stood then. Rows are written once and never changed.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, UTCDateTime, intpk, utcnow

if TYPE_CHECKING:
    from .article import Article
    from .claim import Claim
    from .user import User


class AnchorMethod(enum.StrEnum):
    """How a claim found its words again in a replaced text (or an editor placed it)."""

    EXACT = "exact"  # the same words with the same context around them
    MOVED = "moved"  # the same words, found by themselves (their context changed)
    FUZZY = "fuzzy"  # words close enough to the old ones (a score says how close)
    LOST = "lost"  # nothing close enough: the claim keeps its old words, unplaced
    # A lost claim an editor placed again by selecting its words in the current text
    # (models.services.revisions.place_lost_claim). Values fit claims.anchor_method's
    # five characters, so a new one needs no migration.
    HAND = "hand"

    @property
    def label(self) -> str:
        """Return the method as the pages say it."""
        return {
            "exact": "Found exactly",
            "moved": "Found by its words",
            "fuzzy": "Found with changes",
            "lost": "Lost",
            "hand": "Placed by hand",
        }[self.value]


class ArticleRevision(Base):
    """The text an article had before a replacement: revision `number` of the article."""

    __tablename__ = "article_revisions"

    id: orm.Mapped[intpk]
    article_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("articles.id", ondelete="CASCADE")
    )
    number: orm.Mapped[int]  # 1 is the text as first brought in
    body: orm.Mapped[str] = orm.mapped_column(sa.Text)
    body_sha256: orm.Mapped[str] = orm.mapped_column(sa.String(64))
    # An old text is still this article's: importing it again names this article
    # (models.services.intake.find_duplicate).
    body_fingerprint: orm.Mapped[str] = orm.mapped_column(sa.String(64), index=True)
    # When this text became the article's (the article's creation, or the replacement before)
    began_at: orm.Mapped[dt.datetime] = orm.mapped_column(UTCDateTime())
    # Who replaced it, when and why
    replaced_by_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    replaced_at: orm.Mapped[dt.datetime] = orm.mapped_column(UTCDateTime(), default=utcnow)
    reason: orm.Mapped[str] = orm.mapped_column(sa.Text)

    article: orm.Mapped[Article] = orm.relationship()
    replaced_by: orm.Mapped[User | None] = orm.relationship()
    placements: orm.Mapped[list[ClaimPlacement]] = orm.relationship(
        back_populates="revision", order_by="(ClaimPlacement.quote_start, ClaimPlacement.claim_id)"
    )

    __table_args__ = (
        sa.UniqueConstraint("article_id", "number"),
        sa.CheckConstraint("number >= 1", "number_positive"),
        sa.CheckConstraint("length(body) >= 1", "body_length"),
        sa.CheckConstraint("length(reason) >= 1", "reason_length"),
    )


class ClaimPlacement(Base):
    """Where a claim's words stood in an earlier revision of its article."""

    __tablename__ = "claim_placements"

    id: orm.Mapped[intpk]
    revision_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("article_revisions.id", ondelete="CASCADE")
    )
    claim_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("claims.id", ondelete="CASCADE"), index=True
    )
    quote_start: orm.Mapped[int]
    quote_end: orm.Mapped[int]
    quote_exact: orm.Mapped[str] = orm.mapped_column(sa.Text)

    revision: orm.Mapped[ArticleRevision] = orm.relationship(back_populates="placements")
    claim: orm.Mapped[Claim] = orm.relationship()

    __table_args__ = (
        sa.UniqueConstraint("revision_id", "claim_id"),
        sa.CheckConstraint("quote_start >= 0 AND quote_end > quote_start", "quote_span"),
    )

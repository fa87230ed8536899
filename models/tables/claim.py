"""Claims: check-worthy statements, anchored at their exact words in an article."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, created_at, enum_column, intpk, utcnow
from .enums import ClaimStatus
from .revision import AnchorMethod
from .withdrawal import Withdrawable

if TYPE_CHECKING:
    from ..text.anchoring import Anchor
    from .article import Article
    from .claim_event import ClaimEvent
    from .comment import Comment
    from .correction import Correction
    from .rating import Rating
    from .source import ClaimSource
    from .speaker import Speaker
    from .user import User

SUMMARY_MAX = 75  # schema.org ClaimReview's claimReviewed is best kept this short
CONTEXT_CHARS = 32  # characters of prefix/suffix kept around a quote
TEXT_MAX = 5000  # a claim's text, typed or copied from its quote


# Where a claim lost in a replaced text keeps its old words: past any text's end, one
# place per claim, so it holds no place a claim in the current text could want (its
# place in the revision it was lost from is in claim_placements).
LOST_OFFSET = 1_000_000_000


# The claim list's filters and orders (models.read.claims.ORDERS), one index each, so a
# page of any filter in any order is an index range read from its cursor on: reading
# order, alone and after each filter column; each filter column with the id (newest
# first); the order by update, alone and within a status (also the order by status).
# Every index ends in the id, which breaks ties in every order (SQLite appends the rowid
# to an index anyway; PostgreSQL needs it spelt out).
POSITION = ("article_id", "quote_start", "id")
READ_INDEXES = (
    sa.Index("ix_claims_article_position", *POSITION),
    *(
        sa.Index(f"ix_claims_{name}_position", column, *POSITION)
        for name, column in (
            ("status", "status"),
            ("speaker", "speaker_id"),
            ("rating", "rating_id"),
            ("assignee", "assignee_id"),
        )
    ),
    *(
        sa.Index(f"ix_claims_{column}", column, "id")
        for column in ("status", "speaker_id", "rating_id", "assignee_id", "updated_at")
    ),
    sa.Index("ix_claims_status_updated", "status", "updated_at", "id"),
)


class Claim(Withdrawable, Base):
    """A check-worthy statement, anchored at its exact words in its article."""

    __tablename__ = "claims"

    id: orm.Mapped[intpk]
    article_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey("articles.id"), index=True)
    speaker_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("speakers.id"))
    text: orm.Mapped[str] = orm.mapped_column(sa.Text)
    summary: orm.Mapped[str] = orm.mapped_column(sa.String(SUMMARY_MAX))

    # W3C TextQuoteSelector plus a TextPositionSelector into Article.body.
    quote_exact: orm.Mapped[str] = orm.mapped_column(sa.Text)
    quote_prefix: orm.Mapped[str] = orm.mapped_column(sa.String(CONTEXT_CHARS), default="")
    quote_suffix: orm.Mapped[str] = orm.mapped_column(sa.String(CONTEXT_CHARS), default="")
    quote_start: orm.Mapped[int]
    quote_end: orm.Mapped[int]
    # How the quote was found again when the article's text was last replaced
    # (models.services.revisions), into which revision of the article, and how close the
    # words found are to the old ones (0-1); all None while the text never changed.
    anchor_method: orm.Mapped[AnchorMethod | None] = orm.mapped_column(
        sa.Enum(
            AnchorMethod,
            name="anchor_method",
            native_enum=False,
            create_constraint=False,  # plain ALTER TABLE: a CHECK would need a batch copy
            length=5,
            values_callable=lambda members: [m.value for m in members],
            validate_strings=True,
        )
    )
    anchor_score: orm.Mapped[float | None] = orm.mapped_column(sa.Float)
    anchor_revision: orm.Mapped[int | None]
    # An approved verdict whose quoted words changed in a new text: an editor says
    # whether it still stands (clearing this) or reopens it (a public correction).
    recheck_needed: orm.Mapped[bool] = orm.mapped_column(default=False, server_default=sa.false())

    status: orm.Mapped[ClaimStatus] = orm.mapped_column(
        enum_column(ClaimStatus, "status"), default=ClaimStatus.UNREVIEWED
    )
    rating_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("ratings.id"))
    rating_explanation: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    assignee_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("users.id"))
    proposed_by_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("users.id"))
    proposed_at: orm.Mapped[dt.datetime | None]
    approved_by_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("users.id"))
    approved_at: orm.Mapped[dt.datetime | None]

    created_by_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("users.id"))
    created_at: orm.Mapped[created_at]
    updated_by_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("users.id"))
    updated_at: orm.Mapped[dt.datetime] = orm.mapped_column(default=utcnow, onupdate=utcnow)
    # Optimistic locking: every UPDATE checks and bumps it (SQLAlchemy version_id_col).
    version: orm.Mapped[int] = orm.mapped_column(nullable=False)

    article: orm.Mapped[Article] = orm.relationship(back_populates="claims")
    speaker: orm.Mapped[Speaker | None] = orm.relationship(back_populates="claims")
    rating: orm.Mapped[Rating | None] = orm.relationship()
    assignee: orm.Mapped[User | None] = orm.relationship(foreign_keys=[assignee_id])
    proposed_by: orm.Mapped[User | None] = orm.relationship(foreign_keys=[proposed_by_id])
    approved_by: orm.Mapped[User | None] = orm.relationship(foreign_keys=[approved_by_id])
    created_by: orm.Mapped[User | None] = orm.relationship(foreign_keys=[created_by_id])
    updated_by: orm.Mapped[User | None] = orm.relationship(foreign_keys=[updated_by_id])
    sources: orm.Mapped[list[ClaimSource]] = orm.relationship(
        back_populates="claim", order_by="ClaimSource.id", cascade="all, delete-orphan"
    )
    comments: orm.Mapped[list[Comment]] = orm.relationship(
        back_populates="claim", order_by="Comment.id", cascade="all, delete-orphan"
    )
    events: orm.Mapped[list[ClaimEvent]] = orm.relationship(
        back_populates="claim", order_by="ClaimEvent.id"
    )
    corrections: orm.Mapped[list[Correction]] = orm.relationship(
        back_populates="claim", order_by="Correction.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("quote_start >= 0 AND quote_end > quote_start", "quote_span"),
        sa.CheckConstraint("length(quote_exact) = quote_end - quote_start", "quote_length"),
        sa.CheckConstraint("length(text) >= 1", "text_length"),
        sa.CheckConstraint(
            f"length(summary) >= 1 AND length(summary) <= {SUMMARY_MAX}", "summary_length"
        ),
        # A proposed or approved verdict always names its rating.
        sa.CheckConstraint(
            "status NOT IN ('verdict_proposed', 'approved') OR rating_id IS NOT NULL",
            "verdict_has_rating",
        ),
        sa.UniqueConstraint("article_id", "quote_start", "quote_end"),
        *READ_INDEXES,
    )

    def place_at(self, anchor: Anchor) -> None:
        """Anchor the claim at `anchor`: its exact words, their context and offsets.

        A claim put somewhere else by hand no longer says how a replaced text placed it.
        """
        if (anchor.start, anchor.end, anchor.exact) != (
            self.quote_start,
            self.quote_end,
            self.quote_exact,
        ):
            self.anchor_method = None
            self.anchor_score = None
            self.anchor_revision = None
        self.quote_exact = anchor.exact
        self.quote_prefix = anchor.prefix
        self.quote_suffix = anchor.suffix
        self.quote_start = anchor.start
        self.quote_end = anchor.end

    @property
    def anchor_lost(self) -> bool:
        """Tell whether the claim's words were not found in its article's current text."""
        return self.anchor_method is AnchorMethod.LOST

    def snapshot(self) -> dict[str, Any]:
        """Return the reviewable fields as plain JSON values, for the audit trail.

        Reads the relationships, not the *_id columns: those lag until the next flush.
        """
        return {
            "text": self.text,
            "summary": self.summary,
            "speaker_id": self.speaker.id if self.speaker else None,
            "status": self.status.value if self.status else None,
            "rating": self.rating.slug if self.rating else None,
            "rating_explanation": self.rating_explanation,
            "assignee_id": self.assignee.id if self.assignee else None,
            "quote_start": self.quote_start,
            "quote_end": self.quote_end,
        }

    def __repr__(self) -> str:
        return f"<Claim {self.id} {self.summary!r}>"

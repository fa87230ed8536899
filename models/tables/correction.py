"""Corrections: the public log of approved verdicts that were reopened, and why."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, created_at, intpk

if TYPE_CHECKING:
    from .claim import Claim
    from .rating import Rating
    from .user import User


class Correction(Base):
    """A public note that an approved verdict was reopened and why."""

    __tablename__ = "corrections"

    id: orm.Mapped[intpk]
    claim_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey("claims.id"), index=True)
    previous_rating_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("ratings.id"))
    # Filled when the reopened claim is approved again.
    new_rating_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("ratings.id"))
    reason: orm.Mapped[str] = orm.mapped_column(sa.Text)
    created_by_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("users.id"))
    created_at: orm.Mapped[created_at]
    resolved_at: orm.Mapped[dt.datetime | None]

    claim: orm.Mapped[Claim] = orm.relationship(back_populates="corrections")
    previous_rating: orm.Mapped[Rating | None] = orm.relationship(foreign_keys=[previous_rating_id])
    new_rating: orm.Mapped[Rating | None] = orm.relationship(foreign_keys=[new_rating_id])
    created_by: orm.Mapped[User | None] = orm.relationship()

    __table_args__ = (sa.CheckConstraint("length(reason) >= 1", "reason_length"),)

"""Comments: notes desk members leave on a claim."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, created_at, intpk

if TYPE_CHECKING:
    from .claim import Claim
    from .user import User


class Comment(Base):
    """A note a desk member leaves on a claim."""

    __tablename__ = "comments"

    id: orm.Mapped[intpk]
    claim_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("claims.id", ondelete="CASCADE"), index=True
    )
    author_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey("users.id"))
    body: orm.Mapped[str] = orm.mapped_column(sa.Text)
    created_at: orm.Mapped[created_at]

    claim: orm.Mapped[Claim] = orm.relationship(back_populates="comments")
    author: orm.Mapped[User] = orm.relationship()

    __table_args__ = (sa.CheckConstraint("length(body) >= 1", "body_length"),)

"""The verdict scale: one row per step ("Mostly true", value 4)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, intpk


class Rating(Base):
    """One step of the verdict scale ("Mostly true", value 4)."""

    __tablename__ = "ratings"

    id: orm.Mapped[intpk]
    slug: orm.Mapped[str] = orm.mapped_column(sa.String(40), unique=True)
    label: orm.Mapped[str] = orm.mapped_column(sa.String(80))
    # None for verdicts outside the scale, such as "Unverifiable"
    value: orm.Mapped[int | None]
    description: orm.Mapped[str] = orm.mapped_column(sa.Text)
    position: orm.Mapped[int] = orm.mapped_column(default=0)

    __table_args__ = (
        sa.CheckConstraint("value IS NULL OR value >= 0", "value_not_negative"),
        sa.CheckConstraint("length(slug) >= 1", "slug_length"),
    )

    @property
    def needs_source(self) -> bool:
        """Tell whether proposing this verdict needs a linked source."""
        return self.value is not None

    def __repr__(self) -> str:
        return f"<Rating {self.slug}>"

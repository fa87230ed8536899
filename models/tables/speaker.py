"""Speakers: the people and organisations claims are attributed to, and their other names."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, created_at, intpk, version_column

if TYPE_CHECKING:
    from .claim import Claim


def alias_key(name: str) -> str:
    """Return the form under which a speaker's name or alias is stored and looked up."""
    return " ".join(name.split()).casefold()


class Speaker(Base):
    """A real person or organisation to whom claims are attributed."""

    __tablename__ = "speakers"

    id: orm.Mapped[intpk]
    name: orm.Mapped[str] = orm.mapped_column(sa.String(200), unique=True)
    description: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    same_as: orm.Mapped[str | None] = orm.mapped_column(sa.String(2000))
    created_at: orm.Mapped[created_at]
    version: orm.Mapped[int] = version_column()

    aliases: orm.Mapped[list[SpeakerAlias]] = orm.relationship(
        back_populates="speaker", cascade="all, delete-orphan", order_by="SpeakerAlias.alias"
    )
    claims: orm.Mapped[list[Claim]] = orm.relationship(back_populates="speaker")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.CheckConstraint("length(name) >= 1", "name_length"),)


class SpeakerAlias(Base):
    """Another name under which a speaker appears ("Pascal" for Pascal Coppens)."""

    __tablename__ = "speaker_aliases"

    id: orm.Mapped[intpk]
    speaker_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("speakers.id", ondelete="CASCADE"), index=True
    )
    alias: orm.Mapped[str] = orm.mapped_column(sa.String(200))
    # casefolded alias: one name can point at one speaker only
    alias_key: orm.Mapped[str] = orm.mapped_column(sa.String(200), unique=True)

    speaker: orm.Mapped[Speaker] = orm.relationship(back_populates="aliases")

    __table_args__ = (sa.CheckConstraint("length(alias_key) >= 1", "alias_key_length"),)

"""Articles under check, and the speakers whose words they carry."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, created_at, intpk, version_column

if TYPE_CHECKING:
    from .claim import Claim
    from .user import User


class Article(Base):
    """A published text whose check-worthy claims the desk tracks."""

    __tablename__ = "articles"

    id: orm.Mapped[intpk]
    title: orm.Mapped[str] = orm.mapped_column(sa.String(300))
    url: orm.Mapped[str | None] = orm.mapped_column(sa.String(2000))
    author: orm.Mapped[str | None] = orm.mapped_column(sa.String(200))
    publisher: orm.Mapped[str | None] = orm.mapped_column(sa.String(200))
    published: orm.Mapped[dt.date | None]
    body: orm.Mapped[str] = orm.mapped_column(sa.Text)
    # The same text can be brought in only once; claims anchor into exactly this body.
    body_sha256: orm.Mapped[str] = orm.mapped_column(sa.String(64), unique=True)
    created_by_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("users.id"))
    created_at: orm.Mapped[created_at]

    version: orm.Mapped[int] = version_column()

    created_by: orm.Mapped[User | None] = orm.relationship()
    claims: orm.Mapped[list[Claim]] = orm.relationship(
        back_populates="article", order_by="Claim.quote_start"
    )

    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        sa.CheckConstraint("length(title) >= 1", "title_length"),
        sa.CheckConstraint("length(body) >= 1", "body_length"),
        sa.CheckConstraint("length(body_sha256) = 64", "body_sha256_length"),
    )


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

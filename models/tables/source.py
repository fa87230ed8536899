"""Citations, reusable across claims, and their links to claims."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, created_at, enum_column, intpk, version_column
from .enums import SourceKind, Stance
from .withdrawal import Withdrawable

if TYPE_CHECKING:
    from .claim import Claim
    from .user import User


class Source(Withdrawable, Base):
    """A document cited as evidence: a dataset, an official report, a news story."""

    __tablename__ = "sources"

    id: orm.Mapped[intpk]
    # normalised (see models.text.urls.normalise_url) so one document is one row
    url: orm.Mapped[str] = orm.mapped_column(sa.String(2000), unique=True)
    title: orm.Mapped[str] = orm.mapped_column(sa.String(500))
    publisher: orm.Mapped[str | None] = orm.mapped_column(sa.String(200))
    published: orm.Mapped[dt.date | None]
    kind: orm.Mapped[SourceKind] = orm.mapped_column(
        enum_column(SourceKind, "kind"), default=SourceKind.OTHER, index=True
    )
    archive_url: orm.Mapped[str | None] = orm.mapped_column(sa.String(2000))
    accessed_at: orm.Mapped[dt.datetime | None]
    created_by_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("users.id"))
    created_at: orm.Mapped[created_at]
    version: orm.Mapped[int] = version_column()

    links: orm.Mapped[list[ClaimSource]] = orm.relationship(
        back_populates="source", order_by="ClaimSource.claim_id"
    )
    created_by: orm.Mapped[User | None] = orm.relationship(foreign_keys=[created_by_id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("url LIKE 'http://%' OR url LIKE 'https://%'", "url_scheme"),
        sa.CheckConstraint("length(title) >= 1", "title_length"),
    )


class ClaimSource(Base):
    """A source linked to a claim, with the stance it takes and the excerpt that matters."""

    __tablename__ = "claim_sources"

    id: orm.Mapped[intpk]
    claim_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"))
    source_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey("sources.id"), index=True)
    stance: orm.Mapped[Stance] = orm.mapped_column(enum_column(Stance, "stance"), index=True)
    excerpt: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    added_by_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("users.id"))
    added_at: orm.Mapped[created_at]

    claim: orm.Mapped[Claim] = orm.relationship(back_populates="sources")
    source: orm.Mapped[Source] = orm.relationship(back_populates="links")
    added_by: orm.Mapped[User | None] = orm.relationship()

    __table_args__ = (sa.UniqueConstraint("claim_id", "source_id"),)

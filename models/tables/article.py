"""Articles under check: the texts whose claims the desk tracks."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import orm

from ..text.fingerprint import body_fingerprint, url_key
from .base import Base, created_at, intpk, version_column
from .withdrawal import Withdrawable

if TYPE_CHECKING:
    from sqlalchemy.engine.default import DefaultExecutionContext

    from .claim import Claim
    from .user import User


def _fingerprint_of_body(context: DefaultExecutionContext) -> str:
    return body_fingerprint(context.get_current_parameters()["body"])


def _key_of_url(context: DefaultExecutionContext) -> str | None:
    return url_key(context.get_current_parameters().get("url"))


class Article(Withdrawable, Base):
    """A published text whose check-worthy claims the desk tracks."""

    __tablename__ = "articles"

    id: orm.Mapped[intpk]
    # indexed: a claim filter names an article by its exact title (models.read.claim_query)
    title: orm.Mapped[str] = orm.mapped_column(sa.String(300), index=True)
    url: orm.Mapped[str | None] = orm.mapped_column(sa.String(2000))
    author: orm.Mapped[str | None] = orm.mapped_column(sa.String(200))
    publisher: orm.Mapped[str | None] = orm.mapped_column(sa.String(200))
    published: orm.Mapped[dt.date | None]
    # A BCP 47 tag ("en", "zh-Hans"), checked by models.text.language; None: not said.
    language: orm.Mapped[str | None] = orm.mapped_column(sa.String(35))
    body: orm.Mapped[str] = orm.mapped_column(sa.Text)
    # The same text can be brought in only once; claims anchor into exactly this body.
    # Replacing it (models.services.revisions) keeps the old one as a revision.
    body_sha256: orm.Mapped[str] = orm.mapped_column(sa.String(64), unique=True)
    # One article, one record (models.services.intake): the text with whitespace, quotes
    # and dashes evened out, and the identity of its address. Not unique: a desk from
    # before 0010 may hold near-copies. Filled on insert from body and url when not given.
    body_fingerprint: orm.Mapped[str] = orm.mapped_column(
        sa.String(64), index=True, default=_fingerprint_of_body
    )
    url_key: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(64), index=True, default=_key_of_url
    )
    created_by_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("users.id"))
    created_at: orm.Mapped[created_at]

    # Which revision the body is: 1 as brought in, one more each time an editor replaces
    # the text (models.services.revisions keeps the earlier ones in article_revisions).
    revision: orm.Mapped[int] = orm.mapped_column(default=1, server_default="1")

    version: orm.Mapped[int] = version_column()

    created_by: orm.Mapped[User | None] = orm.relationship(foreign_keys=[created_by_id])
    claims: orm.Mapped[list[Claim]] = orm.relationship(
        back_populates="article", order_by="Claim.quote_start"
    )

    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        sa.CheckConstraint("length(title) >= 1", "title_length"),
        sa.CheckConstraint("length(body) >= 1", "body_length"),
        sa.CheckConstraint("length(body_sha256) = 64", "body_sha256_length"),
    )

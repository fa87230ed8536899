"""API tokens: per-member secrets for the JSON API, stored only as their SHA-256 digest."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, created_at, intpk, utcnow

if TYPE_CHECKING:
    from .user import User

SHOWN_PREFIX_CHARS = 12  # "cdk_" plus 8 random characters: enough to tell tokens apart
NAME_MAX = 100


class ApiToken(Base):
    """A member's API token: its label, digest, display prefix and lifetime."""

    __tablename__ = "api_tokens"

    id: orm.Mapped[intpk]
    user_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_MAX))
    # hex SHA-256 of the whole secret; the secret itself is never stored
    token_hash: orm.Mapped[str] = orm.mapped_column(sa.String(64), unique=True)
    prefix: orm.Mapped[str] = orm.mapped_column(sa.String(SHOWN_PREFIX_CHARS))
    created_by_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("users.id"))
    created_at: orm.Mapped[created_at]
    last_used_at: orm.Mapped[dt.datetime | None]
    expires_at: orm.Mapped[dt.datetime | None]
    revoked_at: orm.Mapped[dt.datetime | None]
    revoked_by_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("users.id"))

    user: orm.Mapped[User] = orm.relationship(foreign_keys=[user_id])
    created_by: orm.Mapped[User | None] = orm.relationship(foreign_keys=[created_by_id])
    revoked_by: orm.Mapped[User | None] = orm.relationship(foreign_keys=[revoked_by_id])

    __table_args__ = (
        sa.CheckConstraint("length(name) >= 1", "name_length"),
        sa.CheckConstraint("length(token_hash) = 64", "token_hash_length"),
    )

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        """Tell whether the token's expiry date has passed."""
        return self.expires_at is not None and self.expires_at <= (now or utcnow())

    @property
    def state(self) -> str:
        """Return "revoked", "expired" or "active"."""
        if self.revoked_at is not None:
            return "revoked"
        if self.is_expired():
            return "expired"
        return "active"

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix}… of user {self.user_id}>"

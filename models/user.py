"""Desk members and their roles."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, created_at, enum_column, intpk
from .enums import Role


class User(Base):
    """A person who logs in to the desk: an admin, an editor or a reviewer."""

    __tablename__ = "users"

    id: orm.Mapped[intpk]
    username: orm.Mapped[str] = orm.mapped_column(sa.String(40), unique=True)
    display_name: orm.Mapped[str] = orm.mapped_column(sa.String(120))
    role: orm.Mapped[Role] = orm.mapped_column(enum_column(Role, "role"), index=True)
    # Always a salted hash (werkzeug's scrypt); never the password itself.
    password_hash: orm.Mapped[str] = orm.mapped_column(sa.String(255))
    active: orm.Mapped[bool] = orm.mapped_column(default=True, server_default=sa.true())
    created_at: orm.Mapped[created_at]

    __table_args__ = (
        sa.CheckConstraint("length(username) >= 2", "username_length"),
        sa.CheckConstraint("length(display_name) >= 1", "display_name_length"),
    )

    # The attributes Flask-Login reads, defined here so models/ need not import it.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    def can(self, role: Role) -> bool:
        """Tell whether this user holds `role` or a role that includes it."""
        return self.active and self.role.at_least(role)

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"

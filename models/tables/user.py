"""Desk members and their roles."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, created_at, enum_column, intpk, version_column
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
    # Set for a password someone else chose (the first admin's, an admin's reset): the
    # member must choose their own before using the desk.
    must_change_password: orm.Mapped[bool] = orm.mapped_column(
        default=False, server_default=sa.false()
    )
    # Part of every login session's identity (get_id): raising it ends all of the
    # member's sessions at once (logout, password change, deactivation, reset).
    session_epoch: orm.Mapped[int] = orm.mapped_column(default=0, server_default="0")
    version: orm.Mapped[int] = version_column()

    __mapper_args__ = {"version_id_col": version}
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
        # "id:epoch": a session cookie names the epoch it was issued in (see session_epoch)
        return f"{self.id}:{self.session_epoch}"

    def can(self, role: Role) -> bool:
        """Tell whether this user holds `role` or a role that includes it."""
        return self.active and self.role.at_least(role)

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"

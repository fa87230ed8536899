"""Withdrawal: an article, a claim or a source logged by mistake is set aside, not deleted.

A withdrawn row keeps everything it had (so its trail still reads) and is left out of
every list, queue, search, tally and report until an editor restores it; an admin may
purge it for good (models.services.withdrawals).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import orm

if TYPE_CHECKING:
    from .user import User


class Withdrawable:
    """The three columns of a withdrawal, all NULL while the row is in use."""

    # indexed by withdrawn_index() below, for withdrawn rows only
    withdrawn_at: orm.Mapped[dt.datetime | None]
    withdrawn_reason: orm.Mapped[str | None] = orm.mapped_column(sa.Text)

    @orm.declared_attr
    def withdrawn_by_id(cls) -> orm.Mapped[int | None]:
        return orm.mapped_column(sa.ForeignKey("users.id"))

    @orm.declared_attr
    def withdrawn_by(cls) -> orm.Mapped[User | None]:
        return orm.relationship(foreign_keys=[cls.withdrawn_by_id])  # type: ignore[list-item]

    @property
    def withdrawn(self) -> bool:
        """Tell whether the row is withdrawn."""
        return self.withdrawn_at is not None


def withdrawn_index(table: str, column: Any) -> sa.Index:
    """Return the index of a table's withdrawn rows by when they left (the withdrawn view
    and the purge read it).

    Partial: it holds withdrawn rows only, so a list of the rows in use (withdrawn_at IS
    NULL, nearly all of them) can never pick it over its own order's index.
    """
    return sa.Index(
        f"ix_{table}_withdrawn_at",
        column,
        sqlite_where=column.is_not(None),
        postgresql_where=column.is_not(None),
    )

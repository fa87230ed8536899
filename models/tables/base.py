"""The declarative base, its naming convention and the column shapes used everywhere."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from sqlalchemy import orm

# Stable constraint names on SQLite and PostgreSQL alike, so that batch migrations can
# find a constraint again by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time as a timezone-aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Store datetimes in UTC and always hand back timezone-aware values.

    SQLite has no time zone type: without this a value read back would be naive, and
    comparing it with `utcnow()` would raise.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


intpk = Annotated[int, orm.mapped_column(primary_key=True)]

created_at = Annotated[datetime, orm.mapped_column(UTCDateTime(), default=utcnow, nullable=False)]


def version_column() -> orm.MappedColumn[int]:
    """Return a version counter for optimistic locking.

    Mapped as its table's `version_id_col`, so every UPDATE checks and bumps it, and a
    save made from a stale copy changes nothing (SQLAlchemy raises StaleDataError).
    """
    return orm.mapped_column(nullable=False, server_default="1")


def enum_column(enum_cls: type[enum.Enum], name: str) -> sa.Enum:
    """Map a Python enum to a VARCHAR plus a named CHECK constraint on its values.

    Native PostgreSQL enum types are avoided on purpose: adding a value to a CHECK is an
    ordinary batch migration on both databases.
    """
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),  # type: ignore[attr-defined]
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(orm.DeclarativeBase):
    """The one declarative base of Claimdesk's tables."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}

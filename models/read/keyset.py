"""Keyset paging: each page starts from the sort key of the row beside it.

A page is fetched as "the next N rows after key K" (or before it), which an index on the
sort columns answers by seeking to K, so the last page of a million rows costs what the
first does; OFFSET would walk every row before it. The key travels in URLs as an opaque
cursor: the order's name and the boundary row's sort values, encoded.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy import orm

from ..errors import ValidationError
from ..text.inputs import ID_MAX

T = TypeVar("T")


@dataclass(frozen=True)
class Order:
    """A list order: columns compared as one row value, all ascending or all descending.

    The last column must be unique (an id), so no two rows share a key. One direction for
    every column is what lets `(a, b) > (x, y)` seek in an index on (a, b); a mixed order
    could only be paged by scanning.
    """

    name: str
    columns: tuple[Any, ...]
    descending: bool = False

    def order_by(self, *, backwards: bool = False) -> list[Any]:
        """Return the ORDER BY terms, or those of the opposite order when `backwards`."""
        down = self.descending != backwards
        return [column.desc() if down else column.asc() for column in self.columns]

    def beyond(self, key: Sequence[Any], *, backwards: bool = False) -> sa.ColumnElement[bool]:
        """Return the condition for rows after `key` in this order (before it if `backwards`)."""
        row = sa.tuple_(*self.columns)
        pairs = zip(self.columns, key, strict=True)
        boundary = sa.tuple_(*(sa.literal(value, column.type) for column, value in pairs))
        return row < boundary if self.descending != backwards else row > boundary

    def key_of(self, row: Any) -> tuple[Any, ...]:
        """Return the sort values of a loaded row."""
        return tuple(getattr(row, column.key) for column in self.columns)


@dataclass(frozen=True)
class Cursor:
    """A place in an ordered list: the sort values of one row; no values is the very end."""

    order: str
    key: tuple[Any, ...] = ()

    @property
    def is_end(self) -> bool:
        return not self.key

    def encode(self) -> str:
        """Return the cursor as URL-safe text."""
        values = [_plain(value) for value in self.key]
        raw = json.dumps([self.order, *values], separators=(",", ":"), ensure_ascii=True)
        return base64.urlsafe_b64encode(raw.encode("ascii")).decode("ascii").rstrip("=")


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return value


def cursor_at(order: Order, row: Any) -> Cursor:
    """Return the cursor at `row` in `order` (pages after it start with the next row)."""
    return Cursor(order.name, order.key_of(row))


def end_of(order: Order) -> Cursor:
    """Return the cursor past the last row: the page before it is the last page."""
    return Cursor(order.name)


def decode_cursor(text: str, order: Order, *, field: str = "cursor") -> Cursor:
    """Read a cursor given out for `order`, refusing anything else with a ValidationError."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        name, *values = json.loads(raw.decode("ascii"))
        if name != order.name:
            raise ValueError(name)
        pairs = zip(order.columns, values, strict=True) if values else ()  # none: the end
        key = tuple(_typed(value, column) for column, value in pairs)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, KeyError):
        raise ValidationError(
            f"{field} is not one this list gave out for the order {order.name!r}", field=field
        ) from None
    return Cursor(order.name, key)


def _typed(value: Any, column: Any) -> Any:
    """Return a decoded sort value as the column's Python type, or raise ValueError."""
    sql_type = column.type
    if isinstance(sql_type, sa.TypeDecorator):  # e.g. UTCDateTime: its storage type says
        sql_type = sql_type.impl_instance
    kind = sql_type.python_type
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= ID_MAX:
            raise ValueError(value)
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    if issubclass(kind, dt.datetime):
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(value)
        return moment
    if issubclass(kind, enum.Enum):
        return kind(value)
    if kind is str:
        return value
    raise ValueError(value)


@dataclass
class KeysetPage(Generic[T]):
    """One page of an ordered list, and whether rows lie before and after it."""

    items: list[T]
    order: Order
    has_prev: bool
    has_next: bool

    @property
    def next_cursor(self) -> Cursor | None:
        """Return where the next page starts (after this page's last row), if there is one."""
        return cursor_at(self.order, self.items[-1]) if self.has_next and self.items else None

    @property
    def prev_cursor(self) -> Cursor | None:
        """Return where the previous page ends (before this page's first row), if any."""
        return cursor_at(self.order, self.items[0]) if self.has_prev and self.items else None


def keyset_page(
    session: orm.Session,
    stmt: sa.Select,
    order: Order,
    *,
    limit: int,
    after: Cursor | None = None,
    before: Cursor | None = None,
    finish: Callable[[sa.Select], sa.Select] = lambda stmt: stmt,
) -> KeysetPage[Any]:
    """Return the page of `stmt`'s rows after `after`, before `before`, or the first.

    `stmt` selects the filtered rows (no ORDER BY or LIMIT); `finish` adds what only the
    page's own query needs (loader options). One more row than `limit` is fetched to
    tell whether the list goes on. A page that comes up empty (its rows went away since
    the cursor was made) is replaced by the last page, or the first.
    """

    def fetch(condition: sa.ColumnElement[bool] | None, backwards: bool) -> list[Any]:
        query = stmt if condition is None else stmt.where(condition)
        query = finish(query.order_by(*order.order_by(backwards=backwards)).limit(limit + 1))
        return list(session.scalars(query).unique())

    if before is not None:
        rows = fetch(None if before.is_end else order.beyond(before.key, backwards=True), True)
        if rows or before.is_end:
            # near the start this page may be short: pages counted back from a cursor
            # need not line up with those counted from the start, and none repeats a row
            return KeysetPage(rows[:limit][::-1], order, len(rows) > limit, not before.is_end)
    elif after is not None and not after.is_end:
        rows = fetch(order.beyond(after.key), False)
        if rows:
            return KeysetPage(rows[:limit], order, True, len(rows) > limit)
    if after is not None:
        return keyset_page(session, stmt, order, limit=limit, before=end_of(order), finish=finish)
    rows = fetch(None, False)
    return KeysetPage(rows[:limit], order, False, len(rows) > limit)


def count_up_to(session: orm.Session, stmt: sa.Select, cap: int) -> int:
    """Return how many rows `stmt` selects, counting no further than cap + 1.

    A count past the cap would read every matching row; "more than the cap" is all a
    list needs to say.
    """
    return session.scalar(capped_count(stmt, cap)) or 0


def capped_count(stmt: sa.Select, cap: int) -> sa.Select:
    """Return a query for count_up_to's number, to run alone or as a scalar subquery."""
    rows = stmt.with_only_columns(sa.literal(1), maintain_column_froms=True).limit(cap + 1)
    return sa.select(sa.func.count()).select_from(rows.subquery())

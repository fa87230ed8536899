"""One page of a list (claims, sources), with what a pager needs."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy import orm

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Page(Generic[T]):
    """One page of a list, with what a pager needs."""

    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def clamp_page(page: int, total: int, per_page: int) -> int:
    """Return `page` within 1 and the last page (a shared link to a list that shrank)."""
    return max(1, min(page, math.ceil(total / per_page)))


def count_rows(session: orm.Session, stmt: sa.Select) -> int:
    """Return how many rows `stmt` selects."""
    return session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0


def rows_after(
    session: orm.Session,
    model: type[R],
    *,
    after_id: int | None,
    limit: int,
    options: tuple[Any, ...] = (),
) -> list[R]:
    """Return up to `limit` rows of `model` with an id above `after_id`, in id order.

    Keyset pagination: new rows get higher ids, so a client walking the pages neither
    skips nor repeats a row while others add rows.
    """
    id_column: Any = model.id  # type: ignore[attr-defined]
    stmt = sa.select(model).order_by(id_column).limit(limit)
    withdrawn_at: Any = getattr(model, "withdrawn_at", None)
    if withdrawn_at is not None:  # withdrawn rows are left out of every list
        stmt = stmt.where(withdrawn_at.is_(None))
    if after_id is not None:
        stmt = stmt.where(id_column > after_id)
    return list(session.scalars(stmt.options(*options)).unique())

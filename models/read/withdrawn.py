"""Reading what was withdrawn: one kind at a time, most recently withdrawn first, by key.

Read from each table's withdrawn_at index, so a page costs the same however large the
desk and however few rows are withdrawn.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.source import Source
from .claims import with_list_relations
from .keyset import Cursor, KeysetPage, Order, keyset_page

MODELS: dict[str, Any] = {"claims": Claim, "articles": Article, "sources": Source}
ORDERS: dict[str, Order] = {
    kind: Order("withdrawn", (model.withdrawn_at, model.id), descending=True)
    for kind, model in MODELS.items()
}


def _loading(kind: str, stmt: sa.Select) -> sa.Select:
    model = MODELS[kind]
    stmt = stmt.options(orm.joinedload(model.withdrawn_by))
    if kind == "claims":
        return with_list_relations(stmt)
    if kind == "articles":
        return stmt.options(
            orm.load_only(
                Article.id,
                Article.title,
                Article.publisher,
                Article.withdrawn_at,
                Article.withdrawn_reason,
                Article.withdrawn_by_id,
            )
        )
    return stmt


def withdrawn_page(
    session: orm.Session,
    kind: str,
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    limit: int = 25,
) -> KeysetPage[Any]:
    """Return one page of the withdrawn `kind` ("claims", "articles" or "sources"),
    most recently withdrawn first, each with who withdrew it."""
    model = MODELS[kind]
    return keyset_page(
        session,
        sa.select(model).where(model.withdrawn_at.is_not(None)),
        ORDERS[kind],
        limit=limit,
        after=after,
        before=before,
        finish=lambda stmt: _loading(kind, stmt),
    )

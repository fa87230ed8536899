"""Pages by key on the web: the ?after= and ?before= cursors of a list's URL.

A list page is a bookmarkable URL: its filters plus, past the first page, the cursor
of the row beside it. A cursor the list did not give out (edited by hand, from another
order, from an older release) is not an error page: the list starts from the top.
"""

from __future__ import annotations

from typing import Any

from flask import request

from models.errors import ValidationError
from models.read.keyset import Cursor, KeysetPage, Order, decode_cursor


def page_cursors(order: Order) -> tuple[Cursor | None, Cursor | None]:
    """Return the (after, before) cursors of this request for a list in `order`."""
    cursors: list[Cursor | None] = []
    for name in ("after", "before"):
        text = request.args.get(name, "")
        try:
            cursors.append(decode_cursor(text, order, field=name) if text else None)
        except ValidationError:
            cursors.append(None)
    after, before = cursors
    return after, before


def pager_links(page: KeysetPage[Any]) -> dict[str, dict[str, str]]:
    """Return the query arguments of the first, previous and next pages that exist."""
    links: dict[str, dict[str, str]] = {}
    if page.has_prev:
        links["first"] = {}
        if page.prev_cursor is not None:
            links["prev"] = {"before": page.prev_cursor.encode()}
    if page.next_cursor is not None:
        links["next"] = {"after": page.next_cursor.encode()}
    return links

"""Type-ahead matches: the few records a picker offers for what someone has typed so far.

Every picker (article, speaker, source, member) asks for at most LOOKUP_LIMIT matches,
each an id and a label a person recognises. Matching must cost the same on a desk of a
thousand claims or a million: a typed id is a primary-key read, a name is matched from
its start through an index range, words through the full-text index (each typed word
as the start of a word), and nothing scans a large table to the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import orm

from ..text.inputs import control_character, whole_number
from .fulltext import matching_ids

T = TypeVar("T")

LOOKUP_LIMIT = 10
TYPED_MAX = 100  # characters of typed text a picker looks at
# Sorts after every character a name can hold, so [prefix, prefix + TOP) is "starts with".
TOP = "\U0010ffff"


@dataclass(frozen=True)
class Match:
    """One record a picker offers: what the form sends (the id) and what a person reads."""

    id: int
    label: str

    def as_json(self) -> dict[str, Any]:
        """Return the match as the lookup endpoint sends it."""
        return {"id": self.id, "label": self.label}


def typed_text(value: str | None) -> str:
    """Return typed text on one line and at most TYPED_MAX long; "" when it cannot match.

    A picker answers every keystroke, so nothing here is an error: text with control
    characters (which no stored name holds) simply matches nothing.
    """
    text = " ".join((value or "").split())[:TYPED_MAX]
    return "" if control_character(text) else text


def typed_id(text: str) -> int | None:
    """Return the id that `text` names when it is a whole number, else None."""
    return whole_number(text, minimum=1)


def as_prefixes(text: str) -> str:
    """Return typed words as full-text prefixes ("clou mod" finds "cloud models")."""
    return " ".join(word.rstrip("*") + "*" for word in text.split())


def starts_with(column: Any, prefix: str) -> sa.ColumnElement[bool]:
    """Return a condition: `column` begins with `prefix`, read as a range of its index.

    The range alone lets the database walk the column's index from `prefix` on; the
    exact comparison beside it keeps the answer right under any collation.
    """
    return sa.and_(
        column >= prefix,
        column < prefix + TOP,
        sa.func.substr(column, 1, len(prefix)) == prefix,
    )


def first_unique(matches: list[Match], limit: int = LOOKUP_LIMIT) -> list[Match]:
    """Return `matches` without repeated ids, in order, at most `limit` of them."""
    seen: set[int] = set()
    kept = []
    for match in matches:
        if match.id not in seen:
            seen.add(match.id)
            kept.append(match)
    return kept[:limit]


def find_by_words(
    session: orm.Session,
    kind: str,
    typed: str,
    load: Callable[[list[int]], Sequence[T]],
    label: Callable[[T], Match],
    *,
    limit: int = LOOKUP_LIMIT,
) -> list[Match]:
    """Return the records of `kind` a picker offers for `typed`: the id it names, then
    those whose indexed words start with each typed word, newest first.

    `load(ids)` reads the records in the order of `ids`; `label` makes each a Match.
    """
    text = typed_text(typed)
    if not text:
        return []
    ids = []
    number = typed_id(text)
    if number is not None:
        ids.append(number)
    ids.extend(session.scalars(matching_ids(kind, as_prefixes(text), limit=limit)))
    return first_unique([label(record) for record in load(ids)], limit)

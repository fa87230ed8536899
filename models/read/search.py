"""Search words: how much of a search is used, and the conditions that find them.

`claim_condition` and `source_condition` find whole words through the desk's full-text
index (see `fulltext`), as the claim filter and the source list do; `word_conditions`
matches text as typed anywhere in a few columns (LIKE), which only a short table affords.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..errors import ValidationError
from ..tables.claim import Claim
from ..tables.source import Source
from ..text.inputs import clean_plain
from .fulltext import WORDS_MAX, matches

# Characters of search words: every channel stops here (SQLite also refuses a LIKE
# pattern past 50,000 bytes).
SEARCH_MAX = 200


def check_search(text: str | None, field: str = "q") -> str | None:
    """Return search words as given, refusing control characters or more than SEARCH_MAX."""
    if text is None:
        return None
    clean_plain(text, field)
    if len(text) > SEARCH_MAX:
        raise ValidationError(
            f"the search words have {len(text)} characters; at most {SEARCH_MAX} are searched",
            field=field,
        )
    return text


def like_pattern(word: str) -> str:
    """Return a LIKE pattern matching `word` anywhere, its wildcards escaped."""
    escaped = word.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return f"%{escaped}%"


def word_conditions(text: str | None, *columns: Any) -> list[sa.ColumnElement[bool]]:
    """Return one condition per search word (up to WORDS_MAX): it is in one of `columns`.

    Case-insensitive; every condition must hold, so every word must appear somewhere.
    """
    return [
        sa.or_(*(column.ilike(like_pattern(word), escape="\\") for column in columns))
        for word in (text or "").split()[:WORDS_MAX]
    ]


def claim_condition(text: str | None) -> sa.ColumnElement[bool]:
    """Return a condition on Claim: every word is in its text, quote or summary, its
    speaker's name or aliases, or its article's title (blank text: any claim)."""
    return matches(Claim.id, "claims", text)


def source_condition(text: str | None) -> sa.ColumnElement[bool]:
    """Return a condition on Source: every word is in its title, publisher, address or
    the excerpts quoted from it (blank text: any source)."""
    return matches(Source.id, "sources", text)

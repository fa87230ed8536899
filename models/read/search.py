"""Search words: how much of a search is used, and each word as a LIKE condition.

The claim list, the API, report downloads and the source list all search this way.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..errors import ValidationError
from ..text.inputs import clean_plain

# Characters of search words: every channel stops here (SQLite also refuses a LIKE
# pattern past 50,000 bytes).
SEARCH_MAX = 200
WORDS_MAX = 8  # words of a search that are used; the rest are ignored


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

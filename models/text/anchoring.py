"""Anchor a quote in an article body: W3C TextQuoteSelector plus character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ValidationError
from ..tables.claim import CONTEXT_CHARS


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands in a body: its exact words, context, and offsets."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def anchor_at(body: str, start: int, end: int) -> Anchor:
    """Return the anchor of body[start:end], refusing an empty or out-of-range span."""
    if not (0 <= start < end <= len(body)):
        raise ValidationError(
            f"the span {start}–{end} is not inside the article (0–{len(body)})", field="quote"
        )
    exact = body[start:end]
    if not exact.strip():
        raise ValidationError("the quote is only white space", field="quote")
    return Anchor(
        exact=exact,
        prefix=body[max(0, start - CONTEXT_CHARS) : start],
        suffix=body[end : end + CONTEXT_CHARS],
        start=start,
        end=end,
    )


class QuoteNotFound(ValidationError):
    """A typed quote that is not in the body, with the longest start of it that is."""

    def __init__(self, message: str, *, closest: Anchor | None = None) -> None:
        super().__init__(message, field="quote")
        self.closest = closest  # where the longest matching beginning of the quote stands


class AmbiguousQuote(ValidationError):
    """A typed quote found more than once, with every place it stands, in reading order."""

    def __init__(self, message: str, *, occurrences: list[Anchor]) -> None:
        super().__init__(message, field="quote")
        self.occurrences = occurrences


# Typed quotes rarely carry the article's typography: curly quotes, en and em dashes and
# line breaks match their plain forms. Each folds to one character, so a match in the
# folded text maps back to exact offsets in the body.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)
_RUN = re.compile(r"\s+|\S")


@dataclass(frozen=True)
class _Folded:
    """A text with equivalent characters folded, and each folded character's source span."""

    text: str
    starts: list[int]
    ends: list[int]


def _fold(text: str) -> _Folded:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _RUN.finditer(text):
        piece = match.group()
        chars.append(" " if piece[0].isspace() else piece.translate(_FOLD))
        starts.append(match.start())
        ends.append(match.end())
    return _Folded("".join(chars), starts, ends)


def fold_quote(text: str) -> str:
    """Return `text` as quotes are compared: plain quotes and dashes, single spaces."""
    return _fold(text).text.strip()


def quote_occurrences(body: str, exact: str) -> list[Anchor]:
    """Return every place the quote stands in `body`, matching typography loosely.

    Straight and curly quotes, the dashes (-, –, —) and runs of white space count as
    equal; each anchor holds the body's own characters at its offsets.
    """
    wanted = fold_quote(exact)
    if not wanted:
        return []
    folded = _fold(body)
    anchors = []
    position = folded.text.find(wanted)
    while position != -1:
        last = position + len(wanted) - 1
        anchors.append(anchor_at(body, folded.starts[position], folded.ends[last]))
        position = folded.text.find(wanted, position + 1)
    return anchors


def closest_match(body: str, exact: str, *, shortest: int = 8) -> Anchor | None:
    """Return where the longest beginning of the quote stands in `body`, if one is long enough.

    Cheap on purpose: the beginnings that occur shrink monotonically, so a binary search
    over their length needs a handful of substring searches.
    """
    wanted = fold_quote(exact)
    folded = _fold(body)
    low, high = 0, len(wanted)  # the first `low` characters occur; `high + 1` do not
    while low < high:
        middle = (low + high + 1) // 2
        if wanted[:middle] in folded.text:
            low = middle
        else:
            high = middle - 1
    prefix = wanted[:low].rstrip()
    if len(prefix) < min(shortest, len(wanted)) or not prefix:
        return None
    position = folded.text.find(prefix)
    return anchor_at(body, folded.starts[position], folded.ends[position + len(prefix) - 1])


def find_quote(body: str, exact: str, *, occurrence: int | None = None) -> Anchor:
    """Anchor the quote `exact` in `body`, matching quotes, dashes and spaces loosely.

    A quote that occurs more than once needs `occurrence` (1-based) to say which one;
    guessing would anchor a verdict to the wrong sentence. The refusals carry what a
    form needs to help: every occurrence, or the closest partial match.
    """
    if not exact or not exact.strip():
        raise ValidationError("the quote is empty", field="quote")
    anchors = quote_occurrences(body, exact)
    if not anchors:
        raise QuoteNotFound(
            f"the quote is not in the article: {_short(exact)}",
            closest=closest_match(body, exact),
        )
    if occurrence is None:
        if len(anchors) > 1:
            raise AmbiguousQuote(
                f"the quote occurs {len(anchors)} times in the article; "
                f"say which occurrence: {_short(exact)}",
                occurrences=anchors,
            )
        occurrence = 1
    if not 1 <= occurrence <= len(anchors):
        raise AmbiguousQuote(
            f"the quote occurs {len(anchors)} time(s), not {occurrence}: {_short(exact)}",
            occurrences=anchors,
        )
    return anchors[occurrence - 1]


def relocate(body: str, exact: str, prefix: str, suffix: str, hint: int | None = None) -> Anchor:
    """Find a TextQuoteSelector again in `body`, preferring the occurrence its context fits.

    Used when a browser sends a selection: offsets computed in the page are checked
    against the stored body rather than trusted.
    """
    candidates = []
    position = body.find(exact)
    while position != -1:
        candidates.append(position)
        position = body.find(exact, position + 1)
    if not candidates:
        raise ValidationError(f"the quote is not in the article: {_short(exact)}", field="quote")

    def score(start: int) -> tuple[int, int]:
        end = start + len(exact)
        fit = 0
        if prefix and body[max(0, start - len(prefix)) : start] == prefix:
            fit += 1
        if suffix and body[end : end + len(suffix)] == suffix:
            fit += 1
        distance = abs(start - hint) if hint is not None else 0
        return (-fit, distance)

    best = min(candidates, key=score)
    return anchor_at(body, best, best + len(exact))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1]}…”"

"""Anchor a quote in an article body: W3C TextQuoteSelector plus character offsets."""

from __future__ import annotations

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


def find_quote(body: str, exact: str, *, occurrence: int | None = None) -> Anchor:
    """Anchor the quote `exact` in `body`.

    A quote that occurs more than once needs `occurrence` (1-based) to say which one;
    guessing would anchor a verdict to the wrong sentence.
    """
    if not exact or not exact.strip():
        raise ValidationError("the quote is empty", field="quote")
    starts = []
    position = body.find(exact)
    while position != -1:
        starts.append(position)
        position = body.find(exact, position + 1)
    if not starts:
        raise ValidationError(f"the quote is not in the article: {_short(exact)}", field="quote")
    if occurrence is None:
        if len(starts) > 1:
            raise ValidationError(
                f"the quote occurs {len(starts)} times in the article; "
                f"say which occurrence: {_short(exact)}",
                field="quote",
            )
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise ValidationError(
            f"the quote occurs {len(starts)} time(s), not {occurrence}: {_short(exact)}",
            field="quote",
        )
    start = starts[occurrence - 1]
    return anchor_at(body, start, start + len(exact))


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

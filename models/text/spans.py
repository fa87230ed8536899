"""Spans of an article body: when two stretches of words count as the same place."""

from __future__ import annotations

from collections.abc import Iterable


def shared(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Return how many characters [a_start, a_end) and [b_start, b_end) have in common."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def covered_by(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Return whether [start, end) shares half or more of the shorter of itself and a span.

    A claim logged by hand over much the same words as a suggestion answers it.
    """
    for other_start, other_end in spans:
        shorter = min(end - start, other_end - other_start)
        if shorter > 0 and shared(start, end, other_start, other_end) * 2 >= shorter:
            return True
    return False

"""Counted nouns for command output (models.text.counting)."""

from __future__ import annotations

import pytest

from models.text.counting import count


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [
        (1, "articles", "1 article"),
        (2, "articles", "2 articles"),
        (0, "claim", "0 claims"),
        (1, "staff", "1 staff"),
        (3, "staff", "3 staff"),
        (1, "ClaimReview object", "1 ClaimReview object"),
        (1, "claim_sources", "1 claim_source"),
        (1, "entries", "1 entry"),
    ],
)
def test_count_agrees_with_the_number(n, noun, expected) -> None:
    assert count(n, noun) == expected


def test_count_groups_thousands_when_asked() -> None:
    assert count(12000, "claims", thousands=True) == "12,000 claims"

"""models.read.ratings: the verdict scale in order, a step by slug, the scale's bounds."""

from __future__ import annotations

import pytest

from models.errors import ValidationError
from models.read.ratings import get_rating, list_ratings, scale_bounds


def test_the_scale_is_listed_best_first(session) -> None:
    assert [r.slug for r in list_ratings(session)] == [
        "true",
        "mostly-true",
        "mixed",
        "misleading",
        "false",
        "unverifiable",
    ]


def test_get_rating_refuses_an_unknown_slug_with_the_known_ones(session) -> None:
    assert get_rating(session, "mixed").label == "Mixed"
    for slug in ("nope", "mixed\x00"):
        with pytest.raises(ValidationError) as refused:
            get_rating(session, slug)
        assert refused.value.field == "rating" and "mostly-true" in refused.value.message


def test_scale_bounds_ignore_steps_off_the_scale(session) -> None:
    assert scale_bounds(session) == (1, 5)

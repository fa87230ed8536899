"""Quotes anchor at exact offsets; addresses normalise to one form."""

from __future__ import annotations

import pytest

from models.errors import ValidationError
from models.text.anchoring import find_quote, relocate
from models.text.urls import normalise_url

BODY = "Alpha said 40% of models. Beta said 40% of models too. End."


def test_find_quote_gives_selector_and_offsets() -> None:
    anchor = find_quote(BODY, "Beta said")
    assert BODY[anchor.start : anchor.end] == "Beta said"
    assert anchor.prefix == BODY[: anchor.start][-32:]
    assert anchor.suffix == BODY[anchor.end : anchor.end + 32]


def test_an_ambiguous_quote_needs_an_occurrence() -> None:
    with pytest.raises(ValidationError, match="occurs 2 times"):
        find_quote(BODY, "40% of models")
    second = find_quote(BODY, "40% of models", occurrence=2)
    assert second.start == BODY.rindex("40% of models")


def test_a_missing_quote_is_refused() -> None:
    with pytest.raises(ValidationError, match="not in the article"):
        find_quote(BODY, "50% of models")


def test_relocate_prefers_the_occurrence_whose_context_fits() -> None:
    start = BODY.rindex("40%")
    anchor = relocate(BODY, "40%", prefix="Beta said ", suffix=" of models too", hint=0)
    assert anchor.start == start


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("HTTPS://Example.ORG:443/a/b/?utm_source=x&id=3#part", "https://example.org/a/b?id=3"),
        ("http://example.org", "http://example.org"),
        ("http://example.org:8080/", "http://example.org:8080"),
    ],
)
def test_normalise_url(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


@pytest.mark.parametrize("bad", ["", "ftp://x.org/a", "javascript:alert(1)", "https://", "x"])
def test_non_http_addresses_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        normalise_url(bad)

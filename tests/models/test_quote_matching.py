"""Typed quotes match the body's typography loosely, yet anchor at its exact characters."""

from __future__ import annotations

import pytest

from models.errors import ValidationError
from models.text.anchoring import (
    AmbiguousQuote,
    QuoteNotFound,
    closest_match,
    find_quote,
    quote_occurrences,
)

BODY = (
    "The minister said: “We’ll build 40 000 homes — all of them\n"
    "affordable.” Critics said ‘we’ll see’.\n\n"
    "In 2019–2023 the city built 12 000 homes."
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        # straight quotes and apostrophes for curly ones
        ("\"We'll build 40 000 homes", "“We’ll build 40 000 homes"),
        ("'we'll see'", "‘we’ll see’"),
        # a hyphen or an en dash for an em dash, and the reverse
        ("homes - all of them", "homes — all of them"),
        ("homes – all of them", "homes — all of them"),
        ("In 2019-2023", "In 2019–2023"),
        ("In 2019—2023", "In 2019–2023"),
        # a space for a line break, several spaces for one
        ("all of them affordable.", "all of them\naffordable."),
        ("all  of   them\n\naffordable.", "all of them\naffordable."),
        # the body's own words match themselves
        ("Critics said ‘we’ll see’.", "Critics said ‘we’ll see’."),
    ],
)
def test_equivalent_typography_matches_and_keeps_the_bodys_characters(typed, stored) -> None:
    anchor = find_quote(BODY, typed)
    assert anchor.exact == stored
    assert BODY[anchor.start : anchor.end] == anchor.exact
    assert anchor.prefix == BODY[max(0, anchor.start - 32) : anchor.start]
    assert anchor.suffix == BODY[anchor.end : anchor.end + 32]


def test_white_space_around_a_typed_quote_does_not_widen_the_anchor() -> None:
    anchor = find_quote(BODY, "  Critics said \n")
    assert anchor.exact == "Critics said"
    assert BODY[anchor.start : anchor.end] == "Critics said"


def test_offsets_count_characters_beyond_the_basic_plane() -> None:
    body = "Emoji 🙂 first. He said “done — twice”. 🙂 He said “done — twice”."
    anchors = quote_occurrences(body, 'said "done - twice"')
    assert [body[a.start : a.end] for a in anchors] == ["said “done — twice”"] * 2
    assert anchors[0].start == body.index("said")
    assert anchors[1].start == body.rindex("said")


def test_several_equivalent_occurrences_are_listed_to_choose_from() -> None:
    body = 'He said “no”. Later he said "no" again. At last he said “no”!'
    with pytest.raises(AmbiguousQuote, match="occurs 3 times") as raised:
        find_quote(body, 'said "no"')
    places = raised.value.occurrences
    assert [p.start for p in places] == [
        body.index("said"),
        body.index('said "no"'),
        body.rindex("said"),
    ]
    assert [body[p.start : p.end] for p in places] == [p.exact for p in places]
    second = find_quote(body, 'said "no"', occurrence=2)
    assert second.exact == 'said "no"'
    with pytest.raises(AmbiguousQuote, match="not 4"):
        find_quote(body, 'said "no"', occurrence=4)


def test_a_missing_quote_names_the_closest_beginning_that_is_there() -> None:
    with pytest.raises(QuoteNotFound, match="not in the article") as raised:
        find_quote(BODY, "Critics said 'we'll wait'")
    closest = raised.value.closest
    assert closest is not None
    assert closest.exact == "Critics said ‘we’ll"
    assert BODY[closest.start : closest.end] == closest.exact
    assert isinstance(raised.value, ValidationError)


def test_no_closest_match_when_hardly_anything_matches() -> None:
    assert closest_match(BODY, "Parliament voted") is None
    with pytest.raises(QuoteNotFound) as raised:
        find_quote(BODY, "Parliament voted")
    assert raised.value.closest is None

"""The input rules themselves: whole numbers, plain text and search words."""

from __future__ import annotations

import pytest

from models.errors import ValidationError
from models.read.claim_filter import ClaimFilter
from models.read.search import SEARCH_MAX
from models.read.sources import SourceFilter
from models.text.inputs import ID_MAX, clean_plain, parse_whole_number, whole_number

# --- whole numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("42", 42),
        (" 7 ", 7),
        ("007", 7),
        (str(ID_MAX), ID_MAX),
        (str(ID_MAX + 1), None),  # past 64 bits: no row can have it
        ("99999999999999999999", None),
        ("9" * 5000, None),  # past int()'s own digit limit: still just None
        ("²", None),  # str.isdigit() says yes; int() says no
        ("١٢", None),  # Arabic-Indic digits: int() would accept them
        ("𝟙", None),
        ("-1", None),
        ("+1", None),
        ("1_000", None),  # int() reads underscores
        ("1e3", None),
        ("", None),
        (None, None),
    ],
)
def test_whole_numbers_are_ascii_digits_within_64_bits(text, expected) -> None:
    assert whole_number(text) == expected


def test_a_refused_whole_number_names_its_field_and_range() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_whole_number("²", "limit", minimum=1, maximum=200)
    assert refused.value.field == "limit"
    assert "limit must be a number" in refused.value.message
    assert "1 to 200" in refused.value.message
    assert parse_whole_number(" 200 ", "limit", minimum=1, maximum=200) == 200
    with pytest.raises(ValidationError):
        parse_whole_number("0", "limit", minimum=1, maximum=200)


# --- plain text ------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["\x00", "a\x00b", "\x1b[31m", "\x7f", "\x08", "\x85", "\ud800"])
def test_control_characters_and_lone_surrogates_are_refused_naming_the_field(bad) -> None:
    with pytest.raises(ValidationError) as refused:
        clean_plain(f"title {bad}", "title")
    assert refused.value.field == "title"
    assert "title" in refused.value.message


def test_tab_and_newlines_are_kept_and_carriage_returns_become_newlines() -> None:
    assert clean_plain("a\tb\nc", "text") == "a\tb\nc"
    assert clean_plain("a\r\nb\rc", "text") == "a\nb\nc"


# --- search words ----------------------------------------------------------------------


def test_one_cap_on_search_words() -> None:
    assert ClaimFilter(text="x" * SEARCH_MAX).text == "x" * SEARCH_MAX
    for make in (ClaimFilter, SourceFilter):
        with pytest.raises(ValidationError) as refused:
            make(text="x" * (SEARCH_MAX + 1))
        assert refused.value.field == "q"
        assert str(SEARCH_MAX) in refused.value.message
        with pytest.raises(ValidationError):
            make(text="GDP\x00")


def test_claim_filter_names_refuse_control_characters() -> None:
    with pytest.raises(ValidationError) as refused:
        ClaimFilter(speaker="Pascal\x00")
    assert refused.value.field == "speaker"
    with pytest.raises(ValidationError):
        ClaimFilter(rating="true\x00")

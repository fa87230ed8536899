"""Span invariants for any text: every candidate is exactly body[start:end], never a crash."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.detection import Candidate, detect_claims, format_text

# Characters that break naive text handling: quotes of every kind, line and paragraph
# separators, combining marks, right-to-left text, zero-width and surrogate-free astral.
HOSTILE = "“”„«»\"'‘’\u2028\u2029\r\n\t\x0b\x0c\x1c\x85\u0301\u200b\u200f\u202e\ufeffﾟ𝟘😀ا"
PIECES = [
    "Unemployment fell to 3.9% in 2023.",
    "“It rose 40%,” said Nadia Rahman.",
    "according to the National Statistics Office",
    "Dr. Osei said: “",
    "Q: Why?",
    "Marchetti: We built 112 km.",
    "\n\n",
    " and ",
    "?",
    "Ms Rahman",
    "Mr. J. K. Smith of the U.S.",
    "$3.2bn",
]
texts = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.text(alphabet=st.sampled_from(HOSTILE + "Aa1. ,:"), max_size=20),
        st.text(max_size=30),
    ),
    max_size=25,
).map("".join)


def check(body: str, candidates: list[Candidate]) -> None:
    """Assert the span invariants and that the output serialises."""
    previous = 0
    for candidate in candidates:
        assert 0 <= candidate.start < candidate.end <= len(body)
        assert candidate.text == body[candidate.start : candidate.end]
        assert 0.0 <= candidate.score <= 1.0
        assert candidate.start >= previous  # text order, and no two candidates overlap
        previous = candidate.end
        json.dumps(candidate.as_json())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_gives_exact_spans(body: str) -> None:
    candidates = detect_claims(body, author="A Writer", threshold=0.0)
    check(body, candidates)
    format_text(candidates, body)


def test_empty_and_blank_bodies_give_nothing() -> None:
    for body in ("", " ", "\n\n\n", "\u2028", "“”"):
        assert detect_claims(body, threshold=0.0) == []


def test_as_json_has_the_documented_keys() -> None:
    body = "Harbourline said revenue rose 8.4% to 38.9 billion kronor in 2024."
    (candidate,) = detect_claims(body)
    data = candidate.as_json()
    assert list(data) == ["text", "start", "end", "speaker", "speaker_reason", "score", "reasons"]
    assert data["text"] == body[data["start"] : data["end"]]
    assert {"signal": "percentage", "weight": 0.45, "evidence": "8.4%"} in data["reasons"]


def test_format_text_lists_score_speaker_words_and_reasons() -> None:
    body = "Intro.\n\nRevenue rose 8.4% in 2024, according to Harbourline Foods.\n"
    listing = format_text(detect_claims(body), body)
    assert "Harbourline Foods (line 3," in listing
    assert "“Revenue rose 8.4% in 2024, according to Harbourline Foods.”" in listing
    assert "percentage +0.45 “8.4%”" in listing
    assert format_text([], body) == "No candidate claims.\n"


def test_threshold_filters_and_defaults_to_the_suggest_threshold() -> None:
    body = "Revenue rose 8.4% in 2024. It was a nice day. Is it?"
    assert len(detect_claims(body, threshold=0.0)) == 3
    assert [c.text for c in detect_claims(body)] == ["Revenue rose 8.4% in 2024."]


def test_list_bullets_and_markdown_marks_are_not_part_of_a_claim() -> None:
    body = (
        "## Results\n\n* Revenue rose 8.4% in 2024.\n- Profit rose 31% in 2024.\n"
        "> “Sales rose 5.1% in 2024.”\n"
    )
    texts = [c.text for c in detect_claims(body)]
    assert texts == [
        "Revenue rose 8.4% in 2024.",
        "Profit rose 31% in 2024.",
        "Sales rose 5.1% in 2024.",
    ]

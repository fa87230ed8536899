"""Sentence and block segmentation: the cases a naive split on full stops gets wrong."""

from __future__ import annotations

import pytest

from models.detection.segment import (
    BlockKind,
    split_blocks,
    split_clauses,
    split_sentences,
)


def sentences(body: str) -> list[str]:
    """Return the body's sentences as text."""
    blocks = split_blocks(body)
    return [body[s.start : s.end] for s in split_sentences(body, blocks)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Dr. Ama Osei of St. Mary's said so. Mr. Berg agreed.",
            ["Dr. Ama Osei of St. Mary's said so.", "Mr. Berg agreed."],
        ),
        (
            "Prices rose 3.5 per cent in Jan. 2024, to $3.2bn. Wages did not.",
            ["Prices rose 3.5 per cent in Jan. 2024, to $3.2bn.", "Wages did not."],
        ),
        (
            "The book by J. K. Rowling sold 2.1m copies in the U.S. last year. It was a hit.",
            [
                "The book by J. K. Rowling sold 2.1m copies in the U.S. last year.",
                "It was a hit.",
            ],
        ),
        (
            "“Is this success?” he asked. Nobody answered.",
            ["“Is this success?” he asked.", "Nobody answered."],
        ),
        (
            "“Real wages are lower than in 2010. Is this what they call success?”",
            ["“Real wages are lower than in 2010.", "Is this what they call success?”"],
        ),
    ],
)
def test_hard_sentence_boundaries(body: str, expected: list[str]) -> None:
    assert sentences(body) == expected


def test_spans_are_offsets_into_the_body_as_given() -> None:
    body = "  Title line\r\n\r\nIt rose 4%. It fell 2%.\r\n\r\nSame again. It rose 4%.  "
    blocks = split_blocks(body)
    spans = split_sentences(body, blocks)
    texts = [body[s.start : s.end] for s in spans]
    assert texts == ["Title line", "It rose 4%.", "It fell 2%.", "Same again.", "It rose 4%."]
    assert spans[4].start > spans[1].start  # a repeated sentence is found in its own place


def test_hard_wrapped_prose_is_one_paragraph_but_headings_stay_apart() -> None:
    body = (
        "Results season\n\n"
        "The company said its revenue for the six months to June rose\n"
        "by 8.4% to 38.9 billion kronor, the best half-year since 2015.\n"
    )
    blocks = split_blocks(body)
    assert [b.kind for b in blocks] == [BlockKind.HEADING, BlockKind.PARAGRAPH]
    assert sentences(body)[1].startswith("The company said") and sentences(body)[1].endswith(
        "since 2015."
    )


def test_interview_turns_are_labelled_and_a_lone_colon_line_is_prose() -> None:
    body = (
        "The reason: prices.\n\n"
        "Daniel Ross: What changed?\n\n"
        "Sofia Marchetti: We built 112 km of lanes.\n\n"
        "Ross: And now?\n\n"
        "Marchetti: More.\n"
    )
    blocks = split_blocks(body)
    assert blocks[0].kind is BlockKind.PARAGRAPH
    assert [b.kind for b in blocks[1:]] == [BlockKind.TURN] * 4
    assert [b.label for b in blocks[1:]] == ["Daniel Ross", "Sofia Marchetti", "Ross", "Marchetti"]


def test_turn_labels_that_open_two_turns_are_turns() -> None:
    body = "Q: Why now?\n\nA: Because air pollution kills.\n\nQ: And?\n\nA: We act.\n"
    blocks = split_blocks(body)
    assert [b.label for b in blocks] == ["Q", "A", "Q", "A"]
    assert body[blocks[1].text_start : blocks[1].end] == "Because air pollution kills."


def test_a_quoted_one_line_paragraph_is_not_a_heading() -> None:
    body = "“Our meal-kit business is growing faster than anything else.”\n"
    assert split_blocks(body)[0].kind is BlockKind.PARAGRAPH


def test_clauses_split_at_a_conjunction_after_a_comma() -> None:
    body = "Today we have 112 kilometres, and by next year we will have 150."
    clauses = [body[s:e] for s, e in split_clauses(body, 0, len(body))]
    assert clauses == ["Today we have 112 kilometres", "by next year we will have 150."]


def test_short_pieces_stay_with_their_clause() -> None:
    body = "Sales rose, and fast, in every one of our four countries."
    assert split_clauses(body, 0, len(body)) == [(0, len(body))]


def test_a_very_long_block_is_segmented_in_pieces_with_exact_spans() -> None:
    lines = [
        f"Sales in region {n} rose {n}.5% to 3.{n}m kronor, Dr. Berg said." for n in range(300)
    ]
    body = " ".join(lines)
    assert sentences(body) == lines


def test_extracted_text_keeps_a_long_title_line_apart_from_the_first_paragraph() -> None:
    # Extracted pages put one paragraph on each line, often with no blank line between.
    body = (
        "Premier promises faster trains in conference speech, but the numbers don't add up\n"
        "Premier Elena Varga told her party's conference in Brno on Sunday that journey times "
        "had fallen by 40 minutes since 2021.\n"
        "the opposition disagreed.\n"
    )
    blocks = split_blocks(body)
    assert [b.kind for b in blocks] == [
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.PARAGRAPH,
    ]


def test_wrapped_turns_and_names_survive_line_wraps() -> None:
    body = (
        "Daniel Ross: What has changed since you started in the job three years\n"
        "ago?\n\n"
        "Sofia Marchetti: I hear that a lot, and I understand why people feel it.\n"
        "Average bus journey times in the centre are 4% faster than in 2019.\n\n"
        "Ross: And the charge?\n\n"
        "Marchetti: Five euros a day.\n"
    )
    blocks = split_blocks(body)
    assert [b.label for b in blocks] == ["Daniel Ross", "Sofia Marchetti", "Ross", "Marchetti"]
    assert "4% faster" in body[blocks[1].start : blocks[1].end]

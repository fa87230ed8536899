"""Laying a body out with its claims marked: every character kept, overlaps shown."""

from __future__ import annotations

from models.text.highlight import layout_body


class _Span:
    def __init__(self, id, start, end):
        self.id, self.quote_start, self.quote_end = id, start, end


def _pieces(layout):
    return [p for b in layout.blocks for p in b.pieces]


def test_layout_keeps_paragraphs_and_every_character() -> None:
    body = "One two three.\n\nFour five.\nSix.\n \nSeven."
    layout = layout_body(body, [_Span(1, 4, 7), _Span(2, 10, 20)])
    assert "".join(p.text for p in _pieces(layout)) == body
    paragraphs = [b for b in layout.blocks if not b.is_break]
    assert [body[b.start : b.end] for b in paragraphs] == [
        "One two three.",
        "Four five.\nSix.",
        "Seven.",
    ]
    # span 2 crosses the paragraph break: two pieces, only the first one opens it
    pieces = [p for p in _pieces(layout) if p.span and p.span.id == 2]
    assert [(p.text, [s.id for s in p.opens]) for p in pieces] == [("ree.", [2]), ("Four", [])]


def test_overlapping_and_nested_spans_are_all_shown() -> None:
    body = "abcdefghijklmnopqrstuvwxyz"
    spans = [_Span(1, 2, 10), _Span(2, 5, 8), _Span(3, 9, 14), _Span(4, 14, 16)]
    layout = layout_body(body, spans)
    assert layout.highlighted == {1, 2, 3, 4}
    assert "".join(p.text for p in _pieces(layout)) == body
    marked = [(p.text, [s.id for s in p.spans], [s.id for s in p.opens]) for p in _pieces(layout)]
    assert marked == [
        ("ab", [], []),
        ("cde", [1], [1]),
        ("fgh", [1, 2], [2]),  # nested in 1: both claims cover it, outermost first
        ("i", [1], []),
        ("j", [1, 3], [3]),  # 3 starts inside 1 and runs past its end
        ("klmn", [3], []),
        ("op", [4], [4]),  # touching 3 is not overlapping it
        ("qrstuvwxyz", [], []),
    ]
    assert layout.overlaps == {1: [2, 3], 2: [1], 3: [1]}
    for piece in _pieces(layout):
        assert body[piece.start : piece.end] == piece.text
        assert piece.depth == len(piece.spans)


def test_the_same_words_claimed_twice_are_both_shown() -> None:
    body = "Sales rose by 40% last year."
    layout = layout_body(body, [_Span(7, 0, 17), _Span(3, 0, 17)])
    piece = next(p for p in _pieces(layout) if p.spans)
    assert piece.text == "Sales rose by 40%"
    assert sorted(s.id for s in piece.opens) == [3, 7]
    assert layout.overlaps == {3: [7], 7: [3]}


def test_spans_outside_the_body_are_left_out() -> None:
    layout = layout_body("Short.", [_Span(1, 2, 40), _Span(2, 0, 5)])
    assert layout.highlighted == {2}

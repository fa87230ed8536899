"""Lay an article body out as paragraphs of plain and highlighted pieces.

Every character of the body ends up in exactly one piece, and each piece knows its
offset in the body, so a page can show the text with its claims marked and a browser
can turn a selection back into offsets without guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from ..tables.enums import ClaimStatus

# Paragraphs are separated by blank lines (lines holding only spaces or tabs count too).
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)+")


class Span(Protocol):
    """Anything anchored in the body: a claim, in practice."""

    id: int
    quote_start: int
    quote_end: int


@dataclass(frozen=True)
class Piece:
    """A run of body text, highlighted when it belongs to a claim."""

    start: int
    end: int
    text: str
    span: Span | None = None
    first: bool = False  # the first piece of its highlight (a highlight may cross paragraphs)


@dataclass
class Block:
    """A paragraph, or the blank lines between two paragraphs (`is_break`)."""

    start: int
    end: int
    is_break: bool
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Layout:
    """The body as blocks, and the spans that could not be highlighted (overlaps)."""

    blocks: list[Block]
    overlapping: dict[int, int]  # span id -> id of the highlighted span it overlaps

    @property
    def highlighted(self) -> set[int]:
        """Return the ids of the spans that have a highlight."""
        return {p.span.id for b in self.blocks for p in b.pieces if p.span is not None}


def choose_highlights(spans: list[Span], length: int) -> tuple[list[Span], dict[int, int]]:
    """Pick the spans to highlight in reading order, leaving out overlapping ones.

    Highlights never nest: a span that starts inside an earlier highlight (or one that
    is nested in it) is reported as overlapping instead, so it can still be listed.
    """
    shown: list[Span] = []
    overlapping: dict[int, int] = {}
    for span in sorted(spans, key=lambda s: (s.quote_start, -s.quote_end, s.id)):
        if not 0 <= span.quote_start < span.quote_end <= length:
            continue  # not inside this body; nothing sensible to mark
        if shown and span.quote_start < shown[-1].quote_end:
            overlapping[span.id] = shown[-1].id
            continue
        shown.append(span)
    return shown, overlapping


def paragraph_blocks(body: str) -> list[Block]:
    """Split `body` into paragraph blocks and the break blocks between them."""
    blocks: list[Block] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        if match.start() > position:
            blocks.append(Block(position, match.start(), is_break=False))
        blocks.append(Block(match.start(), match.end(), is_break=True))
        position = match.end()
    if position < len(body):
        blocks.append(Block(position, len(body), is_break=False))
    return blocks


def layout_body(body: str, spans: list[Span]) -> Layout:
    """Return `body` as blocks of pieces, with each chosen span's words highlighted."""
    shown, overlapping = choose_highlights(spans, len(body))
    blocks = paragraph_blocks(body)
    started: set[int] = set()
    index = 0  # first highlight that may still reach into the current block
    for block in blocks:
        cursor = block.start
        while index < len(shown) and shown[index].quote_end <= block.start:
            index += 1
        for span in shown[index:]:
            if span.quote_start >= block.end:
                break
            start = max(span.quote_start, block.start)
            end = min(span.quote_end, block.end)
            if block.is_break:
                # A highlight crossing a paragraph break keeps the break plain text.
                continue
            if start > cursor:
                block.pieces.append(Piece(cursor, start, body[cursor:start]))
            block.pieces.append(
                Piece(start, end, body[start:end], span=span, first=span.id not in started)
            )
            started.add(span.id)
            cursor = end
        if cursor < block.end:
            block.pieces.append(Piece(cursor, block.end, body[cursor : block.end]))
    return Layout(blocks=blocks, overlapping=overlapping)


def verdict_class(status: ClaimStatus, rating_slug: str | None) -> str:
    """Return the CSS modifier that colours a claim's highlight by its verdict.

    Only an approved verdict gets its verdict's colour; a proposed one is a draft.
    """
    if status is ClaimStatus.APPROVED and rating_slug:
        return f"verdict-{rating_slug}"
    if status is ClaimStatus.VERDICT_PROPOSED:
        return "draft"
    if status is ClaimStatus.IN_REVIEW:
        return "in-review"
    return "unreviewed"

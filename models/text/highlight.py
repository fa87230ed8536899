"""Lay an article body out as paragraphs of plain and highlighted pieces.

Every character of the body ends up in exactly one piece, and each piece knows its
offset in the body, so a page can show the text with its claims marked and a browser
can turn a selection back into offsets without guessing. Claims may overlap or nest:
the body is cut at every claim's start and end, and each piece carries all the claims
whose words cover it, outermost first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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
    """A run of body text and the spans covering all of it (outermost first)."""

    start: int
    end: int
    text: str
    spans: tuple[Span, ...] = ()
    opens: tuple[Span, ...] = ()  # spans whose first piece this is (a span may cross paragraphs)
    # Suggested claims (detection's proposals) covering the piece, and those starting here:
    # a layer of their own, drawn apart from the claims.
    suggested: tuple[Span, ...] = ()
    suggestion_opens: tuple[Span, ...] = ()

    @property
    def span(self) -> Span | None:
        """Return the innermost span covering the piece, if any."""
        return self.spans[-1] if self.spans else None

    @property
    def depth(self) -> int:
        """Return how many spans cover the piece (2 or more: overlapping claims)."""
        return len(self.spans)


@dataclass
class Block:
    """A paragraph, or the blank lines between two paragraphs (`is_break`)."""

    start: int
    end: int
    is_break: bool
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Layout:
    """The body as blocks, and which spans share words with which."""

    blocks: list[Block]
    overlaps: dict[int, list[int]]  # span id -> ids of the spans sharing words with it

    @property
    def highlighted(self) -> set[int]:
        """Return the ids of the spans that have a highlight."""
        return {s.id for b in self.blocks for p in b.pieces for s in p.spans}


def reading_order(spans: list[Span], length: int) -> list[Span]:
    """Return the spans inside a body of `length` characters, outermost first at a tie."""
    inside = [s for s in spans if 0 <= s.quote_start < s.quote_end <= length]
    return sorted(inside, key=lambda s: (s.quote_start, -s.quote_end, s.id))


def find_overlaps(spans: list[Span]) -> dict[int, list[int]]:
    """Map each span that shares words with another to those others' ids, in reading order."""
    overlaps: dict[int, list[int]] = {}
    open_spans: list[Span] = []
    for span in spans:  # in reading order
        open_spans = [s for s in open_spans if s.quote_end > span.quote_start]
        for other in open_spans:
            overlaps.setdefault(other.id, []).append(span.id)
            overlaps.setdefault(span.id, []).append(other.id)
        open_spans.append(span)
    order = {s.id: i for i, s in enumerate(spans)}
    return {k: sorted(v, key=order.__getitem__) for k, v in overlaps.items()}


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


def layout_body(body: str, spans: list[Span], suggestions: Sequence[Span] = ()) -> Layout:
    """Return `body` as blocks of pieces, each carrying the spans that cover its words.

    `suggestions` (suggested claims) cut the body too and are carried apart from `spans`.
    """
    shown = reading_order(spans, len(body))
    proposed = reading_order(list(suggestions), len(body))
    cuts = sorted(
        {0, len(body)}
        | {s.quote_start for s in [*shown, *proposed]}
        | {s.quote_end for s in [*shown, *proposed]}
    )
    blocks = paragraph_blocks(body)
    started: set[int] = set()
    proposed_started: set[int] = set()
    for block in blocks:
        if block.is_break:
            # A highlight crossing a paragraph break keeps the break plain text.
            block.pieces.append(Piece(block.start, block.end, body[block.start : block.end]))
            continue
        inner = [c for c in cuts if block.start < c < block.end]
        for start, end in zip([block.start, *inner], [*inner, block.end], strict=True):
            covering = tuple(s for s in shown if s.quote_start <= start and end <= s.quote_end)
            opens = tuple(s for s in covering if s.id not in started)
            started.update(s.id for s in opens)
            suggested = tuple(s for s in proposed if s.quote_start <= start and end <= s.quote_end)
            suggestion_opens = tuple(s for s in suggested if s.id not in proposed_started)
            proposed_started.update(s.id for s in suggestion_opens)
            block.pieces.append(
                Piece(start, end, body[start:end], covering, opens, suggested, suggestion_opens)
            )
    return Layout(blocks=blocks, overlaps=find_overlaps(shown))


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

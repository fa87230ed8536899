"""Find quoted speech: the pieces between quotation marks and the speeches they form.

A speech is one person's run of quoted pieces: the pieces of one paragraph ("…,” he said.
“…”) and, when a paragraph ends inside a quotation and the next one opens with a quotation
mark, the pieces of the following paragraphs too (the newspaper convention for a quote that
runs over several paragraphs: no closing mark until the last one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.detection.segment import Block, BlockKind

OPENERS = frozenset("“«„")
CLOSERS = frozenset("”»")
STRAIGHT = '"'
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
# The character that hides quoted words when the text around them is searched for names.
MASK = "\u25ca"


@dataclass(frozen=True)
class Piece:
    """The characters from an opening quotation mark to its closing one (or block end)."""

    start: int
    end: int
    block: int
    closed: bool


@dataclass
class Speech:
    """Consecutive quoted pieces said by one person (found later by attribution)."""

    pieces: list[Piece] = field(default_factory=list)


def find_speeches(body: str, blocks: list[Block]) -> list[Speech]:
    """Return the quoted speeches of the body, in order."""
    speeches: list[Speech] = []
    open_speech: Speech | None = None  # a speech whose last paragraph did not close it
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING:
            open_speech = None
            continue
        pieces = _pieces(body, block, index)
        if not pieces:
            open_speech = None
            continue
        if open_speech is not None and pieces[0].start == block.text_start:
            speech = open_speech
        else:
            speech = Speech()
            speeches.append(speech)
        speech.pieces.extend(pieces)
        open_speech = speech if not pieces[-1].closed else None
    return speeches


def _pieces(body: str, block: Block, index: int) -> list[Piece]:
    """Return the quoted pieces of one block.

    Double marks (“…”, «…», "…") and single curly ones (‘…’, the British habit) both
    quote; inside one kind the other kind is a quote within the quote and is ignored.
    """
    pieces: list[Piece] = []
    opened: int | None = None
    single = False  # the open quotation started with ‘
    for pos in range(block.text_start, block.end):
        char = body[pos]
        if opened is None:
            if char in OPENERS or (char == STRAIGHT and _opens(body, pos)):
                opened, single = pos, False
            elif char == SINGLE_OPEN and _single_opens(body, pos, block.end):
                opened, single = pos, True
        elif (single and char == SINGLE_CLOSE and _single_closes(body, pos, block.end)) or (
            not single and (char in CLOSERS or char == STRAIGHT)
        ):
            pieces.append(Piece(opened, pos + 1, index, closed=True))
            opened = None
    if opened is not None:
        pieces.append(Piece(opened, block.end, index, closed=False))
    return pieces


def _opens(body: str, pos: int) -> bool:
    """Tell whether a straight double quote at `pos` opens a quotation (not an inch mark)."""
    before = body[pos - 1] if pos > 0 else " "
    return not before.isalnum()


def _single_opens(body: str, pos: int, end: int) -> bool:
    """Tell whether ‘ opens a quotation: after a space or dash, before a word."""
    before = body[pos - 1] if pos > 0 else " "
    after = body[pos + 1] if pos + 1 < end else " "
    return (before.isspace() or before in "([—–-") and after.isalnum()


def _single_closes(body: str, pos: int, end: int) -> bool:
    """Tell whether ’ closes a quotation rather than being an apostrophe.

    Not inside a word (don’t), and not a plural possessive before a space (the
    analysts’ call); before punctuation or the end (…sales’.) it closes.
    """
    before = body[pos - 1] if pos > 0 else " "
    after = body[pos + 1] if pos + 1 < end else " "
    if after.isalnum():
        return False
    return not (before == "s" and after.isspace())


def mask_quotes(body: str, speeches: list[Speech]) -> str:
    """Return the body with every quoted piece replaced by MASK characters (same length)."""
    chars = list(body)
    for speech in speeches:
        for piece in speech.pieces:
            chars[piece.start : piece.end] = MASK * (piece.end - piece.start)
    return "".join(chars)


def quoted_share(start: int, end: int, speech: Speech) -> float:
    """Return the share of body[start:end] that lies inside the speech's pieces."""
    if end <= start:
        return 0.0
    inside = sum(max(0, min(end, p.end) - max(start, p.start)) for p in speech.pieces)
    return inside / (end - start)

"""Split an article body into blocks (headings, paragraphs, interview turns) and sentences.

Every span is a pair of offsets into the body exactly as given, so a caller can always
slice the body to get the text back. pysbd finds the sentence boundaries; it is run on one
block at a time (its own character offsets drift on repeated text, so each sentence it
returns is located again in the block, moving forward) and its output is then repaired
where it splits too eagerly (a piece that starts in lower case belongs to the sentence
before it: `“Why?” he asked.`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import pysbd

# A line that is an interview turn: "Daniel Ross: ...", "Marchetti: ...", "Q: ...".
_TURN = re.compile(r"(?P<label>(?:[A-Z][\w’'.\-]*)(?:\s+[A-Z][\w’'.\-]*){0,3}|Q|A)\s*:\s+(?=\S)")
# Capitalised words that open prose, never a speaker label ("The reason: ...").
_NOT_LABELS = frozenset(
    {"the", "an", "this", "that", "these", "those", "it", "here", "there", "and"}
    | {"but", "so", "note", "update", "photo", "source", "read", "see", "why", "what", "how"}
)
_WORDS = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"\s+")
_INNER_STOP = re.compile(r"[.!?…]")
_CLAUSE_BREAK = re.compile(
    r",\s+(?:and|but|while|whereas|although|though|yet)\s+|;\s+", re.IGNORECASE
)
# Blocks longer than this go to pysbd in pieces cut at safe sentence ends.
CHUNK_CHARS = 3000
_SAFE_END = re.compile(r"([a-z]{3,})[.!?] +(?=[A-Z])")
# A clause shorter than this is not a statement of its own.
CLAUSE_MIN_WORDS = 4
_MISSED_BOUNDARY = re.compile(r"(?<=[a-z0-9%)][.!?]) +(?=[“\"‘]?[A-Z])")
_LAST_WORD = re.compile(r"\w+(?=[.!?]$)")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "approx", "jr", "sr", "inc"}
    | {"ltd", "co", "corp", "gen", "gov", "sen", "rep", "rev", "fig", "vol", "cf", "al"}
    | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)

# A heading is a short line that does not end like a sentence.
HEADING_MAX_WORDS = 14
# Longer than this, a line with no terminal punctuation is prose wrapped at a fixed width.
WRAP_MIN_CHARS = 50
# A body with a line longer than this is not hard-wrapped.
WRAP_MAX_CHARS = 100


class BlockKind(Enum):
    """What a block of the body is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    TURN = "turn"


@dataclass(frozen=True)
class Block:
    """A run of the body between line breaks: a heading, a paragraph or an interview turn."""

    kind: BlockKind
    start: int
    end: int
    label: str | None = None  # the turn's speaker label ("Marchetti", "Q"), turns only
    text_start: int = 0  # where the turn's words begin, after "Name: "


@dataclass(frozen=True)
class Sentence:
    """One sentence of a block, trimmed of surrounding whitespace."""

    start: int
    end: int
    block: int  # index of its block


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    """Build pysbd's English segmenter once (it compiles many rules)."""
    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def split_blocks(body: str) -> list[Block]:
    """Return the body's blocks in order: lines, with hard-wrapped prose lines joined."""
    lines = _lines(body)
    # Text wrapped at a fixed width has no long lines; extracted text (one paragraph a
    # line, often without blank lines between) has, and its lines are never joined.
    wrapped = max((end - start for start, end in lines), default=0) <= WRAP_MAX_CHARS
    merged: list[tuple[int, int]] = []
    for start, end in lines:
        if wrapped and merged and _continues(body, merged[-1], (start, end)):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    blocks = [_classify(body, start, end) for start, end in merged if start < end]
    return _confirm_turns(body, blocks)


def _confirm_turns(body: str, blocks: list[Block]) -> list[Block]:
    """Keep a block as an interview turn only when its label (or a word of it: "Daniel
    Ross", then "Ross") opens at least two turns.

    One "Note: ..." or "The reason: ..." line is prose, not a transcript.
    """
    counts: dict[str, int] = {}
    for block in blocks:
        for word in set((block.label or "").split()):
            counts[word] = counts.get(word, 0) + 1
    confirmed: list[Block] = []
    for block in blocks:
        if block.label is not None and max(counts[w] for w in block.label.split()) < 2:
            block = _classify_prose(body, block.start, block.end)
        confirmed.append(block)
    return confirmed


def _lines(body: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each non-blank line, trimmed, with a blank-line marker."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in body.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + lead + len(stripped)))
        else:
            spans.append((pos, pos))  # a blank line: ends a paragraph
        pos += len(line)
    return spans


def _continues(body: str, previous: tuple[int, int], line: tuple[int, int]) -> bool:
    """Tell whether `line` carries on the prose of `previous` (a soft line wrap).

    Only asked of a body wrapped at a fixed width (no line over WRAP_MAX_CHARS).
    """
    if previous[0] == previous[1] or line[0] == line[1]:
        return False
    prev_text = body[previous[0] : previous[1]]
    next_text = body[line[0] : line[1]]
    if _TURN.match(next_text) or next_text[0] in "-–—*•#>":
        return False  # a new turn, list item or Markdown block starts
    if next_text[0].islower():
        return True
    # Wrapping fills a line to near the width; a short line ends its paragraph.
    return len(prev_text.rsplit("\n", 1)[-1]) >= WRAP_MIN_CHARS


def _classify(body: str, start: int, end: int) -> Block:
    """Name the kind of the block body[start:end]."""
    text = body[start:end]
    turn = _TURN.match(text)
    if turn and turn.group("label").split()[0].lower() not in _NOT_LABELS:
        return Block(BlockKind.TURN, start, end, turn.group("label"), start + turn.end())
    return _classify_prose(body, start, end)


def _classify_prose(body: str, start: int, end: int) -> Block:
    """Tell a heading from a paragraph."""
    text = body[start:end]
    words = len(_WORDS.findall(text))
    if words <= HEADING_MAX_WORDS and not text.rstrip("”’\"')»").endswith(tuple(".!?…")):
        return Block(BlockKind.HEADING, start, end, text_start=start)
    return Block(BlockKind.PARAGRAPH, start, end, text_start=start)


def split_sentences(body: str, blocks: list[Block]) -> list[Sentence]:
    """Return every sentence of every block, in body order."""
    sentences: list[Sentence] = []
    for index, block in enumerate(blocks):
        if block.start == block.end:
            continue
        for start, end in _block_sentences(body, block.text_start, block.end):
            sentences.append(Sentence(start, end, index))
    return sentences


def _block_sentences(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split body[start:end] into trimmed sentence spans."""
    # Same-length replacement keeps offsets: a wrapped line's break becomes a space.
    text = body[start:end].replace("\n", " ").replace("\r", " ")
    spans: list[tuple[int, int]] = []
    for chunk_start, chunk_end in _chunks(text):
        chunk = text[chunk_start:chunk_end]
        spans.extend((chunk_start + s, chunk_start + e) for s, e in _pysbd_spans(chunk))
    return [(start + s, start + e) for s, e in _repair(text, spans)]


def _chunks(text: str) -> list[tuple[int, int]]:
    """Cut a long block at safe sentence ends: pysbd slows down more than linearly.

    A safe end is a full stop, ? or ! after a lower-case word of three letters or more
    (not a known abbreviation) followed by a space and a capital letter.
    """
    chunks: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > CHUNK_CHARS:
        cut = None
        for match in _SAFE_END.finditer(text, start + CHUNK_CHARS // 2):
            if match.group(1).lower() not in _ABBREVIATIONS:
                cut = match.end()
                break
        if cut is None:
            break
        chunks.append((start, cut))
        start = cut
    chunks.append((start, len(text)))
    return chunks


def _pysbd_sentences(text: str) -> list[str]:
    """Return pysbd's sentences of `text` (whitespace around them may differ).

    A block with no ., ! or ? before its end is one sentence and skips pysbd. Otherwise
    pysbd's processor is called directly: `Segmenter.segment` then re-locates every
    sentence with a regular expression built from it, which thrashes Python's pattern
    cache and takes a third of the time; the spans are found again here anyway.
    """
    if not _INNER_STOP.search(text.rstrip().rstrip("”’\"')»").rstrip(".!?…")):
        return [text]
    segmenter = _segmenter()
    processor = getattr(segmenter, "processor", None)
    if processor is None:  # another pysbd version: take the public road
        return [str(s) for s in segmenter.segment(text)]
    return [str(s) for s in processor(text).process()]


def _pysbd_spans(text: str) -> list[tuple[int, int]]:
    """Return pysbd's sentences of `text` as trimmed spans found again in the text."""
    pieces = _pysbd_sentences(text) if text.strip() else []
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        stripped = piece.strip()
        if not stripped:
            continue
        found = text.find(stripped, cursor)
        if found < 0:  # pysbd changed the text: keep the rest of the block as one sentence
            break
        spans.append((found, found + len(stripped)))
        cursor = found + len(stripped)
    rest = text[cursor:].strip()
    if rest:
        found = text.find(rest, cursor)
        spans.append((found, found + len(rest)))
    return spans


def _repair(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join pieces pysbd split too eagerly (ones that start in lower case or with a comma)
    and split ones it missed (inside quotation marks: `“… in 2010. Is this …?”`)."""
    repaired: list[tuple[int, int]] = []
    for start, end in (part for span in spans for part in _missed_splits(text, *span)):
        first = text[start]
        if repaired and (first.islower() or first in ",;)”’"):
            repaired[-1] = (repaired[-1][0], end)
        else:
            repaired.append((start, end))
    return repaired


def _missed_splits(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span after a full stop, ? or ! that ends a lower-case word or a number and
    is followed by a capitalised word, unless the word is a known abbreviation."""
    parts: list[tuple[int, int]] = []
    for match in _MISSED_BOUNDARY.finditer(text, start, end):
        word = _LAST_WORD.search(text, start, match.start())
        if word is not None and word.group().lower() in _ABBREVIATIONS:
            continue
        parts.append((start, match.start()))
        start = match.end()
    parts.append((start, end))
    return parts


def split_clauses(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split the sentence body[start:end] at ", and", ", but", ", while", "; " and the like.

    Each clause is trimmed and keeps at least CLAUSE_MIN_WORDS words (a shorter piece stays
    with the clause before it); the connecting word is left out of the clause after it.
    """
    clauses: list[tuple[int, int]] = []
    clause_start = start
    for match in _CLAUSE_BREAK.finditer(body, start, end):
        left = (clause_start, match.start())
        if words_in(body[left[0] : left[1]]) < CLAUSE_MIN_WORDS:
            continue
        if words_in(body[match.end() : end]) < CLAUSE_MIN_WORDS:
            break
        clauses.append(left)
        clause_start = match.end()
    clauses.append((clause_start, end))
    return clauses


def words_in(text: str) -> int:
    """Count the alphabetic words of a text (numbers and symbols excluded)."""
    return len(_WORDS.findall(text))


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space (for display)."""
    return _SPACES.sub(" ", text).strip()

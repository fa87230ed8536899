"""Find quotes again in a replaced text: exact with context, the words alone, then fuzzy.

When an article's text is replaced (a correction after publication), each claim's quote
must be found again in the new text, or said to be gone. The steps, as web annotation
tools do it:

1. The same words with the same context (prefix and suffix): EXACT.
2. The same words alone: MOVED. Among several places, context that half fits wins,
   then the place nearest where the edits carried the old position.
3. Words close to the old ones near that position: FUZZY, with a similarity score.
   Candidates come from the old offsets carried through a character diff of the two
   texts, and from a bitap search (diff-match-patch's match_main) for the quote's head
   and tail; each is widened to whole words and scored by edit distance.
4. Otherwise LOST.

"Where the edits carried the old position" is the old offset mapped through the diff
(diff_xIndex): words inserted before a quote shift it, a paragraph removed before it
pulls it back, so a sentence that now occurs twice is found at the right one.

Pure functions: nothing here reads or writes the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from diff_match_patch import diff_match_patch
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..tables.revision import AnchorMethod
from .anchoring import Anchor, anchor_at

# Below this similarity (1 - edit distance / length) a candidate is not the same quote.
FUZZY_MIN = 0.75
# diff-match-patch's bitap search handles patterns up to this many characters.
_BITAP_CHARS = 32
# How bad a bitap match may be (0 exact .. 1 anything); the score decides in the end.
_BITAP_THRESHOLD = 0.5
# Seed and extend: up to _SEEDS pieces of _SEED_CHARS characters of a quote are looked
# up verbatim, each at most _SEED_HITS times, and the _WINDOWS places nearest the
# expected one are searched closely.
_SEED_CHARS = 12
_SEEDS = 6
_SEED_HITS = 50
_WINDOWS = 8
# Seconds the character diff of two texts may take before it settles for a coarser one.
_DIFF_TIMEOUT = 1.0


@dataclass(frozen=True)
class Quote:
    """A quote to find again: its words, context, and where it stood (None: unknown)."""

    key: int
    exact: str
    prefix: str
    suffix: str
    start: int | None = None  # offset in the old text; None for a quote lost before
    hint: int | None = None  # where to look when `start` is None (its last known place)


@dataclass(frozen=True)
class Found:
    """Where a quote stands in the new text, and how it was found."""

    key: int
    method: AnchorMethod
    score: float  # 1.0 for the same words; the similarity for FUZZY; 0.0 when LOST
    anchor: Anchor | None  # None when LOST


def _engine() -> diff_match_patch:
    engine = diff_match_patch()
    engine.Diff_Timeout = _DIFF_TIMEOUT
    engine.Match_Threshold = _BITAP_THRESHOLD
    return engine


class _Mapper:
    """Carries offsets of the old text to the new one through their diff."""

    def __init__(self, old: str, new: str, engine: diff_match_patch) -> None:
        self.diffs = engine.diff_main(old, new) if old != new else [(0, old)]
        self.engine = engine

    def __call__(self, offset: int) -> int:
        return int(self.engine.diff_xIndex(self.diffs, offset))


def similarity(old: str, new: str) -> float:
    """Return how alike two quotes are: 1 - edit distance / the longer length (0-1)."""
    if old == new:
        return 1.0
    return float(Levenshtein.normalized_similarity(old, new))


def _occurrences(body: str, exact: str) -> list[int]:
    places = []
    position = body.find(exact)
    while position != -1:
        places.append(position)
        position = body.find(exact, position + 1)
    return places


def _context_fit(body: str, quote: Quote, start: int) -> int:
    end = start + len(quote.exact)
    fit = 0
    if body[max(0, start - len(quote.prefix)) : start] == quote.prefix:
        fit += 1
    if body[end : end + len(quote.suffix)] == quote.suffix:
        fit += 1
    return fit


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _boundary(body: str, position: int) -> bool:
    """Tell whether a quote may start or end at `position` (not inside a word)."""
    if position <= 0 or position >= len(body):
        return True
    return not (_is_word(body[position - 1]) and _is_word(body[position]))


def _fitted(body: str, exact: str, start: int, end: int) -> tuple[int, int] | None:
    """Return the whole-word span near [start, end) most like `exact`, or None.

    Candidates' ends are rough (an aligned window has the quote's old length): each end
    is moved in turn to the word boundary within reach that makes the words most alike.
    """
    words = _whole_words(body, start, end)
    if words is None:
        return None
    start, end = words
    reach = min(len(exact) // 4 + 4, 60)
    for _ in range(2):
        starts = [
            p
            for p in range(max(0, start - reach), min(end, start + reach + 1))
            if _boundary(body, p) and not body[p].isspace()
        ] or [start]
        start = max(starts, key=lambda p: (similarity(exact, body[p:end]), -abs(p - start)))
        ends = [
            p
            for p in range(max(start + 1, end - reach), min(len(body), end + reach) + 1)
            if _boundary(body, p) and not body[p - 1].isspace()
        ] or [end]
        end = max(ends, key=lambda p: (similarity(exact, body[start:p]), -abs(p - end)))
    return (start, end) if body[start:end].strip() else None


def _whole_words(body: str, start: int, end: int) -> tuple[int, int] | None:
    """Widen [start, end) to whole words and trim white space; None if nothing is left."""
    start, end = max(0, start), min(len(body), end)
    while start > 0 and start < len(body) and _is_word(body[start - 1]) and _is_word(body[start]):
        start -= 1
    while 0 < end < len(body) and _is_word(body[end - 1]) and _is_word(body[end]):
        end += 1
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _bitap(engine: diff_match_patch, text: str, pattern: str, near: int) -> int | None:
    if not pattern.strip():
        return None
    where = engine.match_main(text, pattern, max(0, min(near, len(text))))
    return None if where == -1 else int(where)


def _bitap_spans(
    engine: diff_match_patch, body: str, exact: str, near: int
) -> Iterable[tuple[int, int]]:
    """Yield spans near `near` where the quote's head (and tail, when long) nearly occur.

    Searches a window around `near` only: bitap's cost grows with the text it scans.
    """
    pad = _BITAP_CHARS + len(exact) // 4
    low = max(0, near - pad)
    window = body[low : near + len(exact) + pad]
    near -= low
    if len(exact) <= _BITAP_CHARS:
        where = _bitap(engine, window, exact, near)
        if where is not None:
            yield low + where, low + where + len(exact)
        return
    head = _bitap(engine, window, exact[:_BITAP_CHARS], near)
    tail_near = (head if head is not None else near) + len(exact) - _BITAP_CHARS
    tail = _bitap(engine, window, exact[-_BITAP_CHARS:], tail_near)
    if head is not None and tail is not None and tail + _BITAP_CHARS > head:
        yield low + head, low + tail + _BITAP_CHARS
    if head is not None:
        yield low + head, low + head + len(exact)
    if tail is not None:
        yield low + tail + _BITAP_CHARS - len(exact), low + tail + _BITAP_CHARS


def _seeded_starts(body: str, exact: str, near: int) -> list[int]:
    """Return where the quote may start: near `near`, and wherever a piece of it occurs.

    Seed and extend: a few pieces of the quote are searched verbatim (fast), each hit
    says where the whole quote would start; the nearest of those are looked at closely.
    """
    starts = {near}
    size = min(_SEED_CHARS, max(4, len(exact) // 2))
    step = max(size, (len(exact) - size) // _SEEDS)
    for offset in range(0, max(1, len(exact) - size + 1), step):
        piece = exact[offset : offset + size]
        if not piece.strip():
            continue
        hits = 0
        position = body.find(piece)
        while position != -1 and hits < _SEED_HITS:
            starts.add(position - offset)
            hits += 1
            position = body.find(piece, position + 1)
    return sorted(starts, key=lambda s: (abs(s - near), s))[:_WINDOWS]


def _aligned(body: str, exact: str, start: int) -> tuple[int, int]:
    """Return the span around `start` that lines up best with the quote (edits allowed)."""
    pad = len(exact) // 4 + 8
    low = max(0, start - pad)
    window = body[low : start + len(exact) + pad]
    if len(window) <= len(exact):
        return low, low + len(window)
    best = fuzz.partial_ratio_alignment(exact, window)
    if best is None:  # no alignment at all: the window as it stands
        return low, low + len(window)
    return low + best.dest_start, low + best.dest_end


class _Finder:
    """Finds quotes in one new text, never giving two quotes the very same span."""

    def __init__(self, old: str, new: str) -> None:
        self.engine = _engine()
        self.new = new
        self.map = _Mapper(old, new, self.engine)
        self.taken: set[tuple[int, int]] = set()

    def expected(self, quote: Quote) -> int:
        if quote.start is not None:
            return self.map(quote.start)
        return min(max(quote.hint or 0, 0), len(self.new))

    def same_words(self, quote: Quote, *, in_context: bool) -> Found | None:
        near = self.expected(quote)
        size = len(quote.exact)
        fits = {
            p: _context_fit(self.new, quote, p)
            for p in _occurrences(self.new, quote.exact)
            if (p, p + size) not in self.taken
        }
        if in_context:
            fits = {p: fit for p, fit in fits.items() if fit == 2}
        if not fits:
            return None
        best = min(fits, key=lambda p: (-fits[p], abs(p - near), p))
        method = AnchorMethod.EXACT if fits[best] == 2 else AnchorMethod.MOVED
        return self._take(quote, method, 1.0, best, best + size)

    def close_words(self, quote: Quote) -> Found | None:
        near = self.expected(quote)
        spans: list[tuple[int, int]] = []
        if quote.start is not None:
            spans.append((near, self.map(quote.start + len(quote.exact))))
        spans.extend(_bitap_spans(self.engine, self.new, quote.exact, near))
        for start in _seeded_starts(self.new, quote.exact, near):
            spans.append(_aligned(self.new, quote.exact, start))
        scored: list[tuple[float, int, int, int]] = []
        for start, end in spans:
            words = _fitted(self.new, quote.exact, start, end)
            if words is None or words in self.taken:
                continue
            score = similarity(quote.exact, self.new[words[0] : words[1]])
            scored.append((score, -abs(words[0] - near), *words))
        if not scored:
            return None
        score, _, start, end = max(scored)
        if score < FUZZY_MIN:
            return None
        if self.new[start:end] == quote.exact:  # a near-miss widened onto the very words
            return self._take(quote, AnchorMethod.MOVED, 1.0, start, end)
        return self._take(quote, AnchorMethod.FUZZY, round(score, 3), start, end)

    def _take(
        self, quote: Quote, method: AnchorMethod, score: float, start: int, end: int
    ) -> Found:
        self.taken.add((start, end))
        return Found(quote.key, method, score, anchor_at(self.new, start, end))


def reanchor(old: str, new: str, quotes: Sequence[Quote]) -> dict[int, Found]:
    """Find every quote again in `new` (the text that replaces `old`), by key.

    Every quote first tries its words with their context, then (in a second round) its
    words alone, and only then the fuzzy search, each round in reading order: a quote
    whose words survived is never pushed off its place by a neighbour's looser match.
    Two quotes never get the same span; the second takes another occurrence, or is lost.
    """
    finder = _Finder(old, new)
    ordered = sorted(
        quotes, key=lambda q: (q.start is None, q.start if q.start is not None else 0, q.key)
    )
    found: dict[int, Found] = {}
    for in_context in (True, False):
        for quote in ordered:
            if quote.key not in found and quote.exact.strip():
                hit = finder.same_words(quote, in_context=in_context)
                if hit is not None:
                    found[quote.key] = hit
    for quote in ordered:
        if quote.key in found:
            continue
        hit = finder.close_words(quote) if quote.exact.strip() else None
        found[quote.key] = hit or Found(quote.key, AnchorMethod.LOST, 0.0, None)
    return found

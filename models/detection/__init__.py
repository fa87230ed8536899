"""Propose an article's check-worthy claims, each with a score, its reasons and its speaker.

Offline and explainable: sentences come from pysbd (see segment.py), a table of weighted
signals scores them (signals.py, scoring.py), and a few rules decide whose voice each one
is in (attribution.py). docs/detection.md describes the score, the signals and weights, the
attribution rules and the measured quality.

    candidates = detect_claims(body, author="Peter Hinssen", resolve=desk_speaker_named)
    for c in candidates:
        assert body[c.start : c.end] == c.text
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from models.detection.attribution import Voice, attribute
from models.detection.scoring import Context, Reason, reasons_for, score
from models.detection.segment import split_blocks, split_clauses, split_sentences, squash
from models.detection.signals import SUGGEST_THRESHOLD

__all__ = ["SUGGEST_THRESHOLD", "Candidate", "Reason", "detect_claims", "format_text"]

# Marks trimmed from a candidate's edges: the claim is the words, not the quotation marks.
_EDGE = "“”\"‘’'«»„ \t\r\n"
# A capitalised word after a letter, digit, comma or semicolon (not after a colon: "Q: Your").
_MID_SENTENCE_WORD = re.compile(r"(?<=[^\W_,;:)] )(\w[\w’'\-]*)|(?<=[,;)] )(\w[\w’'\-]*)")


@dataclass(frozen=True)
class Candidate:
    """A proposed claim: its exact span of the body, its speaker, score and reasons."""

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_reason: str
    score: float
    reasons: tuple[Reason, ...]

    def as_json(self) -> dict[str, Any]:
        """Return the candidate as plain JSON-ready data."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "speaker_reason": self.speaker_reason,
            "score": self.score,
            "reasons": [
                {"signal": r.signal, "weight": r.weight, "evidence": r.evidence}
                for r in self.reasons
            ],
        }


def detect_claims(
    body: str,
    *,
    author: str | None = None,
    publisher: str | None = None,
    resolve: Callable[[str], str | None] | None = None,
    threshold: float = SUGGEST_THRESHOLD,
) -> list[Candidate]:
    """Return the body's candidate claims scoring at least `threshold`, in text order.

    `resolve(name)` maps a name seen in the text to a known desk speaker's canonical name
    ("Pascal" -> "Pascal Coppens"), or None when the desk does not know it; an unknown
    name is returned as the text gives it (expanded to its fullest form).
    """
    blocks = split_blocks(body)
    sentences = split_sentences(body, blocks)
    attribution = attribute(
        body, blocks, sentences, author=author, publisher=publisher, resolve=resolve
    )
    proper_words = _proper_words(body)
    candidates: list[Candidate] = []
    for index, sentence in enumerate(sentences):
        start, end = attribution.quote_span(sentence) or (sentence.start, sentence.end)
        whole = _candidate(body, start, end, attribution.voices[index], proper_words)
        chosen = [whole] if whole is not None else []
        clauses = split_clauses(body, sentence.start, sentence.end)
        if len(clauses) > 1:
            parts = [
                _candidate(body, s, e, attribution.clause_voice(index, s, e), proper_words)
                for s, e in clauses
            ]
            chosen = _choose(whole, [p for p in parts if p is not None], threshold)
        candidates.extend(c for c in chosen if c.score >= threshold)
    return candidates


def _choose(whole: Candidate | None, parts: list[Candidate], threshold: float) -> list[Candidate]:
    """Choose between a sentence and its clauses.

    The clauses win when the sentence as a whole falls short but a clause does not (a fact
    joined to a promise: "we have 112 kilometres, and by next year we will have 150"), or
    when two clauses pass in different voices (a fact, and what someone else warned).
    """
    strong = [p for p in parts if p.score >= threshold]
    if whole is None or whole.score < threshold:
        return strong
    if len(strong) >= 2 and len({p.speaker for p in strong}) > 1:
        return strong
    return [whole]


def _candidate(
    body: str, start: int, end: int, voice: Voice, proper_words: frozenset[str]
) -> Candidate | None:
    """Score one span; None when nothing is left once quotation marks are trimmed."""
    start, end = _trim(body, start, end)
    if start >= end:
        return None
    text = body[start:end]
    # Only reported speech counts as a credit: a direct quote's "…," said X is no evidence
    # that the quoted words are checkable.
    credited = voice.credited if voice.own_credit and voice.credited in text else ""
    context = Context(credited, voice.interviewer, proper_words)
    reasons = reasons_for(text, context)
    return Candidate(
        text=text,
        start=start,
        end=end,
        speaker=voice.speaker,
        speaker_reason=voice.reason,
        score=score(reasons),
        reasons=tuple(reasons),
    )


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past quotation marks and whitespace at either edge, past a list
    bullet or Markdown heading mark at its start and a comma or colon at its end (the
    one a quote leaves before its credit)."""
    while start < end and (body[start] in _EDGE or _list_marker(body, start, end)):
        start += 1
    while end > start and (body[end - 1] in _EDGE or body[end - 1] in ",;:"):
        end -= 1
    return start, end


def _list_marker(body: str, start: int, end: int) -> bool:
    """Tell whether body[start] opens a Markdown or plain-text list item or heading."""
    char = body[start]
    if char in "•*#>":
        return True
    return char in "-–—" and start + 1 < end and body[start + 1] == " "


def _proper_words(body: str) -> frozenset[str]:
    """Return the words the body capitalises in mid-sentence (names, not sentence openers)."""
    words: set[str] = set()
    for match in _MID_SENTENCE_WORD.finditer(body):
        word = match.group(1) or match.group(2)
        if word[:1].isupper():
            words.add(word)
    return frozenset(words)


def format_text(candidates: Iterable[Candidate], body: str) -> str:
    """Return a listing for a person: each candidate's score, speaker, words and reasons."""
    lines: list[str] = []
    for number, candidate in enumerate(candidates, start=1):
        line_no = body.count("\n", 0, candidate.start) + 1
        speaker = candidate.speaker or "(no speaker)"
        lines.append(
            f"{number}. [{candidate.score:.2f}] {speaker} (line {line_no}, "
            f"{candidate.start}–{candidate.end})"
        )
        lines.append(f"   “{squash(candidate.text)}”")
        lines.append(f"   speaker: {candidate.speaker_reason}")
        reasons = ", ".join(f"{r.signal} {r.weight:+.2f} “{r.evidence}”" for r in candidate.reasons)
        lines.append(f"   reasons: {reasons or 'none'}")
        lines.append("")
    if not lines:
        return "No candidate claims.\n"
    return "\n".join(lines)

"""Score a sentence from its signals: BASE plus each fired signal's weight, clipped to 0–1."""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.detection import signals as table
from models.detection.names import NOT_NAMES, Name, find_names

_WORD = re.compile(r"[^\W\d_]+")
# Evidence longer than this is cut (a reason should be read in a second).
EVIDENCE_MAX = 60


@dataclass(frozen=True)
class Reason:
    """One signal that moved a candidate's score, by how much, and the words that fired it."""

    signal: str
    weight: float
    evidence: str


@dataclass(frozen=True)
class Context:
    """What the scorer needs beyond the sentence's words."""

    credited: str = ""  # the words crediting a speaker in this sentence
    interviewer: bool = False
    proper_words: frozenset[str] = frozenset()  # words the body capitalises mid-sentence


def reasons_for(text: str, context: Context) -> list[Reason]:
    """Return every signal that fires on `text`, in table order, then the computed ones.

    A match inside a name does not count ("Daniel Price" is no `financials`, "Best Buy"
    no `superlative`): a signal fires on the first of its matches outside every name.
    """
    names = find_names(text)
    inside = [(n.start, n.end) for n in names if _not_a_body(n)]
    fired: dict[str, Reason] = {}
    for signal in table.SIGNALS:
        if any(slug in fired for slug in signal.unless):
            continue
        for match in signal.pattern.finditer(text):
            if not any(start <= match.start() and match.end() <= end for start, end in inside):
                fired[signal.slug] = Reason(signal.slug, signal.weight, _evidence(match.group()))
                break
    reasons = list(fired.values())
    reasons.extend(_computed(text, context, names))
    return reasons


def _not_a_body(name: Name) -> bool:
    """Tell a person's or a thing's name of two words or more, or a titled one ("Dr
    Price"), from a body's (whose words, "Office for Budget Responsibility", are signals)."""
    return not name.is_org and (name.titled or len(name.text.split()) > 1)


def _computed(text: str, context: Context, names: list[Name]) -> list[Reason]:
    """Return the signals that need more than a pattern."""
    reasons: list[Reason] = []
    if context.credited:
        reasons.append(Reason("attribution", table.ATTRIBUTION, _evidence(context.credited)))
    name = _named_body(text, names, context.proper_words)
    if name is not None:
        reasons.append(name)
    if context.interviewer:
        reasons.append(Reason("interviewer", table.INTERVIEWER, "the interviewer's turn"))
    if _fragment(text):
        reasons.append(Reason("fragment", table.FRAGMENT, _evidence(text)))
    return reasons


def _fragment(text: str) -> bool:
    """Tell a line that states nothing: a date line, a byline, a label, "Thank you."

    Too few words, or no word in lower case at all (names and numbers only).
    """
    words = _WORD.findall(text)
    return len(words) < table.FRAGMENT_MIN_WORDS or not any(w[0].islower() for w in words)


def _named_body(text: str, names: list[Name], proper_words: frozenset[str]) -> Reason | None:
    """Return an `organisation` or `proper_name` reason for the sentence's first real name."""
    fallback: Reason | None = None
    for name in names:
        words = name.text.split()
        opens = name.start == len(text) - len(text.lstrip("“\"‘'( "))
        if opens and len(words) == 1 and words[0] not in proper_words:
            continue  # capitalised only because it opens the sentence
        if words[0].lower() in NOT_NAMES:
            continue
        if name.is_org:
            return Reason("organisation", table.ORGANISATION, _evidence(name.text))
        if fallback is None:
            fallback = Reason("proper_name", table.PROPER_NAME, _evidence(name.text))
    return fallback


def score(reasons: list[Reason]) -> float:
    """Return BASE plus the reasons' weights, clipped to 0–1 and rounded to 2 places."""
    total = table.BASE + sum(r.weight for r in reasons)
    return round(min(1.0, max(0.0, total)), 2)


def _evidence(words: str) -> str:
    """Trim evidence to a readable length."""
    words = " ".join(words.split())
    return words if len(words) <= EVIDENCE_MAX else words[: EVIDENCE_MAX - 1] + "…"

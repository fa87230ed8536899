"""What attribution works with: a voice, the body's context, and turning a mention into
a voice (expand the name, resolve it through the desk, say why)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from models.detection.mentions import Mention, MentionKind
from models.detection.names import Name, NameIndex
from models.detection.quotes import Speech
from models.detection.segment import Block

Resolver = Callable[[str], str | None]


@dataclass(frozen=True)
class Voice:
    """Whose a sentence is, and a short phrase saying why."""

    speaker: str | None
    reason: str
    credited: str = ""  # the words that credit the speaker, when the sentence has them
    interviewer: bool = False  # an interviewer's turn: prompts more than it claims
    own_credit: bool = False  # the sentence's own words credit the speaker (not a quote)
    sentence_wide: bool = False  # "according to X" covers every clause of its sentence


@dataclass
class BodyContext:
    """What attribution needs to know about the whole body."""

    body: str
    masked: str
    blocks: list[Block]
    names: list[Name]
    index: NameIndex
    speeches: list[Speech]
    default: Voice
    resolve: Resolver | None
    author: str | None


def resolved(full: str, short: str, resolve: Resolver | None) -> str:
    """Map a name to the desk's canonical speaker through `resolve`, if it knows it."""
    if resolve is not None:
        for candidate in (full, short):
            found = resolve(candidate)
            if found:
                return found
    return full


def credited(
    context: BodyContext,
    mention: Mention,
    position: int,
    last_person: str | None,
    current: str | None = None,
) -> Voice | None:
    """Turn a mention into a voice: expand the name, resolve it, say why."""
    if mention.kind is MentionKind.PRONOUN:
        if last_person is None:
            return None
        return Voice(last_person, f"“{mention.text} {mention.cue}” → {last_person}")
    if mention.kind is MentionKind.ROLE:
        person = context.index.expand_role(mention.text, position)
        if person is None:
            return None
        speaker = resolved(person, person, context.resolve)
        return Voice(speaker, f"“{mention.text}” {mention.cue} → {person}", mention.text)
    if mention.kind is MentionKind.GENERIC:
        subject = (position, mention.at) if mention.at > position else None
        full = context.index.expand_generic(mention.text, position, subject, current)
        if full is None:
            return None
        speaker = resolved(full, full, context.resolve)
        cue = f"{mention.cue}:" if mention.cue == "according to" else mention.cue
        reason = f"“{mention.text}” {cue} → {full}"
        return Voice(speaker, reason, mention.text, sentence_wide=mention.wide)
    full = context.index.expand(mention.text, position)
    speaker = resolved(full, mention.text, context.resolve)
    how = f"according to {mention.text}" if mention.cue == "according to" else None
    reason = how or f"{mention.text} {mention.cue}"
    return Voice(speaker, reason, mention.text, sentence_wide=mention.wide)

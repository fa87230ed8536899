"""Interview transcripts: whose each turn is, and which turns are the interviewer's."""

from __future__ import annotations

from collections import Counter

from models.detection.segment import Block, BlockKind
from models.detection.voices import BodyContext, Voice, resolved


def turn_voices(context: BodyContext) -> dict[int, Voice]:
    """Return the voice of each interview-turn block, by block index."""
    turns = [(i, b) for i, b in enumerate(context.blocks) if b.kind is BlockKind.TURN]
    if not turns:
        return {}
    interviewee = _interviewee(context)
    interviewers = _interviewer_labels(context, turns)
    voices: dict[int, Voice] = {}
    for index, block in turns:
        label = block.label or ""
        asking = label in interviewers
        if label == "Q":
            voice = Voice(context.default.speaker, "interview question", interviewer=True)
        elif label == "A":
            voice = Voice(interviewee, "interview answer")
        else:
            full = context.index.expand(label, block.start)
            speaker = resolved(full, label, context.resolve)
            voice = Voice(speaker, f"interview turn labelled “{label}”", interviewer=asking)
        voices[index] = voice
    return voices


def _interviewer_labels(context: BodyContext, turns: list[tuple[int, Block]]) -> set[str]:
    """Return the turn labels that are the interviewer's: the author's, or the first asker."""
    labels: set[str] = {"Q"}
    author_words = set((context.author or "").split())
    for _, block in turns:
        if block.label and set(block.label.split()) <= author_words:
            labels.add(block.label)
    if len(labels) == 1:
        first = turns[0][1]
        if context.body[first.start : first.end].rstrip().endswith("?") and first.label:
            labels.add(first.label)
            labels.update(
                b.label
                for _, b in turns
                if b.label and set(b.label.split()) <= set(first.label.split())
            )
    return labels


def _interviewee(context: BodyContext) -> str | None:
    """Return the person a Q/A interview is with: the most named non-author person."""
    counts: Counter[str] = Counter()
    for name in context.names:
        if len(name.text.split()) >= 2 and not name.is_org and name.text != context.author:
            counts[name.text] += 1
    if not counts:
        return None
    full = counts.most_common(1)[0][0]
    return resolved(full, full, context.resolve)

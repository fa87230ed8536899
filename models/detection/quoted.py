"""Who said each quoted speech, and which sentences are quoted speech."""

from __future__ import annotations

import re

from models.detection.mentions import Mention, MentionKind, find_mention
from models.detection.quotes import Speech, quoted_share
from models.detection.segment import Sentence
from models.detection.voices import BodyContext, Voice, credited

# Share of a sentence inside quotation marks above which it is the quoted person's.
QUOTED_SHARE = 0.6


def speech_speakers(context: BodyContext) -> dict[int, Voice]:
    """Return the voice of each quoted speech (by index), where the text names one."""
    voices: dict[int, Voice] = {}
    for index, speech in enumerate(context.speeches):
        found = _speech_voice(context, speech)
        if found is not None:
            voices[index] = found
    return voices


def _speech_voice(context: BodyContext, speech: Speech) -> Voice | None:
    """Find who said a speech: named after a piece, before the first one, or by pronoun."""
    for number, piece in enumerate(speech.pieces):
        block = context.blocks[piece.block]
        after_end = _next_piece_start(speech, number, block.end)
        after = _first_clause(context.masked, piece.end, after_end)
        mention = find_mention(context.masked, piece.end, after, context.names)
        where = "named after the quote"
        if mention is None:
            before_start = _previous_piece_end(speech, number, block.text_start)
            mention = _introducer(context, before_start, piece.start)
            where = "named before the quote"
        if mention is None:
            continue
        if mention.kind is MentionKind.PRONOUN:
            prior = _prior_person(context, piece.start)
            if prior is None:
                continue
            return Voice(prior, f"quoted; “{mention.text} {mention.cue}”: {prior}")
        voice = credited(context, mention, piece.start, None)
        if voice is not None:
            return Voice(voice.speaker, f"quoted; {where} ({voice.reason})", voice.credited)
    return None


def _prior_person(context: BodyContext, position: int) -> str | None:
    """Return the person last credited in prose before `position` (for "he said")."""
    for block in reversed(context.blocks):
        if block.start >= position:
            continue
        end = min(block.end, position)
        mention = find_mention(context.masked, block.start, end, context.names)
        if mention is not None and mention.kind is MentionKind.NAME:
            voice = credited(context, mention, block.start, None)
            return voice.speaker if voice else None
    return None


def _next_piece_start(speech: Speech, number: int, block_end: int) -> int:
    """Return where the next piece of the same block starts, else the block's end."""
    piece = speech.pieces[number]
    following = speech.pieces[number + 1] if number + 1 < len(speech.pieces) else None
    if following is not None and following.block == piece.block:
        return following.start
    return block_end


def _previous_piece_end(speech: Speech, number: int, block_start: int) -> int:
    """Return where the previous piece of the same block ends, else the block's start."""
    if number > 0 and speech.pieces[number - 1].block == speech.pieces[number].block:
        return speech.pieces[number - 1].end
    return block_start


def _first_clause(masked: str, start: int, end: int) -> int:
    """Return where the first sentence after a closing quote ends (at most `end`)."""
    match = re.search(r"[.!?;](?:\s|$)", masked[start:end])
    return start + match.end() if match else end


def _introducer(context: BodyContext, start: int, end: int) -> Mention | None:
    """Read "Meng said: “…" — a credit that ends right where the quote opens."""
    text = context.masked[start:end]
    if not re.search(r"[:,]\s*$", text):
        return None
    clause_start = start + max(text.rfind(". "), text.rfind("? "), text.rfind("! "), -1) + 1
    tail = re.sub(r"[:,]\s*$", "", text)
    return find_mention(context.masked, clause_start, start + len(tail), context.names)


def quoted_voice(
    context: BodyContext, sentence: Sentence, speakers: dict[int, Voice]
) -> Voice | None:
    """Return the speech's voice when the sentence is mostly quoted words, or is a quote
    followed by its credit (“It is one project,” said Dana Whitfield, director of …)."""
    for index, speech in enumerate(context.speeches):
        if speech.pieces[-1].end <= sentence.start or speech.pieces[0].start >= sentence.end:
            continue
        opens_with_it = index in speakers and any(p.start == sentence.start for p in speech.pieces)
        if opens_with_it or quoted_share(sentence.start, sentence.end, speech) >= QUOTED_SHARE:
            return speakers.get(index)
    return None

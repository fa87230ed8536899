"""Decide whose voice each sentence is in.

The rules, in order of precedence:

1. An interview turn ("Marchetti: …", "Q: …") belongs to the person it is labelled with.
2. A sentence that is mostly quoted speech belongs to the speech's speaker, named before
   the quote ("Meng said: “…”"), after it ("“…,” said Nadia Rahman"), by pronoun ("he
   said": the last person credited) or in another paragraph of the same quote.
3. A sentence that credits someone ("according to X", "X said that", "…, said X")
   belongs to X, and X's voice carries over to the following sentences of the paragraph.
4. When one speaker (not the author) is credited in reported speech at least
   MAIN_VOICE_MIN times, the article is relaying that person: their voice also carries
   over paragraph breaks, until a heading, a first-person sentence by the narrator or
   another credit.
5. Otherwise the article's author, else its publisher, else nobody.

Short forms are expanded to the full name seen in the text ("Ms Rahman" → "Nadia Rahman",
"the statistics office" → "National Statistics Office"), then passed through `resolve`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from models.detection.mentions import Mention, MentionKind, find_mention
from models.detection.names import Name, NameIndex, find_names
from models.detection.quotes import MASK, Speech, find_speeches, mask_quotes, quoted_share
from models.detection.segment import Block, BlockKind, Sentence

Resolver = Callable[[str], str | None]

# Share of a sentence inside quotation marks above which it is the quoted person's.
QUOTED_SHARE = 0.6
# Credits in reported speech that make one speaker the voice the article relays.
MAIN_VOICE_MIN = 4
_FIRST_PERSON = re.compile(r"(?:^|[^\w’'])(I|I’ve|I'm|I’m|I've|my|me|I’d|I'd)(?=$|[^\w’'])")


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
class _Context:
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


@dataclass
class Attribution:
    """The voice of each sentence, and of any clause of it (see clause_voice)."""

    context: _Context
    voices: list[Voice]
    before: list[Voice]  # the voice each sentence would have had without its own credit

    def quote_span(self, sentence: Sentence) -> tuple[int, int] | None:
        """Return the quoted words of a sentence that is a quote and then its credit.

        “These numbers show our plan is working,” said the minister, Nadia Rahman. →
        the span of “These numbers show our plan is working,” (the credit is in
        `speaker_reason`; the claim is the words). None for any other sentence.
        """
        context = self.context
        for speech in context.speeches:
            for piece in speech.pieces:
                if piece.start != sentence.start or not piece.closed:
                    continue
                if piece.end >= sentence.end:
                    return None
                tail = context.masked[piece.end : sentence.end]
                if MASK in tail:
                    return None  # a second quote follows: keep the whole sentence
                if find_mention(context.masked, piece.end, sentence.end, context.names):
                    return piece.start, piece.end
                return None
        return None

    def clause_voice(self, index: int, start: int, end: int) -> Voice:
        """Return the voice of body[start:end], a clause of sentence `index`.

        A sentence that credits someone in one clause ("…15%, and the statistics office
        has warned that …") gives that credit to that clause only; its other clauses keep
        the voice the text was in before the sentence.
        """
        voice = self.voices[index]
        if not voice.own_credit or voice.sentence_wide:
            return voice
        if self.context.body[start:end].lower().startswith("that "):
            return voice  # "X said that A, and that B": B is still X's
        context = self.context
        mention = find_mention(context.masked, start, end, context.names)
        credited = _credited(context, mention, start, None) if mention else None
        if credited is not None:
            return credited
        return self.before[index]


def attribute(
    body: str,
    blocks: list[Block],
    sentences: list[Sentence],
    *,
    author: str | None,
    publisher: str | None,
    resolve: Resolver | None,
) -> Attribution:
    """Return the voice of each sentence, in the same order."""
    speeches = find_speeches(body, blocks)
    masked = mask_quotes(body, speeches)
    names = [
        n
        for b in blocks
        for n in find_names(masked[b.start : b.end], b.start)
        if not _dateline(body, b, n)
    ]
    names += [n for b in blocks if b.label for n in find_names(b.label, b.start)]
    names.sort(key=lambda n: n.start)
    default = _default(author, publisher, resolve)
    context = _Context(
        body, masked, blocks, names, NameIndex(names), speeches, default, resolve, author
    )
    voices, before = _walk(context, sentences)
    return Attribution(context, voices, before)


def _dateline(body: str, block: Block, name: Name) -> bool:
    """Tell a wire story's dateline ("OSLO, March 3 -") from a name."""
    return (
        name.start == block.start and name.text.isupper() and body[name.end : name.end + 1] == ","
    )


def _default(author: str | None, publisher: str | None, resolve: Resolver | None) -> Voice:
    """Return the voice of narration: the author, else the publisher, else nobody."""
    if author:
        return Voice(_resolved(author, author, resolve), "article's author")
    if publisher:
        return Voice(_resolved(publisher, publisher, resolve), "article's publisher")
    return Voice(None, "no author or publisher given")


def _resolved(full: str, short: str, resolve: Resolver | None) -> str:
    """Map a name to the desk's canonical speaker through `resolve`, if it knows it."""
    if resolve is not None:
        for candidate in (full, short):
            found = resolve(candidate)
            if found:
                return found
    return full


def _walk(context: _Context, sentences: list[Sentence]) -> tuple[list[Voice], list[Voice]]:
    """Assign voices sentence by sentence, carrying reported voices forward.

    Returns the voices and, for each sentence, the voice carried into it.
    """
    speech_speakers = _speech_speakers(context)
    main = _main_voice(context, sentences)
    turn_voices = _turn_voices(context)
    voices: list[Voice] = []
    before: list[Voice] = []
    carried = context.default
    last_person: str | None = None
    closing_credit = False  # the previous paragraph was one sentence, and it credited someone
    block_sizes = Counter(sentence.block for sentence in sentences)
    previous_block = -1
    for sentence in sentences:
        block = context.blocks[sentence.block]
        if sentence.block != previous_block:
            if block.kind is BlockKind.HEADING or not (carried.speaker == main or closing_credit):
                carried = context.default
            previous_block = sentence.block
        closing_credit = False
        before.append(carried)
        if sentence.block in turn_voices:
            voices.append(turn_voices[sentence.block])
            continue
        quoted = _quoted_voice(context, sentence, speech_speakers)
        if quoted is not None:
            voices.append(quoted)
            last_person = quoted.speaker
            continue
        mention = find_mention(context.masked, sentence.start, sentence.end, context.names)
        voice = _credited(context, mention, sentence.start, last_person) if mention else None
        if voice is not None:
            voices.append(_own(voice))
            carried = Voice(voice.speaker, f"carried over: {voice.reason}")
            closing_credit = block_sizes[sentence.block] == 1
            if mention is not None and mention.kind is not MentionKind.GENERIC:
                last_person = voice.speaker
            continue
        own_words = context.masked[sentence.start : sentence.end]
        if _FIRST_PERSON.search(own_words) or own_words.rstrip().endswith("?"):
            carried = context.default  # the narrator speaks again
        voices.append(carried)
    return voices, before


def _own(voice: Voice) -> Voice:
    """Mark a voice as credited by the sentence's own words."""
    return Voice(
        voice.speaker,
        voice.reason,
        voice.credited,
        own_credit=True,
        sentence_wide=voice.sentence_wide,
    )


def _credited(
    context: _Context, mention: Mention, position: int, last_person: str | None
) -> Voice | None:
    """Turn a mention into a voice: expand the name, resolve it, say why."""
    if mention.kind is MentionKind.PRONOUN:
        if last_person is None:
            return None
        return Voice(last_person, f"“{mention.text} {mention.cue}” → {last_person}")
    if mention.kind is MentionKind.GENERIC:
        subject = (position, mention.at) if mention.at > position else None
        full = context.index.expand_generic(mention.text, position, subject)
        if full is None:
            return None
        speaker = _resolved(full, full, context.resolve)
        cue = f"{mention.cue}:" if mention.cue == "according to" else mention.cue
        reason = f"“{mention.text}” {cue} → {full}"
        return Voice(speaker, reason, mention.text, sentence_wide=mention.wide)
    full = context.index.expand(mention.text, position)
    speaker = _resolved(full, mention.text, context.resolve)
    how = f"according to {mention.text}" if mention.cue == "according to" else None
    reason = how or f"{mention.text} {mention.cue}"
    return Voice(speaker, reason, mention.text, sentence_wide=mention.wide)


def _main_voice(context: _Context, sentences: list[Sentence]) -> str | None:
    """Return the speaker the article relays, credited MAIN_VOICE_MIN times or more."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        mention = find_mention(context.masked, sentence.start, sentence.end, context.names)
        if mention is None or mention.kind is MentionKind.PRONOUN:
            continue
        voice = _credited(context, mention, sentence.start, None)
        if voice is not None and voice.speaker != context.default.speaker:
            counts[voice.speaker or ""] += 1
    if not counts:
        return None
    speaker, count = counts.most_common(1)[0]
    return speaker if count >= MAIN_VOICE_MIN else None


def _speech_speakers(context: _Context) -> dict[int, Voice]:
    """Return the voice of each quoted speech (by index), where the text names one."""
    voices: dict[int, Voice] = {}
    for index, speech in enumerate(context.speeches):
        found = _speech_voice(context, speech)
        if found is not None:
            voices[index] = found
    return voices


def _speech_voice(context: _Context, speech: Speech) -> Voice | None:
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
        voice = _credited(context, mention, piece.start, None)
        if voice is not None:
            return Voice(voice.speaker, f"quoted; {where} ({voice.reason})", voice.credited)
    return None


def _prior_person(context: _Context, position: int) -> str | None:
    """Return the person last credited in prose before `position` (for "he said")."""
    for block in reversed(context.blocks):
        if block.start >= position:
            continue
        end = min(block.end, position)
        mention = find_mention(context.masked, block.start, end, context.names)
        if mention is not None and mention.kind is MentionKind.NAME:
            voice = _credited(context, mention, block.start, None)
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


def _introducer(context: _Context, start: int, end: int) -> Mention | None:
    """Read "Meng said: “…" — a credit that ends right where the quote opens."""
    text = context.masked[start:end]
    if not re.search(r"[:,]\s*$", text):
        return None
    clause_start = start + max(text.rfind(". "), text.rfind("? "), text.rfind("! "), -1) + 1
    tail = re.sub(r"[:,]\s*$", "", text)
    return find_mention(context.masked, clause_start, start + len(tail), context.names)


def _quoted_voice(
    context: _Context, sentence: Sentence, speakers: dict[int, Voice]
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


def _turn_voices(context: _Context) -> dict[int, Voice]:
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
            speaker = _resolved(full, label, context.resolve)
            voice = Voice(speaker, f"interview turn labelled “{label}”", interviewer=asking)
        voices[index] = voice
    return voices


def _interviewer_labels(context: _Context, turns: list[tuple[int, Block]]) -> set[str]:
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


def _interviewee(context: _Context) -> str | None:
    """Return the person a Q/A interview is with: the most named non-author person."""
    counts: Counter[str] = Counter()
    for name in context.names:
        if len(name.text.split()) >= 2 and not name.is_org and name.text != context.author:
            counts[name.text] += 1
    if not counts:
        return None
    full = counts.most_common(1)[0][0]
    return _resolved(full, full, context.resolve)

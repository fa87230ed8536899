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
Turns are read in turns.py, quoted speech in quoted.py, credits in mentions.py; this
module walks the sentences and carries voices over.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from models.detection.mentions import SPEECH_VERBS, MentionKind, find_mention
from models.detection.names import Name, NameIndex, find_descriptions, find_names
from models.detection.quoted import quoted_voice, speech_speakers
from models.detection.quotes import MASK, find_speeches, mask_quotes
from models.detection.segment import Block, BlockKind, Sentence
from models.detection.turns import turn_voices
from models.detection.voices import BodyContext, Resolver, Voice, credited, resolved

__all__ = ["Attribution", "Voice", "attribute"]

# Credits in reported speech that make one speaker the voice the article relays.
MAIN_VOICE_MIN = 4
MAIN_VOICE_SHARE = 2 / 3
# A clause that goes on with the sentence's credited subject: "that …", "but said …".
_SAME_SUBJECT = re.compile(rf"(?i:that\s|(?:and|but|while)?\s*(?:also\s+)?(?:{SPEECH_VERBS})\b)")
_FIRST_PERSON = re.compile(r"(?:^|[^\w’'])(I|I’ve|I'm|I’m|I've|[Mm]y|[Mm]e|I’d|I'd)(?=$|[^\w’'])")


@dataclass
class Attribution:
    """The voice of each sentence, and of any clause of it (see clause_voice)."""

    context: BodyContext
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
        if _SAME_SUBJECT.match(self.context.body[start:end]):
            return voice  # "X said that A, and that B" / "X confirmed A, but said B": X's
        context = self.context
        mention = find_mention(context.masked, start, end, context.names)
        own = credited(context, mention, start, None) if mention else None
        if own is not None:
            return own
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
    context = BodyContext(
        body,
        masked,
        blocks,
        names,
        NameIndex(names, find_descriptions(masked), masked),
        speeches,
        default,
        resolve,
        author,
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
        return Voice(resolved(author, author, resolve), "article's author")
    if publisher:
        return Voice(resolved(publisher, publisher, resolve), "article's publisher")
    return Voice(None, "no author or publisher given")


def _walk(context: BodyContext, sentences: list[Sentence]) -> tuple[list[Voice], list[Voice]]:
    """Assign voices sentence by sentence, carrying reported voices forward.

    Returns the voices and, for each sentence, the voice carried into it.
    """
    by_speech = speech_speakers(context)
    main = _main_voice(context, sentences)
    by_turn = turn_voices(context)
    voices: list[Voice] = []
    before: list[Voice] = []
    carried = context.default
    last_person: str | None = None
    last_person_at = -1
    closing_credit = False  # the previous paragraph was a one-sentence lead with a credit
    lead = _lead_block(context.blocks, sentences)
    previous_block = -1
    for sentence in sentences:
        block = context.blocks[sentence.block]
        if sentence.block != previous_block:
            if block.kind is BlockKind.HEADING or not (carried.speaker == main or closing_credit):
                carried = context.default
            previous_block = sentence.block
        closing_credit = False
        before.append(carried)
        if sentence.block in by_turn:
            voices.append(by_turn[sentence.block])
            continue
        quoted = quoted_voice(context, sentence, by_speech)
        if quoted is not None:
            voices.append(quoted)
            last_person = quoted.speaker
            last_person_at = sentence.start
            continue
        mention = find_mention(context.masked, sentence.start, sentence.end, context.names)
        if mention is not None and mention.kind is MentionKind.PRONOUN:
            named = _person_named_since(context, last_person_at, sentence)
            last_person = named or last_person
        voice = (
            credited(context, mention, sentence.start, last_person, carried.speaker)
            if mention
            else None
        )
        if voice is not None:
            voices.append(_own(voice))
            carried = Voice(voice.speaker, f"carried over: {voice.reason}")
            closing_credit = sentence.block == lead
            if mention is not None and mention.kind is not MentionKind.GENERIC:
                last_person = voice.speaker
                last_person_at = sentence.start
            continue
        own_words = context.masked[sentence.start : sentence.end]
        if _FIRST_PERSON.search(own_words) or own_words.rstrip().endswith("?"):
            carried = context.default  # the narrator speaks again
        voices.append(carried)
    return voices, before


def _person_named_since(context: BodyContext, since: int, sentence: Sentence) -> str | None:
    """Return the person a "he said" / "she said" most likely points to when someone was
    introduced with a title after the last credit, in this paragraph or the one before
    ("Opposition leader Graham Tully called the plan … He said …" -> Graham Tully)."""
    first_block = max(0, sentence.block - 1)
    window_start = max(since + 1, context.blocks[first_block].start)
    people = [
        n
        for n in context.names
        if window_start <= n.start < sentence.start and n.titled and not n.is_org
    ]
    if not people:
        return None
    latest = people[-1]
    full = context.index.expand(latest.text, latest.start)
    return resolved(full, latest.text, context.resolve)


def _lead_block(blocks: list[Block], sentences: list[Sentence]) -> int | None:
    """Return the news lead: the first paragraph, when it is one sentence long.

    Its credit ("Unemployment fell to 3.9%, according to … the statistics office.")
    covers the paragraph of details after it.
    """
    sizes = Counter(sentence.block for sentence in sentences)
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.PARAGRAPH:
            return index if sizes[index] == 1 else None
    return None


def _own(voice: Voice) -> Voice:
    """Mark a voice as credited by the sentence's own words."""
    return Voice(
        voice.speaker,
        voice.reason,
        voice.credited,
        own_credit=True,
        sentence_wide=voice.sentence_wide,
    )


def _main_voice(context: BodyContext, sentences: list[Sentence]) -> str | None:
    """Return the speaker the article relays: credited MAIN_VOICE_MIN times or more, and
    in at least MAIN_VOICE_SHARE of all credits (a news story quoting several people
    relays none of them)."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        mention = find_mention(context.masked, sentence.start, sentence.end, context.names)
        if mention is None or mention.kind is MentionKind.PRONOUN:
            continue
        voice = credited(context, mention, sentence.start, None)
        if voice is not None and voice.speaker != context.default.speaker:
            counts[voice.speaker or ""] += 1
    if not counts:
        return None
    speaker, count = counts.most_common(1)[0]
    dominant = count >= MAIN_VOICE_SHARE * sum(counts.values())
    return speaker if count >= MAIN_VOICE_MIN and dominant else None

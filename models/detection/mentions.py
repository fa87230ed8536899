"""Find who a stretch of text says is speaking: "according to X", "X said", "…, said X".

Works on the body with quoted words masked (see quotes.mask_quotes), so a name inside a
quotation is never taken for the speaker. Returns the mention as written; expanding it to a
full name and resolving it to a desk speaker is attribution's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from models.detection.names import GENERIC_HEADS, NOT_NAMES, TITLES, Name
from models.detection.quotes import MASK

SPEECH_VERBS = (
    "said|says|say|told|tells|explained|explains|stated|states|added|adds|argued|argues"
    "|noted|notes|pointed out|points out|claimed|claims|believes|believed|estimates"
    "|estimated|warned|warns|clarified|clarifies|reported|reports|announced|announces"
    "|insisted|insists|wrote|writes|recalled|recalls|suggested|suggests|confirmed|confirms"
    "|revealed|reveals|admitted|admits|predicted|predicts|observed|stressed|emphasised"
    "|emphasized|acknowledged|concluded|asked|asks|replied|continued|maintains|maintained"
    "|promised|promises|pledged|vowed|show|shows|showed|reveal|reveals|revealed"
    "|accused|accuses|criticised|criticized|dismissed|denied|denies|rejected|urged|conceded"
    "|boasted|countered|responded|welcomed|defended|disputed|cautioned"
)
_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
_CLAUSE_STOP = re.compile(r"[,;:.!?()" + MASK + "]")
_ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
# Words that may sit between a speaker and the speech verb: "Pascal also pointed out".
_ADVERBS = re.compile(
    r"(?:\s+|^)(?:also|later|then|repeatedly|has|have|had|really|for instance|for example"
    r"|again|previously|recently|once|further|even|now|too|often|always|has also|had also"
    r"|himself|herself|itself|yesterday|today|on \w+day)\s*$"
)
_APPOSITIVE = re.compile(r",[^,]{1,130},\s*$")
_PRONOUN = re.compile(r"(?:^|\s)(he|she|they|it|his|her|their|its)\s*$", re.IGNORECASE)
_PRONOUN_AFTER = re.compile(r"^\s*(he|she|they)\b", re.IGNORECASE)
_GENERIC = re.compile(
    r"(?:^|\s)((?:[Tt]he|[Ii]ts|his|her|their|our)\s+(?:[\w\-’']+\s+){0,3}([a-z]+))\s*$"
)
# "new Environment Agency figures show", "figures from the ONS show": the source is the name.
_SOURCE_NOUN = re.compile(
    r"\s+(?:(?:new|latest|official|provisional|annual|its|their)\s+)*(?:figures|data"
    r"|statistics|numbers|research|report|survey|study|analysis|estimates|records)\s*$"
)  # lower case: "the Office for National Statistics says" is a name, not a source noun
# "the council's own figures", "the ministry's data": the body that owns the source.
_SOURCES = (
    r"(?:figures|data|statistics|numbers|research|report|survey|study|analysis|estimates"
    r"|records)"
)
_POSSESSIVE_SOURCE = re.compile(
    r"(?:^|\s)((?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?:[\w\-]+\s+){0,3}?([a-z]+))[’']s\s+"
    rf"(?:(?:own|new|latest|official|provisional|annual)\s+)*{_SOURCES}\b"
)
# Adjectives that open a source noun phrase: "Official figures show" names nobody.
_SOURCE_ADJECTIVES = frozenset({"new", "latest", "official", "provisional", "annual"})
# "according to figures released by the league on Wednesday": the body after by/from.
_BY_GENERIC = re.compile(r"\b(?:by|from)\s+((?:the|its)\s+(?:[\w\-’']+\s+){0,3}?([a-z]+))\b")
# "police officials said", "a company spokesperson said": the body they speak for.
_STAFF = re.compile(
    r"(?:^|\s)(?:[Aa]n?\s+|[Tt]he\s+)?([a-z]+)\s+(?:officials?|spokes(?:person|woman|man))\s*$"
)
# "the minister", "the Trade Minister", "the chief executive": a role, not a body.
_ROLE = re.compile(r"(?:^|\s)([Tt]he\s+(?:[\w\-]+\s+){0,2}([A-Za-z]+))\s*$")
# Words that end a speaker's description after an inverted verb: a clause has begun.
_CLAUSE_WORDS = frozenset(
    {"that", "it", "this", "had", "has", "have", "was", "were", "is", "are", "will", "would"}
    | {"could", "can", "did", "do", "does", "should", "may", "might", "must", "not"}
)
_TOKEN = re.compile(r"[\w’'\-.]+|[^\w\s]")
# Prepositions that make a following capitalised word a place or a date, not a source.
_PREPOSITIONS = frozenset(
    {"of", "in", "on", "at", "for", "with", "about", "over", "since", "during", "among"}
    | {"than", "into", "across", "after", "before", "between", "within", "per"}
)
# How many words may describe a speaker before the name: "said chief executive Marta Lindgren".
MAX_DESCRIPTOR_WORDS = 5


class MentionKind(Enum):
    """How the speaker is named."""

    NAME = "name"  # "Nadia Rahman", "Dr Osei", "Pascal"
    PRONOUN = "pronoun"  # "he", "she"
    GENERIC = "generic"  # "the statistics office", "the company"
    ROLE = "role"  # "the minister", "the detective inspector": the person so titled


@dataclass(frozen=True)
class Mention:
    """A speaker named in the text, the way it was named, and the words that named it."""

    kind: MentionKind
    text: str
    cue: str  # "according to", "said", …
    name: Name | None = None
    at: int = -1  # where a generic mention starts in the body (-1: not recorded)

    @property
    def wide(self) -> bool:
        """Tell whether the credit covers its whole sentence, as a source does.

        "According to X, A, and B" and "X figures show A, but B" credit both A and B;
        "X said A, and Y warned B" credits X with A only.
        """
        return self.cue in {"according to", "show", "shows", "showed"} or self.cue.startswith(
            "reveal"
        )


def find_mention(masked: str, start: int, end: int, names: list[Name]) -> Mention | None:
    """Return the speaker that masked[start:end] credits, if it credits one.

    `names` are the names found in the whole body (offsets into it).
    """
    text = masked[start:end]
    according = _according(text, start, names)
    if according is not None:
        return according
    for verb in _VERB.finditer(text):
        mention = _around_verb(text, start, verb, names)
        if mention is not None:
            return mention
    return None


def _according(text: str, offset: int, names: list[Name]) -> Mention | None:
    """Read the source after "according to": a name, or a generic phrase."""
    match = _ACCORDING.search(text)
    if match is None:
        return None
    rest = text[match.end() :]
    clause = rest[: _clause_end(rest)]
    usable = True
    position = 0
    for token in _TOKEN.finditer(clause):
        word = token.group()
        position = match.end() + token.start()
        if word.lower() in {"by", "from"}:
            usable = True
        elif word.lower() in _PREPOSITIONS or any(c.isdigit() for c in word):
            usable = False
        elif word[:1].isupper() and usable and word.lower() not in {"the", "a", "an"}:
            name = _name_at(names, offset + position)
            if name is not None:
                return Mention(MentionKind.NAME, name.text, "according to", name)
    by = _BY_GENERIC.search(clause)
    if by and by.group(2) in GENERIC_HEADS:
        return Mention(MentionKind.GENERIC, by.group(1), "according to")
    owner = _POSSESSIVE_SOURCE.match(" " + clause.strip())
    if owner and owner.group(2) in GENERIC_HEADS:
        return Mention(MentionKind.GENERIC, owner.group(1), "according to")
    generic = _GENERIC.search(" " + clause.strip())
    if generic and generic.group(2) in GENERIC_HEADS:
        return Mention(MentionKind.GENERIC, generic.group(1), "according to")
    return None


def _clause_end(text: str) -> int:
    """Return where the clause at the start of `text` ends: at punctuation, but not at
    the full stop of a title or an initial ("Dr. Lena Hartmann", "J. K. Rowling")."""
    for stop in _CLAUSE_STOP.finditer(text):
        if stop.group() == ".":
            word = re.search(r"(\w+)$", text[: stop.start()])
            if word and (word.group(1).lower() in TITLES or len(word.group(1)) == 1):
                continue
        return stop.start()
    return len(text)


def _around_verb(text: str, offset: int, verb: re.Match[str], names: list[Name]) -> Mention | None:
    """Find the speaker of one speech verb: after it when inverted, else before it."""
    before = text[: verb.start()].rstrip()
    cue = verb.group()
    if (not before or before.endswith((",", MASK))) and not _apposed_name(before, offset, names):
        after = _after_verb(text, offset, verb.end(), names, cue)
        if after is not None:
            return after
    return _before_verb(before, offset, names, cue)


def _after_verb(
    text: str, offset: int, position: int, names: list[Name], cue: str
) -> Mention | None:
    """Read an inverted attribution: ", said the employment minister, Nadia Rahman"."""
    rest = text[position:]
    pronoun = _PRONOUN_AFTER.match(rest)
    if pronoun:
        return Mention(MentionKind.PRONOUN, pronoun.group(1).lower(), cue)
    words: list[str] = []
    for token in _TOKEN.finditer(rest):
        word = token.group()
        if word[:1].isupper():
            name = _name_at(names, offset + position + token.start())
            if name is not None:
                return Mention(MentionKind.NAME, name.text, cue, name)
            # "said the Trade Minister, Ana Ruiz": a capitalised role, read on
        elif word in {".", "!", "?", ";", ":", MASK} or word.lower() in _CLAUSE_WORDS:
            return _role(" ".join(words), cue)
        if word == ",":
            continue
        if word.endswith(".") and not word[:1].isupper():
            return _role(" ".join([*words, word.rstrip(".")]), cue)  # "the inspector."
        words.append(word)
        if len(words) > MAX_DESCRIPTOR_WORDS:
            return None
    return _role(" ".join(words), cue)


def _role(words: str, cue: str) -> Mention | None:
    """Read "the minister" / "the detective inspector" ending `words` as a role."""
    match = _ROLE.search(words)
    if match is None or match.group(2).lower() not in TITLES:
        return None
    return Mention(MentionKind.ROLE, match.group(1), cue)


def _apposed_name(before: str, offset: int, names: list[Name]) -> bool:
    """Tell whether `before` ends with a name set off by commas, right before the verb:
    "Their energy spokesman, Jonas Brandt, said …" is not an inverted credit."""
    if not before.endswith(","):
        return False
    bare = before[:-1].rstrip()
    name = _name_ending(names, offset + len(bare))
    return name is not None and bare[: name.start - offset].rstrip().endswith(",")


def _before_verb(before: str, offset: int, names: list[Name], cue: str) -> Mention | None:
    """Read a subject attribution: "X said", "X, the chain's chief, said", "she told"."""
    found = [_subject(tail, offset, names, cue) for tail in _subject_tails(before)]
    mentions = [m for m in found if m is not None]
    # A name before an appositive beats a generic noun at its end:
    # "Grace Whitmore, who founded the group, said" is Grace Whitmore's.
    named = [m for m in mentions if m.kind is MentionKind.NAME]
    preferred = named or mentions
    return preferred[0] if preferred else None


def _subject_tails(before: str) -> list[str]:
    """Return the text before the verb, without adverbs, then also without an appositive."""
    bare = before
    while True:
        adverb = _ADVERBS.search(bare)
        if adverb is None or adverb.start() == adverb.end():
            break
        bare = bare[: adverb.start()].rstrip()
    tails = [bare.rstrip(" ,")]
    appositive = _APPOSITIVE.search(bare + ",") if bare.endswith(",") else None
    if appositive is None:
        appositive = _APPOSITIVE.search(bare)
    if appositive is not None:
        tails.append(bare[: appositive.start()].rstrip())
    return tails


def _subject(tail: str, offset: int, names: list[Name], cue: str) -> Mention | None:
    """Read the speaker that ends `tail`, if any."""
    if not tail:
        return None
    source = _SOURCE_NOUN.search(tail)
    if source is not None:
        return _source(tail, source.start(), offset, names, cue)
    name = _name_ending(names, offset + len(tail))
    if name is not None and _after_preposition(tail, name.start - offset):
        name = _titled_before_of(tail, name.start - offset, offset, names)
    if name is not None:
        return Mention(MentionKind.NAME, name.text, cue, name)
    pronoun = _PRONOUN.search(tail)
    if pronoun:
        word = pronoun.group(1).lower()
        if word in {"he", "she"}:
            return Mention(MentionKind.PRONOUN, word, cue)
        return None  # "they", "it", "her institute": the voice does not change
    generic = _GENERIC.search(tail)
    if generic and generic.group(2) in GENERIC_HEADS:
        at = offset + len(tail) - len(generic.group(1))
        return Mention(MentionKind.GENERIC, generic.group(1), cue, at=at)
    staff = _STAFF.search(tail)
    if staff and staff.group(1) in GENERIC_HEADS:
        return Mention(MentionKind.GENERIC, f"the {staff.group(1)}", cue)
    return _role(tail, cue)


def _source(tail: str, noun_at: int, offset: int, names: list[Name], cue: str) -> Mention | None:
    """Read the body behind "X figures show" or "figures from X show"."""
    name = _name_ending(names, offset + noun_at)
    if name is None or name.text.lower() in _SOURCE_ADJECTIVES:
        owner = _POSSESSIVE_SOURCE.search(tail)
        if owner and owner.group(2) in GENERIC_HEADS:
            return Mention(MentionKind.GENERIC, owner.group(1), cue)
        return None
    return Mention(MentionKind.NAME, name.text, cue, name)


def _titled_before_of(tail: str, position: int, offset: int, names: list[Name]) -> Name | None:
    """Return the titled person before "of" in "Detective Inspector Raj Patel of West
    Yorkshire Police said" (the body after "of" is where the speaker works)."""
    before = tail[:position].rstrip()
    if not before.endswith(" of"):
        return None
    person = _name_ending(names, offset + len(before[:-3].rstrip()))
    return person if person is not None and person.titled else None


def _after_preposition(text: str, position: int) -> bool:
    """Tell whether the word before `position` is a preposition ("in Stockholm")."""
    before = text[:position].split()
    return bool(before) and before[-1].lower() in _PREPOSITIONS | {"by", "from", "to"}


def _name_at(names: list[Name], position: int) -> Name | None:
    """Return the name whose mention starts at (or spans) `position`."""
    for name in names:
        if name.start <= position < name.end:
            return name
    return None


def _name_ending(names: list[Name], position: int) -> Name | None:
    """Return the name whose mention ends exactly at `position`, possessives aside."""
    for name in names:
        if name.end == position and name.text.split()[0].lower() not in NOT_NAMES:
            return name
    return None

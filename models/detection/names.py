"""Find proper names in text and expand a short mention to the full name seen earlier.

No gazetteer and no model: a name is a run of capitalised words (with "of", "for", "van"…
allowed between them), minus the ordinary words that start a sentence, the months and the
days. Titles ("Ms", "Dr", "CFO") are kept apart from the name they precede, and a surname,
first name or "the statistics office" is expanded to the full name the text used before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+(?:[’'\-.&]\w+)*", re.UNICODE)

TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord"}
    | {"lady", "president", "minister", "senator", "judge", "rev", "father", "sister"}
    | {"ceo", "cfo", "cto", "coo", "chair", "chairman", "chairwoman", "governor", "mayor"}
    | {"chancellor", "secretary", "commissioner", "inspector", "general", "captain"}
    | {"cllr", "councillor", "sen", "rep", "gov", "supt", "sgt", "det", "col", "gen"}
    | {"premier", "pm", "king", "queen", "prince", "princess", "pope", "bishop", "rabbi"}
    | {"imam", "coach", "ambassador", "deputy", "leader", "chief", "spokesman"}
    | {"detective", "prosecutor", "recorder", "superintendent", "constable", "sergeant"}
    | {"executive", "director", "justice", "magistrate", "spokeswoman", "spokesperson"}
)
# Title words that end a role rather than a name: "the Trade Minister", "Detective
# Inspector". Not "King", "Bishop", "Judge", "Lord"…, which are surnames too (Stephen King).
ROLE_TITLES = frozenset(
    {"minister", "secretary", "inspector", "commissioner", "president", "chancellor"}
    | {"governor", "executive", "director", "prosecutor", "superintendent", "constable"}
    | {"sergeant", "mayor", "premier", "senator", "spokesperson", "spokeswoman", "spokesman"}
    | {"chairman", "chairwoman", "ambassador", "councillor", "magistrate", "chief", "leader"}
)
CONNECTORS = frozenset(
    {"of", "for", "and", "de", "van", "von", "der", "den", "la", "le", "du", "da", "di"}
    | {"al", "bin", "el", "y", "&"}
)
# Capitalised only because they open a sentence, or never names on their own.
NOT_NAMES = frozenset(
    {"the", "a", "an", "but", "and", "or", "so", "since", "when", "while", "this", "that"}
    | {"these", "those", "it", "its", "in", "on", "at", "for", "of", "as", "if", "after"}
    | {"before", "today", "yesterday", "tomorrow", "meanwhile", "however", "also", "there"}
    | {"here", "what", "who", "why", "how", "where", "which", "we", "i", "you", "he", "she"}
    | {"your", "yours", "us", "me", "him", "them", "mine", "ours", "theirs", "nobody"}
    | {"they", "our", "my", "his", "her", "their", "not", "no", "yes", "some", "many"}
    | {"most", "all", "one", "both", "each", "every", "only", "even", "still", "then"}
    | {"first", "second", "third", "secondly", "finally", "currently", "shortly", "about"}
    | {"with", "without", "from", "by", "to", "into", "over", "under", "between", "among"}
    | {"because", "although", "though", "whether", "until", "unless", "once", "just"}
    | {"more", "less", "few", "several", "other", "another", "such", "do", "does", "did"}
    | {"is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would"}
    | {"can", "could", "should", "may", "might", "must", "let", "please", "thank", "thanks"}
    | {"read", "see", "join", "get", "try", "come", "go", "if", "like", "mind", "yet"}
    | {"q", "a", "according", "last", "next", "new", "now", "well", "oh", "ok", "okay"}
)
CALENDAR = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun"}
    | {"jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday"}
    | {"thursday", "friday", "saturday", "sunday"}
)
# Words that make a name an organisation rather than a person.
ORG_WORDS = frozenset(
    {"office", "institute", "agency", "ministry", "department", "bank", "group", "foods"}
    | {"inc", "ltd", "plc", "corp", "corporation", "company", "holdings", "partners"}
    | {"university", "college", "council", "commission", "research", "statistics"}
    | {"association", "foundation", "trust", "society", "service", "services", "board"}
    | {"authority", "fund", "capital", "motors", "airlines", "health", "hospital", "bureau"}
    | {"organisation", "organization", "federation", "union", "party", "court", "times"}
    | {"news", "post", "journal", "network", "systems", "technologies", "labs", "ag", "sa"}
    | {"gmbh", "llc", "co", "media", "financial", "insurance", "energy", "pharma", "centre"}
    | {"center", "school", "club", "league", "air", "airways", "aviation", "water"}
    | {"securities", "telecom", "logistics", "shipping", "rail", "railways", "airport"}
)
# Common nouns a text uses to point back at a body it named before.
GENERIC_HEADS = frozenset(
    {"company", "firm", "group", "chain", "retailer", "grocer", "bank", "office", "agency"}
    | {"institute", "ministry", "department", "charity", "university", "government"}
    | {"council", "party", "business", "insurer", "airline", "carrier", "regulator"}
    | {"operator", "organisation", "organization", "authority", "club", "union", "maker"}
    | {"league", "commission", "association", "federation", "police", "force", "trust"}
)


# A lower-case description with this many words before its head names a body by itself
# ("the regional water authority", "the Maharashtra industries department"); with fewer
# ("the Norwegian airline", "the parent company") it points back to a body named before.
DESCRIPTION_MIN_MODIFIERS = 2
_DESCRIPTION = re.compile(
    rf"\b[Tt]he\s+((?:(?![\w\-]+[’']s\b)[\w\-]+\s+){{{DESCRIPTION_MIN_MODIFIERS},3}}?"
    rf"(?:{'|'.join(sorted(GENERIC_HEADS))}))\b"
)


_APPOSED_BEFORE = re.compile(r"[A-Z]\w*(?:[’']s)?,\s+$")
_NAMED_AFTER = re.compile(r"\s+[A-Z]")


def find_descriptions(text: str) -> list[tuple[str, int]]:
    """Return the bodies a text names by description ("the regional water authority"),
    without "the", with where each starts."""
    found = []
    for match in _DESCRIPTION.finditer(text):
        words = match.group(1).split()
        if any(w.lower() in NOT_NAMES or w[:1].isdigit() for w in words):
            continue
        if _APPOSED_BEFORE.search(text, 0, match.start()) or _NAMED_AFTER.match(text, match.end()):
            continue  # "Kitbox, the Danish meal-kit company" / "the … company Madkassen"
        found.append((match.group(1), match.start()))
    return found


# Heads that say what a body does, not what kind it is: "the regulator" may be an agency,
# "the operator" a company or an authority, so a name's own kind word does not rule it out.
ROLE_HEADS = frozenset(
    {"regulator", "operator", "maker", "insurer", "retailer", "grocer", "carrier"}
    | {"business", "charity", "organisation", "organization"}
)
# Heads a plain repeated name can stand for ("the company" -> Nordvik, "the club" ->
# North Melbourne); a public body ("the police", "the ministry", "the league") must be
# named with its kind's word or as an acronym, or a place named twice ("Ohio") would do.
TRADING_HEADS = frozenset(
    {"company", "firm", "group", "chain", "retailer", "grocer", "bank", "business"}
    | {"insurer", "airline", "carrier", "operator", "maker", "club", "charity"}
)


@dataclass(frozen=True)
class Name:
    """A proper name found in a text: its words without any title, and where it sits."""

    text: str
    start: int  # offset of the whole mention, title included
    end: int
    titled: bool  # preceded by a title such as "Dr" or "Ms": surely a person
    title: str = ""  # the title words before it, lower case ("trade minister"), if any

    @property
    def is_org(self) -> bool:
        """Tell whether the name looks like an organisation's (by its words or an acronym)."""
        words = self.text.split()
        if any(w.lower().strip(".") in ORG_WORDS for w in words):
            return True
        return len(words) == 1 and len(words[0]) >= 2 and words[0].isupper()


def find_names(text: str, offset: int = 0) -> list[Name]:
    """Return the proper names in `text`, with offsets shifted by `offset`."""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    names: list[Name] = []
    run: list[tuple[str, int, int]] = []
    for index, token in enumerate(tokens):
        word = token[0]
        glued = not run or _only_space(text, run[-1][2], token[1]) or _after_title(text, run, token)
        if _capitalised(word) and glued:
            run.append(token)
            continue
        if run and glued and word.lower() in CONNECTORS and _next_capitalised(tokens, index):
            run.append(token)
            continue
        names.extend(_close(run, offset, text))
        run = [token] if _capitalised(word) else []
    names.extend(_close(run, offset, text))
    return names


def _after_title(text: str, run: list[tuple[str, int, int]], token: tuple[str, int, int]) -> bool:
    """Tell whether `token` follows a title's full stop: "Dr. Lena", "Mr. Haynes"."""
    return run[-1][0].lower() in TITLES and text[run[-1][2] : token[1]] in {". ", ".  "}


def _capitalised(word: str) -> bool:
    """Tell whether a token can be part of a name."""
    return word[:1].isupper() and word.lower() not in CALENDAR


def _next_capitalised(tokens: list[tuple[str, int, int]], index: int) -> bool:
    """Tell whether the token after `index` is capitalised."""
    return index + 1 < len(tokens) and _capitalised(tokens[index + 1][0])


def _only_space(text: str, end: int, start: int) -> bool:
    """Tell whether only a space or two, or one line wrap, separates two tokens."""
    gap = text[end:start]
    return 0 < len(gap) <= 3 and gap.strip(" ") in {"", "\n", "\r\n"}


def _close(run: list[tuple[str, int, int]], offset: int, text: str = "") -> list[Name]:
    """Turn a run of tokens into a Name, dropping sentence-opening words and titles.

    Title words are dropped with any capitalised words before them ("Trade Minister Ana
    Ruiz" -> Ana Ruiz, titled "trade minister"); a run that ends in a title word ("the
    Trade Minister", "Detective Inspector") is a role, not a name; a titled person's name
    stops at "of" ("Raj Patel of West Yorkshire Police": the rest is a second name).
    """
    while run and (run[0][0].lower() in NOT_NAMES or run[0][0].lower() in CONNECTORS):
        run = run[1:]
    while run and run[-1][0].lower() in CONNECTORS:
        run = run[:-1]
    if not run:
        return []
    start = run[0][1]
    lowered = [w.lower().rstrip(".") for w, _, _ in run]
    if len(run) > 1 and lowered[-1] in ROLE_TITLES and not _org_run(lowered):
        return []  # "Trade Minister", "Detective Inspector": a role
    title_at = _title_end(lowered)
    before = _title_before(text, start) if text and not title_at else ""
    title = " ".join(lowered[:title_at]) if title_at else before
    run = run[title_at:]
    titled = bool(title)
    if titled:
        cut = next((i for i, (w, _, _) in enumerate(run) if w.lower() in CONNECTORS), None)
        if cut:
            rest = run[cut + 1 :]
            return [_name(run[:cut], offset, start, title), *_close(rest, offset)]
    words = [w for w, _, _ in run]
    if len(words) == 1 and (words[0].lower() in TITLES or len(words[0]) == 1):
        return []  # a bare title, or an initial ("E. coli")
    return [_name(run, offset, start, title)]


def _name(run: list[tuple[str, int, int]], offset: int, start: int, title: str) -> Name:
    """Build the Name of a run of tokens (title already dropped)."""
    words = [w for w, _, _ in run]
    words[-1] = strip_possessive(words[-1])
    return Name(" ".join(words), offset + start, offset + run[-1][2], bool(title), title)


def _org_run(lowered: list[str]) -> bool:
    """Tell whether a run's words make it a body ("Office of the Prime Minister")."""
    return any(w in ORG_WORDS for w in lowered) or "of" in lowered


def _title_end(lowered: list[str]) -> int:
    """Return how many leading words of a run are a title (and words qualifying it).

    "Dr Ama Osei" -> 1; "Trade Minister Ana Ruiz" -> 2; "Detective Inspector Raj Patel"
    -> 2. At least one word must stay; a run with an organisation word keeps its words.
    """
    if len(lowered) < 2 or any(w in ORG_WORDS for w in lowered):
        return 1 if len(lowered) > 1 and lowered[0] in TITLES else 0
    last = 0
    for index, word in enumerate(lowered[:-1]):
        # a qualified title ("Trade Minister") or titles only ("Det Supt"), never a
        # surname that is also a title after a first name ("Chris Judge and …")
        if word in ROLE_TITLES or (word in TITLES and last == index):
            last = index + 1
        elif word in CONNECTORS:
            break
    return last


_LOWER_TITLE = re.compile(r"(?:^|\s)((?:[a-z]+\s+){0,2}?([a-z]+))\s+$")


def _title_before(text: str, position: int) -> str:
    """Return a lower-case title right before a name ("chief executive Vikram Rao")."""
    match = _LOWER_TITLE.search(text[max(0, position - 40) : position])
    if match is None or match.group(2) not in TITLES:
        return ""
    words = match.group(1).split()
    while words and words[0] not in TITLES:
        words = words[1:]
    return " ".join(words)


def _opens_sentence(text: str, name: Name) -> bool:
    """Tell whether a name stands where any capitalised word would: a block's or a
    sentence's first word ("Car thefts fell …" makes no body of "Car")."""
    before = text[max(0, name.start - 4) : name.start]
    return name.start == 0 or "\n" in before or bool(re.search(r"[.!?—–-][\"”’]?\s+$", before))


def _holds(text: str, words: list[str]) -> bool:
    """Tell whether a name or description holds every one of `words` (lower case)."""
    own = {w.lower() for w in text.split()}
    return all(w in own for w in words)


def strip_possessive(word: str) -> str:
    """Drop a trailing possessive 's from a word ("Kaye’s" -> "Kaye")."""
    for suffix in ("’s", "'s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


class NameIndex:
    """The names of one body, indexed to expand short mentions quickly.

    "Osei" or "Ama" -> "Ama Osei"; "Harbourline" -> "Harbourline Foods"; a name is only
    expanded to a longer one that begins or ends with the same words, preferring the
    latest such name before the mention, else the first one after it.
    """

    def __init__(
        self, names: list[Name], descriptions: Sequence[tuple[str, int]] = (), text: str = ""
    ) -> None:
        self.names = sorted(names, key=lambda n: n.start)
        self.descriptions = sorted(descriptions, key=lambda d: d[1])
        self._by_part: dict[tuple[str, ...], list[Name]] = {}
        for name in self.names:
            words = tuple(name.text.split())
            for size in range(1, len(words)):
                # never across a connector: "Sahyadri Motors" is not "Shares of Sahyadri
                # Motors", nor "England" the "Bank of England"
                if words[size].lower() not in CONNECTORS:
                    self._by_part.setdefault(words[:size], []).append(name)
                if words[-size - 1].lower() not in CONNECTORS:
                    self._by_part.setdefault(words[-size:], []).append(name)
        self._word_counts = Counter(w for n in self.names for w in set(n.text.split()))
        # first words seen mid-sentence at least once (not only as a capitalised opener)
        self._mid_sentence = {
            n.text.split()[0] for n in self.names if not text or not _opens_sentence(text, n)
        }
        self._titled_words = {n.text.split()[-1] for n in self.names if n.titled}
        self._main_org: str | None = None
        self._main_org_known = False

    def expand(self, short: str, position: int) -> str:
        """Return the fullest name that `short`, seen at `position`, stands for."""
        fuller = self._by_part.get(tuple(short.split()))
        if not fuller:
            return short
        before = [n for n in fuller if n.start < position]
        return (before[-1] if before else fuller[0]).text

    def expand_generic(
        self,
        phrase: str,
        position: int,
        subject: tuple[int, int] | None = None,
        current: str | None = None,
    ) -> str | None:
        """Return the named body that a phrase like "the statistics office" points back to.

        The head noun and its modifiers are matched against earlier names' words ("the
        statistics office" -> "National Statistics Office"). Otherwise, when `subject`
        gives the span of the sentence before a trailing credit ("Nordvik Air has agreed
        to buy Skyline, the Norwegian airline said"), the first body named there; else
        the body the text is speaking for (`current`), when "the <head>" is bare; else
        the latest body named before; else the organisation named most often.
        """
        kept = [w for w in phrase.split() if w.lower() not in {"the", "its", "our", "a", "an"}]
        words = [w.lower() for w in kept]
        if not words or words[-1] not in GENERIC_HEADS:
            return None
        head = words[-1]
        earlier = [n for n in self.names if n.start < position]
        described = [(d, at) for d, at in self.descriptions if at < position]
        holding = [(n.start, n.text) for n in earlier if _holds(n.text, words)]
        holding += [(at, d) for d, at in described if _holds(d, words)]
        if holding:
            return max(holding)[1]  # the latest name or description with its words
        if subject is not None:
            for name in self.names:
                inside = subject[0] <= name.start and name.end <= subject[1]
                if inside and (self._is_body(name, head) or self._opens(name, subject[0])):
                    return self.expand(name.text, name.start)
        if len(words) > 1:
            return " ".join(kept)  # "the players' association": no body named holds it
        bodies = [n for n in earlier if self._is_body(n, head)]
        # "Harbourline also said …. The company says …": the body the text speaks for
        speaking = current is not None and len(words) == 1
        if speaking and any(self.expand(n.text, n.start) == current for n in bodies):
            return current
        if bodies:
            return self.expand(bodies[-1].text, bodies[-1].start)
        main = self.main_org()
        if main is not None and Name(main, 0, 0, titled=False).is_org:
            return main
        return head  # "the police" with no police force named: as written

    def expand_role(self, phrase: str, position: int) -> str | None:
        """Return the person a role like "the minister" or "the detective inspector" points
        back to: the latest person before `position` introduced with that title."""
        words = [w.lower() for w in phrase.split() if w.lower() != "the"]
        for name in reversed([n for n in self.names if n.start < position and n.title]):
            if all(w in name.title.split() for w in words):
                return self.expand(name.text, name.start)
        return None

    def _is_body(self, name: Name, head: str) -> bool:
        """Tell whether a name can be what a bare "the <head>" points back to.

        An organisation, or a name the text uses more than once that is never a person's
        (no title before it or its last word: "Ms Whitmore" makes Whitmore a person), and
        not one whose own words name another kind of body ("the company" is no "Office").
        """
        words = name.text.split()
        lowered = {w.lower() for w in words}
        other_kind = head not in ROLE_HEADS and lowered & (GENERIC_HEADS - {head})
        if other_kind or words[-1] in self._titled_words:
            return False
        repeated = self._word_counts[words[0]] > 1 and words[0] in self._mid_sentence
        return name.is_org or (repeated and head in TRADING_HEADS)

    def _opens(self, name: Name, start: int) -> bool:
        """Tell whether a name that is no person's opens the sentence starting at `start`
        ("North Melbourne, this year's premiers, reported …, the club said")."""
        words = name.text.split()
        known = len(words) > 1 or self._word_counts[words[0]] > 1  # not just a capital opener
        return (
            name.start == start
            and known
            and not name.titled
            and words[-1] not in (self._titled_words)
        )

    def main_org(self) -> str | None:
        """Return the organisation-like name mentioned most often (counting short forms)."""
        if not self._main_org_known:
            self._main_org = self._count_orgs()
            self._main_org_known = True
        return self._main_org

    def _count_orgs(self) -> str | None:
        """Count each organisation-like name's mentions, short forms included."""
        counts: dict[str, int] = {}
        for name in self.names:
            if not name.titled:
                full = self.expand(name.text, name.start)
                counts[full] = counts.get(full, 0) + 1
        orgs = [
            (count, full)
            for full, count in counts.items()
            if Name(full, 0, 0, titled=False).is_org or (len(full.split()) == 1 and count > 1)
        ]
        return max(orgs)[1] if orgs else None

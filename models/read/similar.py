"""Claims the desk already holds that possibly say what a text says, best first.

Two steps, so a lookup costs about the same on a desk of a thousand claims or a million:

1. Candidates from the full-text index, never a scan. The text's distinctive words
   (content words and numbers, up to WORDS_MAX) are each looked up, newest first, up
   to RARE_CAP claims: a word found in no more than that is rare, and every claim
   holding one is a candidate (those holding most of the rare words first). The common
   words are then asked for together, newest first: all of them (a few dozen claims),
   and, when fewer than ENOUGH_TOGETHER claims hold them all, each set of all but one
   (twenty claims each). On a large desk where every word is common, that is what
   narrows hundreds of thousands of claims to the few that share them.
2. A precise score for each candidate (`models.text.claim_similarity`), where numbers,
   negations, directions and names count; a speaker's aliases in either text are read
   as the speaker's name first.

Withdrawn claims are never offered.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from rapidfuzz import fuzz, process, utils
from sqlalchemy import orm

from ..errors import ValidationError
from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.speaker import Speaker, SpeakerAlias, alias_key
from ..text.claim_similarity import THRESHOLD, score
from ..text.claim_vocabulary import STOPWORDS
from ..text.claim_words import read_claim, without_attribution
from ..text.inputs import clean_plain
from .fulltext import WORDS_MAX, matching_ids

RARE_CAP = 100  # claims a word may be found in and still count as rare
CANDIDATES_MAX = 200  # claims compared roughly per lookup
RERANK_MAX = 25  # of those, the closest by a rough word overlap, scored precisely
ALL_WORDS_LIMIT = 60  # newest claims holding all the common words
ALL_BUT_ONE_LIMIT = 20  # newest claims holding all the common words but one
ENOUGH_TOGETHER = 20  # claims holding all the common words that make the next step moot
SHOWN = 10  # matches a lookup returns by default
SHOWN_MAX = 50  # matches a lookup may be asked for
TEXT_MAX = 1000  # characters of a sentence to check: a claim, not an article
NAME_WORDS_MAX = 4  # words of a speaker's name or alias looked for in a text

_WORD = re.compile(r"[^\W_]+")  # what the search index stores as a word


@dataclass(frozen=True)
class SimilarClaim:
    """A claim the desk holds, how alike it is to the text asked about, and whether
    that passes the threshold the claim page uses."""

    claim: Claim
    score: float

    @property
    def match(self) -> bool:
        """Tell whether the score passes the threshold: possibly the same claim."""
        return self.score >= THRESHOLD


def check_text(text: str | None, field: str = "text") -> str:
    """Return the sentence to look up, stripped; refuse it empty, too long or with
    control characters."""
    words = clean_plain(text or "", field).strip()
    if not words:
        raise ValidationError("give the words of a claim to look for", field=field)
    if len(words) > TEXT_MAX:
        raise ValidationError(
            f"the text has {len(words)} characters; a claim to look for has at most {TEXT_MAX}",
            field=field,
        )
    return words


def distinctive_words(text: str) -> list[str]:
    """Return the words of `text` worth looking up: not who said it, no stopwords,
    numbers kept, longest first (longer words are rarer), at most WORDS_MAX."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(without_attribution(text).casefold()):
        if word in STOPWORDS or (len(word) < 3 and not word.isdigit()):
            continue
        seen.setdefault(word, None)
    numbers = [w for w in seen if w.isdigit()]
    words = sorted((w for w in seen if not w.isdigit()), key=len, reverse=True)
    # numbers matter, but a text of twelve figures must still bring its words
    chosen = numbers[: WORDS_MAX // 2] + words
    return chosen[:WORDS_MAX]


def _tagged(searches: list[tuple[str, int]]) -> sa.CompoundSelect | sa.Select:
    """Return one statement for several searches: (search's position, id) rows, each
    search its newest `limit` matches (one round trip instead of one per search)."""
    parts = []
    for n, (words, limit) in enumerate(searches):
        newest = matching_ids("claims", words, limit=limit).subquery()
        parts.append(sa.select(sa.literal(n, sa.Integer).label("n"), newest.c.id))
    return parts[0] if len(parts) == 1 else sa.union_all(*parts)


def _read(session: orm.Session, searches: list[tuple[str, int]]) -> list[list[int]]:
    found: list[list[int]] = [[] for _ in searches]
    if searches:
        for n, claim_id in session.execute(_tagged(searches)):
            found[n].append(claim_id)
    return found


def candidate_ids(session: orm.Session, text: str, *, exclude: int | None = None) -> list[int]:
    """Return ids of claims that share distinctive words with `text`, likeliest first."""
    words = distinctive_words(text)
    rare: Counter[int] = Counter()
    common: list[str] = []
    for word, ids in zip(words, _read(session, [(w, RARE_CAP + 1) for w in words]), strict=True):
        if len(ids) > RARE_CAP:
            common.append(word)
        else:
            rare.update(ids)
    found: dict[int, None] = dict.fromkeys(i for i, _ in rare.most_common(CANDIDATES_MAX))
    together: list[int] = []
    if len(common) >= 2 or (common and not rare):
        (together,) = _read(session, [(" ".join(common), ALL_WORDS_LIMIT)])
        found.update(dict.fromkeys(together))
    # Claims with every common word but one, when few have them all: on a desk where
    # many do, those are the closest, and each all-but-one search of common words costs
    # a walk through long lists of the index.
    if len(common) >= 3 and len(together) < ENOUGH_TOGETHER:
        searches = []
        for left_out in common:
            others = " ".join(w for w in common if w != left_out)
            searches.append((others, ALL_BUT_ONE_LIMIT))
        for ids in _read(session, searches):
            found.update(dict.fromkeys(ids))
    found.pop(exclude, None)  # type: ignore[arg-type]
    return list(found)[: CANDIDATES_MAX * 2]


def speaker_names(session: orm.Session, text: str) -> dict[str, str]:
    """Return the speakers named in `text` by any of their names: every alias of each
    (casefolded) mapped to the speaker's name."""
    words = text.split()
    keys = {
        alias_key(" ".join(words[i : i + n]).strip(".,;:!?\"'()"))
        for n in range(1, NAME_WORDS_MAX + 1)
        for i in range(len(words) - n + 1)
    }
    keys = {key for key in keys if len(key) >= 3}
    if not keys:
        return {}
    named = sa.select(SpeakerAlias.speaker_id).where(SpeakerAlias.alias_key.in_(keys))
    rows = session.execute(
        sa.select(SpeakerAlias.alias_key, Speaker.name)
        .join(Speaker, Speaker.id == SpeakerAlias.speaker_id)
        .where(SpeakerAlias.speaker_id.in_(named))
    )
    return {key: name for key, name in rows}


def with_names(text: str, names: dict[str, str]) -> str:
    """Return `text` with each alias in `names` written as the speaker's name."""
    if not names:
        return text
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(a) for a in sorted(names, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    return pattern.sub(lambda m: names[alias_key(m.group(1))], text)


def find_similar(
    session: orm.Session,
    text: str,
    *,
    limit: int = SHOWN,
    exclude: int | None = None,
    matches_only: bool = False,
) -> list[SimilarClaim]:
    """Return the claims in use most like `text`, best first (ties: newest first).

    `exclude` leaves one claim out (the claim itself); `matches_only` keeps those at the
    threshold or above.
    """
    ids = candidate_ids(session, text, exclude=exclude)
    if not ids:
        return []
    rows = session.execute(
        sa.select(Claim.id, Claim.text).where(Claim.id.in_(ids), Claim.withdrawn_at.is_(None))
    ).all()
    # A rough overlap of words (rapidfuzz, in C: microseconds a claim) picks the few
    # worth reading closely (tens of microseconds a claim, in Python).
    closest = process.extract(
        text,
        dict(rows),
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        limit=RERANK_MAX,
    )
    names = speaker_names(session, text)
    wanted = read_claim(with_names(text, names))
    scored = sorted(
        (
            (score(wanted, read_claim(with_names(other, names))), claim_id)
            for other, _, claim_id in closest
        ),
        reverse=True,
    )
    if matches_only:
        scored = [pair for pair in scored if pair[0] >= THRESHOLD]
    scored = [pair for pair in scored if pair[0] > 0][:limit]
    claims = {
        claim.id: claim
        for claim in session.scalars(
            sa.select(Claim)
            .where(Claim.id.in_([claim_id for _, claim_id in scored]))
            .options(
                orm.selectinload(Claim.article).load_only(Article.id, Article.title),
                orm.selectinload(Claim.rating),
                orm.selectinload(Claim.speaker),
            )
        )
    }
    return [SimilarClaim(claims[claim_id], value) for value, claim_id in scored]

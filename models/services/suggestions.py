"""Claim suggestions: store what detection proposes, and turn an editor's decisions into claims.

Detection (models.detection) is pure: it reads a body and returns scored candidates.
This module keeps them per article (models.tables.suggestion), skipping any text the
article already has a suggestion for, in whatever state, and any words already logged
as a claim, so running detection again brings back nothing an editor decided. An
editor accepts a suggestion (it becomes a claim through the same create_claim as a
claim logged by hand, speaker check included), dismisses it, or accepts every open
suggestion at or above a score in one go.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import orm

from ..detection import Candidate, detect_claims
from ..errors import DomainError, RuleViolation, ValidationError
from ..permissions import Action, require
from ..tables.article import Article
from ..tables.base import utcnow
from ..tables.claim import SUMMARY_MAX, Claim
from ..tables.suggestion import ClaimSuggestion, SuggestionState
from ..tables.user import User
from ..text.spans import covered_by
from .intake import ClaimInput, create_claim
from .speakers import find_speaker

# Characters of context kept each side of a suggestion, as the browser sends them for a
# selection: create_claim re-checks the words against the body with them.
_CONTEXT = 32

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def text_key(text: str) -> str:
    """Return the key under which a suggestion's words are remembered in its article.

    Case, runs of whitespace, curly quotes and dash kinds do not make another text.
    """
    canonical = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    canonical = " ".join(_DASHES.sub("-", canonical).split()).casefold()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _claim_spans(session: orm.Session, article: Article) -> list[tuple[int, int]]:
    rows = session.execute(
        sa.select(Claim.quote_start, Claim.quote_end).where(Claim.article_id == article.id)
    )
    return [(start, end) for start, end in rows]


def _speaker_resolver(session: orm.Session) -> Callable[[str], str | None]:
    """Return a function mapping a name in the text to a desk speaker's name, or None."""
    cache: dict[str, str | None] = {}

    def resolve(name: str) -> str | None:
        if name not in cache:
            speaker = find_speaker(session, name)
            cache[name] = speaker.name if speaker is not None else None
        return cache[name]

    return resolve


def candidates_for(session: orm.Session, article: Article) -> list[Candidate]:
    """Run detection over `article`, naming the desk's speakers where it knows them."""
    return detect_claims(
        article.body,
        author=article.author,
        publisher=article.publisher,
        resolve=_speaker_resolver(session),
    )


def propose_claims(
    session: orm.Session, article: Article, *, actor: User | None
) -> list[ClaimSuggestion]:
    """Store detection's new candidates for `article` as open suggestions; return them.

    Texts the article already has a suggestion for (open, accepted or dismissed) and
    words already logged as a claim are skipped.
    """
    require(actor, Action.EDIT_CLAIM)
    known = set(
        session.scalars(
            sa.select(ClaimSuggestion.text_key).where(ClaimSuggestion.article_id == article.id)
        )
    )
    claimed = _claim_spans(session, article)
    added: list[ClaimSuggestion] = []
    for candidate in candidates_for(session, article):
        key = text_key(candidate.text)
        if key in known or covered_by(candidate.start, candidate.end, claimed):
            continue
        known.add(key)
        suggestion = ClaimSuggestion(
            article_id=article.id,
            quote_start=candidate.start,
            quote_end=candidate.end,
            exact=candidate.text,
            text_key=key,
            speaker_name=(candidate.speaker or None) and candidate.speaker[:200],
            speaker_reason=(candidate.speaker_reason or None) and candidate.speaker_reason[:300],
            score=min(1.0, max(0.0, round(candidate.score, 3))),
            reasons=[
                {"signal": r.signal, "weight": round(r.weight, 3), "evidence": r.evidence}
                for r in candidate.reasons
            ],
            state=SuggestionState.OPEN,
        )
        session.add(suggestion)
        added.append(suggestion)
    session.flush()
    return added


def suggested_summary(text: str) -> str:
    """Return a first summary for a claim made from `text`: its words, cut to fit.

    The editor rewrites it into the claim's point; prefilled, accepting takes one click.
    """
    words = " ".join(text.split()).strip(" \"'“”‘’")
    if len(words) <= SUMMARY_MAX:
        return words
    cut = words[: SUMMARY_MAX - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:—–-") + "…"


@dataclass
class Acceptance:
    """What an editor confirms when accepting a suggestion; blanks take the suggestion's."""

    summary: str | None = None
    speaker: str | None = None
    new_speaker: bool = False


def _check_open(suggestion: ClaimSuggestion) -> None:
    if suggestion.state is SuggestionState.OPEN:
        return
    who = suggestion.decided_by.display_name if suggestion.decided_by else "someone"
    if suggestion.state is SuggestionState.ACCEPTED:
        made = f" as claim {suggestion.claim_id}" if suggestion.claim_id else ""
        raise RuleViolation(f"{who} already accepted this suggestion{made}")
    raise RuleViolation(f"{who} already dismissed this suggestion")


def _decide(suggestion: ClaimSuggestion, state: SuggestionState, actor: User | None) -> None:
    suggestion.state = state
    suggestion.decided_by = actor
    suggestion.decided_at = utcnow()


def accept_suggestion(
    session: orm.Session,
    suggestion: ClaimSuggestion,
    acceptance: Acceptance | None = None,
    *,
    actor: User | None,
) -> Claim:
    """Make `suggestion` a claim at its words, with its (or the given) summary and speaker."""
    require(actor, Action.EDIT_CLAIM)
    _check_open(suggestion)
    acceptance = acceptance or Acceptance()
    article = suggestion.article
    body = article.body
    if body[suggestion.quote_start : suggestion.quote_end] != suggestion.exact:
        raise ValidationError(
            "the article's text no longer holds this suggestion's words: run detection again",
            field="quote",
        )
    summary = (acceptance.summary or "").strip() or suggested_summary(suggestion.exact)
    speaker = acceptance.speaker if acceptance.speaker is not None else suggestion.speaker_name
    start, end = suggestion.quote_start, suggestion.quote_end
    claim = create_claim(
        session,
        article,
        ClaimInput(
            quote=suggestion.exact,
            summary=summary,
            speaker=(speaker or "").strip() or None,
            start=start,
            prefix=body[max(0, start - _CONTEXT) : start],
            suffix=body[end : end + _CONTEXT],
            new_speaker=acceptance.new_speaker,
        ),
        actor=actor,
    )
    _decide(suggestion, SuggestionState.ACCEPTED, actor)
    suggestion.claim = claim
    session.flush()
    return claim


def dismiss_suggestion(
    session: orm.Session, suggestion: ClaimSuggestion, *, actor: User | None
) -> None:
    """Mark `suggestion` as not worth checking; detection will not propose its words again."""
    require(actor, Action.EDIT_CLAIM)
    _check_open(suggestion)
    _decide(suggestion, SuggestionState.DISMISSED, actor)
    session.flush()


def mark_logged(session: orm.Session, claim: Claim, suggestion: ClaimSuggestion) -> None:
    """Record that `claim` was logged from `suggestion` (its words edited by hand first)."""
    if suggestion.article_id != claim.article_id:
        raise ValidationError("the suggestion belongs to another article", field="suggestion")
    _check_open(suggestion)
    _decide(suggestion, SuggestionState.ACCEPTED, claim.created_by)
    suggestion.claim = claim
    session.flush()


@dataclass
class BulkAcceptance:
    """What accepting every suggestion above a score did, and what it left, with why."""

    accepted: list[Claim] = field(default_factory=list)
    left: list[tuple[ClaimSuggestion, str]] = field(default_factory=list)


def accept_above(
    session: orm.Session, article: Article, minimum: float, *, actor: User | None
) -> BulkAcceptance:
    """Accept every open suggestion of `article` scoring `minimum` or more, in text order.

    A suggestion whose speaker the desk does not know yet is left for the editor to
    accept alone (where adding the speaker is offered), as is one that cannot be made a
    claim; each is reported with its reason. The others are accepted as they stand.
    """
    require(actor, Action.EDIT_CLAIM)
    if not 0.0 <= minimum <= 1.0:
        raise ValidationError("the score is between 0 and 1", field="score")
    result = BulkAcceptance()
    suggestions = session.scalars(
        sa.select(ClaimSuggestion)
        .where(
            ClaimSuggestion.article_id == article.id,
            ClaimSuggestion.state == SuggestionState.OPEN,
            ClaimSuggestion.score >= minimum,
        )
        .order_by(ClaimSuggestion.quote_start, ClaimSuggestion.id)
    ).all()
    for suggestion in suggestions:
        if suggestion.speaker_name and find_speaker(session, suggestion.speaker_name) is None:
            result.left.append(
                (suggestion, f"{suggestion.speaker_name!r} is not a speaker on the desk yet")
            )
            continue
        try:
            with session.begin_nested():
                result.accepted.append(accept_suggestion(session, suggestion, actor=actor))
        except DomainError as exc:
            result.left.append((suggestion, exc.message))
    return result

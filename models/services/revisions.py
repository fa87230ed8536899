"""Replace an article's text: keep the old one as a revision and find every claim again.

Publishers correct articles after publication. `replace_article_text` keeps the text
being replaced (who replaced it, when, why, and where each claim stood in it), finds
each claim's words in the new text (models.text.reanchor: exact with context, the words
alone, then fuzzy), records how on the claim and in its audit trail, and flags an
approved verdict whose quoted words changed for an editor, who says the verdict still
stands (`confirm_verdict_stands`) or reopens it (a public correction, as always).
A claim whose words are gone is marked lost; it keeps its old words and nothing of it
is deleted, and an editor may place it again by hand (`place_lost_claim`). Open claim
suggestions follow their words or go, and detection runs over the new text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import orm

from ..errors import Conflict, RuleViolation, ValidationError
from ..permissions import Action, require
from ..tables.article import Article
from ..tables.claim import LOST_OFFSET, Claim
from ..tables.enums import ClaimStatus
from ..tables.revision import AnchorMethod, ArticleRevision, ClaimPlacement
from ..tables.suggestion import ClaimSuggestion, SuggestionState
from ..tables.user import User
from ..text.anchoring import anchor_at
from ..text.fingerprint import body_fingerprint
from ..text.inputs import clean_plain, clean_text
from ..text.reanchor import Found, Quote, reanchor
from .audit import record_event
from .intake import DuplicateArticle, body_digest
from .locking import check_version
from .suggestions import propose_claims
from .workflow import check_in_use, touch
from .workflow import check_version as check_claim_version

REASON_MAX = 2_000


@dataclass
class Replacement:
    """What replacing an article's text did: the revision kept and each claim's outcome."""

    revision: ArticleRevision
    found: dict[int, Found] = field(default_factory=dict)  # by claim id
    changed_words: list[Claim] = field(default_factory=list)
    lost: list[Claim] = field(default_factory=list)
    flagged: list[Claim] = field(default_factory=list)  # approved verdicts to recheck
    suggestions_dropped: int = 0
    suggestions_added: int = 0

    def count(self, method: AnchorMethod) -> int:
        """Return how many claims were placed by `method`."""
        return sum(1 for f in self.found.values() if f.method is method)


def _other_article_with(session: orm.Session, article: Article, body: str) -> Article | None:
    """Return another article whose text, now or in an earlier revision, is `body`."""
    fingerprint = body_fingerprint(body)
    current = session.scalar(
        sa.select(Article)
        .where(Article.body_fingerprint == fingerprint, Article.id != article.id)
        .order_by(Article.id)
        .limit(1)
    )
    if current is not None:
        return current
    return session.scalar(
        sa.select(Article)
        .join(ArticleRevision, ArticleRevision.article_id == Article.id)
        .where(ArticleRevision.body_fingerprint == fingerprint, Article.id != article.id)
        .order_by(Article.id)
        .limit(1)
    )


def check_new_text(session: orm.Session, article: Article, new_body: str) -> str:
    """Return the new text as it will be stored, or refuse it (empty, same, another's)."""
    body = clean_plain(new_body or "", "body")
    if not body.strip():
        raise ValidationError("the new text is required", field="body")
    if body == article.body:
        raise ValidationError(
            "the new text is the same as the current one: nothing to replace", field="body"
        )
    other = _other_article_with(session, article, body)
    if other is not None:
        raise DuplicateArticle(other, same="text")
    return body


def _began_at(session: orm.Session, article: Article) -> dt.datetime:
    """Return when the article's current text became its text."""
    last = session.scalar(
        sa.select(ArticleRevision.replaced_at)
        .where(ArticleRevision.article_id == article.id)
        .order_by(ArticleRevision.number.desc())
        .limit(1)
    )
    return last or article.created_at


def _last_places(session: orm.Session, claims: list[Claim]) -> dict[int, int]:
    """Return each lost claim's last known offset (in the revision it was lost from)."""
    ids = [c.id for c in claims if c.anchor_lost]
    if not ids:
        return {}
    rows = session.execute(
        sa.select(ClaimPlacement.claim_id, ClaimPlacement.quote_start)
        .join(ArticleRevision)
        .where(ClaimPlacement.claim_id.in_(ids))
        .order_by(ArticleRevision.number)
    )
    return {claim_id: start for claim_id, start in rows}  # the latest revision wins


def _quote_of(claim: Claim, hint: int | None) -> Quote:
    if claim.anchor_lost:
        return Quote(claim.id, claim.quote_exact, claim.quote_prefix, claim.quote_suffix, hint=hint)
    return Quote(
        claim.id, claim.quote_exact, claim.quote_prefix, claim.quote_suffix, claim.quote_start
    )


def _place(claim: Claim) -> dict:
    return {
        "quote": claim.quote_exact,
        "quote_start": claim.quote_start,
        "quote_end": claim.quote_end,
    }


def _park(claim: Claim) -> None:
    """Move the claim's offsets past any text's end, to its own place for lost quotes."""
    start = LOST_OFFSET + claim.id
    claim.quote_start, claim.quote_end = start, start + len(claim.quote_exact)


def _follow_suggestions(session: orm.Session, article: Article, old: str, new: str) -> int:
    """Move open suggestions to their words in the new text; drop those whose words went.

    Decided suggestions stay as they are: they remember a decision by their words
    (text_key), not by their place.
    """
    open_ones = list(
        session.scalars(
            sa.select(ClaimSuggestion).where(
                ClaimSuggestion.article_id == article.id,
                ClaimSuggestion.state == SuggestionState.OPEN,
            )
        )
    )
    quotes = [
        Quote(s.id, s.exact, "", "", s.quote_start if s.quote_end <= len(old) else None)
        for s in open_ones
    ]
    found = reanchor(old, new, quotes)
    dropped = 0
    for suggestion in open_ones:
        hit = found[suggestion.id]
        if hit.anchor is not None and hit.method is not AnchorMethod.FUZZY:
            suggestion.quote_start, suggestion.quote_end = hit.anchor.start, hit.anchor.end
        else:
            session.delete(suggestion)
            dropped += 1
    session.flush()
    return dropped


def replace_article_text(
    session: orm.Session,
    article: Article,
    new_body: str,
    *,
    actor: User | None,
    reason: str,
    expected_version: int | None = None,
    suggest: bool = True,
) -> Replacement:
    """Replace the article's text, keeping the old one as a revision; re-anchor its claims.

    Every claim is looked for in the new text (exact with context, its words alone
    nearest the old place, then fuzzy); each records how, against which revision, and
    gets an audit event. Approved verdicts whose quoted words changed or went are
    flagged for an editor. A lost claim keeps its old words (its place in the old text
    stays in claim_placements). Open suggestions follow their words and, with `suggest`,
    detection runs over the new text.

    Refuses without the editor role, on a stale `expected_version` (StaleVersion), an
    empty or unchanged text or no reason (ValidationError), and a text that is another
    article's (DuplicateArticle). Never commits.
    """
    require(actor, Action.EDIT_ARTICLE)
    check_version(article, expected_version, "article")
    reason = clean_text(reason, "reason", limit=REASON_MAX)
    body = check_new_text(session, article, new_body)
    old = article.body

    claims = list(session.scalars(sa.select(Claim).where(Claim.article_id == article.id)))
    revision = ArticleRevision(
        article=article,
        number=article.revision,
        body=old,
        body_sha256=article.body_sha256,
        body_fingerprint=article.body_fingerprint,
        began_at=_began_at(session, article),
        replaced_by=actor,
        reason=reason,
    )
    session.add(revision)
    for claim in claims:
        if not claim.anchor_lost:
            session.add(
                ClaimPlacement(
                    revision=revision,
                    claim_id=claim.id,
                    quote_start=claim.quote_start,
                    quote_end=claim.quote_end,
                    quote_exact=claim.quote_exact,
                )
            )
    hints = _last_places(session, claims)
    found = reanchor(old, body, [_quote_of(c, hints.get(c.id)) for c in claims])

    # Two claims may swap places: park every claim that moves first, so no intermediate
    # state breaks the one-claim-per-span rule, then put each where it belongs.
    befores = {c.id: _place(c) for c in claims}
    for claim in claims:
        anchor = found[claim.id].anchor
        if anchor is None or (anchor.start, anchor.end) != (claim.quote_start, claim.quote_end):
            _park(claim)
    session.flush()

    article.body = body
    article.body_sha256 = body_digest(body)
    article.body_fingerprint = body_fingerprint(body)
    article.revision = revision.number + 1
    result = Replacement(revision=revision, found=found)
    for claim in claims:
        _settle(session, claim, found[claim.id], befores[claim.id], revision, actor, result)
    session.flush()

    result.suggestions_dropped = _follow_suggestions(session, article, old, body)
    if suggest:
        result.suggestions_added = len(propose_claims(session, article, actor=actor))
    return result


def _settle(
    session: orm.Session,
    claim: Claim,
    hit: Found,
    before: dict,
    revision: ArticleRevision,
    actor: User | None,
    result: Replacement,
) -> None:
    """Put the claim where it was found, and say so on it and in its trail."""
    was_lost = claim.anchor_lost
    if hit.anchor is not None:
        claim.place_at(hit.anchor)
    claim.anchor_method = hit.method
    claim.anchor_score = hit.score
    if not (was_lost and hit.anchor is None):  # still lost: since the revision that lost it
        claim.anchor_revision = revision.number + 1
    words_changed = hit.anchor is None or hit.anchor.exact != before["quote"]
    approved = claim.status is ClaimStatus.APPROVED
    if approved and words_changed and not (was_lost and hit.anchor is None):
        claim.recheck_needed = True
        result.flagged.append(claim)
    touch(claim, actor)
    if hit.anchor is None:
        action = "quote_still_lost" if was_lost else "quote_lost"
        result.lost.append(claim)
    elif was_lost:
        action = "quote_found"
    elif words_changed:
        action = "quote_changed"
        result.changed_words.append(claim)
    else:
        action = "quote_reanchored"
    after = _place(claim)
    if hit.anchor is None:  # the words stay as they were: say which ones went
        after = {key: after[key] for key in ("quote_start", "quote_end")} | {
            "lost_words": claim.quote_exact
        }
    record_event(
        session,
        claim,
        action,
        actor=actor,
        before=before | {"revision": revision.number},
        after=after
        | {
            "revision": revision.number + 1,
            "method": hit.method.value,
            "score": hit.score,
            "reason": revision.reason,
        },
    )


def confirm_verdict_stands(
    session: orm.Session,
    claim: Claim,
    *,
    actor: User | None,
    expected_version: int | None = None,
) -> None:
    """Clear an approved claim's recheck flag: its verdict stands for the new words.

    The editor's other answer is to reopen the verdict (workflow.reopen), which writes a
    public correction and clears the flag too.
    """
    require(actor, Action.REOPEN_APPROVED)
    check_claim_version(session, claim, expected_version)
    if not claim.recheck_needed:
        raise RuleViolation("this claim's verdict is not waiting for a recheck")
    claim.recheck_needed = False
    touch(claim, actor)
    record_event(
        session,
        claim,
        "verdict_stands",
        actor=actor,
        before={"recheck_needed": True},
        after={"recheck_needed": False, "quote": claim.quote_exact},
    )


def place_lost_claim(
    session: orm.Session,
    claim: Claim,
    start: int,
    end: int,
    *,
    actor: User | None,
    expected_version: int | None = None,
) -> None:
    """Anchor a lost claim by hand at body[start:end] of its article's current text.

    An editor has found where the claim's words went (reworded beyond what re-anchoring
    recognises, say). The claim takes the selected words, records that it was placed by
    hand in the current revision, and gets an audit event with its old and new quote; an
    approved verdict whose words differ is flagged for a recheck, as when a replaced
    text changes them.

    Refuses without the editor role, on a stale `expected_version` (StaleVersion), a
    withdrawn claim or one that is not lost (RuleViolation), a span outside the text or
    of white space only (ValidationError), and the very span of another of the article's
    claims (Conflict). Never commits.
    """
    require(actor, Action.EDIT_CLAIM)
    check_claim_version(session, claim, expected_version)
    check_in_use(claim)
    if not claim.anchor_lost:
        raise RuleViolation(
            "this claim is not lost: its words are in the article's current text already"
        )
    article = claim.article
    anchor = anchor_at(article.body, start, end)
    taken = session.scalar(
        sa.select(Claim.id).where(
            Claim.article_id == article.id,
            Claim.quote_start == anchor.start,
            Claim.quote_end == anchor.end,
            Claim.id != claim.id,
        )
    )
    if taken is not None:
        raise Conflict(
            f"these words are claim {taken} already: select other words, or fewer or more",
            field="quote",
        )
    before = {"quote": claim.quote_exact, "method": AnchorMethod.LOST.value}
    claim.place_at(anchor)
    claim.anchor_method = AnchorMethod.HAND
    claim.anchor_score = None
    claim.anchor_revision = article.revision
    if claim.status is ClaimStatus.APPROVED and anchor.exact != before["quote"]:
        claim.recheck_needed = True
    touch(claim, actor)
    record_event(
        session,
        claim,
        "quote_placed",
        actor=actor,
        before=before,
        after=_place(claim)
        | {
            "revision": article.revision,
            "method": AnchorMethod.HAND.value,
            "recheck_needed": claim.recheck_needed,
        },
    )

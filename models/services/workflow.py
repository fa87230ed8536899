"""The review workflow: small functions over one declared transition table.

unreviewed → in_review → verdict_proposed → approved, and back to in_review by a
reopen that gives its reason. Verdicts (ratings) are kept apart from these states.
Every function checks permissions and rules, writes the audit trail and never commits.
"""

from __future__ import annotations

from sqlalchemy import orm

from ..errors import NotFound, RuleViolation, StaleVersion, ValidationError
from ..permissions import Action, require
from ..tables.base import utcnow
from ..tables.claim import SUMMARY_MAX, TEXT_MAX, Claim
from ..tables.comment import Comment
from ..tables.correction import Correction
from ..tables.enums import ClaimStatus
from ..tables.rating import Rating
from ..tables.user import User
from ..text.anchoring import Anchor
from ..text.inputs import clean_text
from .audit import events_since, record_event
from .claim_matches import record_matches
from .inbox import notify_assigned, notify_comment, notify_correction, notify_proposed

S = ClaimStatus

# transition name: (states it may start from, state it ends in)
TRANSITIONS: dict[str, tuple[frozenset[ClaimStatus], ClaimStatus]] = {
    "start_review": (frozenset({S.UNREVIEWED}), S.IN_REVIEW),
    "propose_verdict": (
        frozenset({S.UNREVIEWED, S.IN_REVIEW, S.VERDICT_PROPOSED}),
        S.VERDICT_PROPOSED,
    ),
    "approve_verdict": (frozenset({S.VERDICT_PROPOSED}), S.APPROVED),
    "reopen": (frozenset({S.VERDICT_PROPOSED, S.APPROVED}), S.IN_REVIEW),
}

EXPLANATION_MAX = 10_000
COMMENT_MAX = 10_000
REASON_MAX = 2_000


def can_transition(claim: Claim, name: str) -> bool:
    """Tell whether the claim's current state allows the transition `name`."""
    sources, _ = TRANSITIONS[name]
    return claim.status in sources and not claim.withdrawn


def check_in_use(claim: Claim) -> None:
    """Refuse to change a withdrawn claim: it takes no step until it is restored."""
    if claim.withdrawn:
        raise RuleViolation("this claim is withdrawn: an editor must restore it first")


def _transition(claim: Claim, name: str) -> None:
    check_in_use(claim)
    sources, target = TRANSITIONS[name]
    if claim.status not in sources:
        allowed = " or ".join(sorted(s.label.lower() for s in sources))
        raise RuleViolation(
            f"this claim is {claim.status.label.lower()}; "
            f"only a claim that is {allowed} can take this step"
        )
    claim.status = target


def check_version(session: orm.Session, claim: Claim, expected: int | None) -> None:
    """Refuse the change if the claim was saved by someone since version `expected`."""
    if expected is None or claim.version is None or expected == claim.version:
        return
    events = events_since(session, claim, expected)
    who = ", ".join(sorted({e.actor.display_name if e.actor else "the desk" for e in events}))
    changes = {
        "version": claim.version,
        "events": [
            {
                "action": e.action,
                "by": e.actor.display_name if e.actor else None,
                "at": e.created_at.isoformat(),
                "before": e.before,
                "after": e.after,
            }
            for e in events
        ],
    }
    raise StaleVersion(
        f"{who or 'Someone'} saved this claim after you opened it (version {expected}, now "
        f"{claim.version}). Nothing was changed; review their change and try again.",
        current_version=claim.version,
        changes=changes,
    )


def is_published(claim: Claim) -> bool:
    """Tell whether the claim's verdict is approved, hence public in reports and ClaimReview."""
    return claim.status is S.APPROVED


def check_unpublished(claim: Claim, change: str) -> None:
    """Refuse to change what an approved verdict published, except through a reopen.

    The verdict, the claim's words and summary (ClaimReview's claimReviewed), its speaker
    and its sources are what readers were told; they change only after a reopen, which
    writes a public correction.
    """
    if is_published(claim):
        raise RuleViolation(
            f"this verdict is published, so {change} only after it is reopened "
            "(an editor's reopen writes a public correction)"
        )


def touch(claim: Claim, actor: User | None) -> None:
    """Mark the claim as changed by `actor` (which bumps its version on flush)."""
    claim.updated_by = actor
    claim.updated_at = utcnow()


def start_review(
    session: orm.Session, claim: Claim, *, actor: User | None, expected_version: int | None = None
) -> None:
    """Mark an unreviewed claim as being researched, taking it if nobody has."""
    require(actor, Action.START_REVIEW)
    check_version(session, claim, expected_version)
    before = claim.snapshot()
    _transition(claim, "start_review")
    if claim.assignee is None and actor is not None:
        claim.assignee = actor
    touch(claim, actor)
    record_event(
        session, claim, "review_started", actor=actor, before=before, after=claim.snapshot()
    )


def propose_verdict(
    session: orm.Session,
    claim: Claim,
    rating: Rating,
    explanation: str,
    *,
    actor: User | None,
    expected_version: int | None = None,
) -> None:
    """Propose a verdict: it needs an explanation and, unless off the scale, a source."""
    require(actor, Action.PROPOSE_VERDICT)
    check_version(session, claim, expected_version)
    explanation = clean_text(explanation, "explanation", limit=EXPLANATION_MAX)
    if rating.needs_source and not claim.sources:
        raise RuleViolation(
            f"a “{rating.label}” verdict needs at least one linked source; "
            "link one (the verdict form can add it), or choose “Unverifiable”",
            field="rating",
        )
    before = claim.snapshot()
    _transition(claim, "propose_verdict")
    claim.rating = rating
    claim.rating_explanation = explanation
    claim.proposed_by = actor
    claim.proposed_at = utcnow()
    claim.approved_by = None
    claim.approved_at = None
    if claim.assignee is None and actor is not None:
        claim.assignee = actor
    touch(claim, actor)
    event = record_event(
        session, claim, "verdict_proposed", actor=actor, before=before, after=claim.snapshot()
    )
    notify_proposed(session, claim, actor=actor, event=event)


def approve_verdict(
    session: orm.Session, claim: Claim, *, actor: User | None, expected_version: int | None = None
) -> None:
    """Make a proposed verdict final; the approver must not be the proposer."""
    require(actor, Action.APPROVE_VERDICT)
    check_version(session, claim, expected_version)
    if actor is not None and claim.proposed_by_id == actor.id:
        raise RuleViolation(
            "you proposed this verdict; another reviewer or an editor must approve it"
        )
    before = claim.snapshot()
    _transition(claim, "approve_verdict")
    claim.approved_by = actor
    claim.approved_at = utcnow()
    for correction in claim.corrections:
        if correction.resolved_at is None:
            correction.new_rating = claim.rating
            correction.resolved_at = claim.approved_at
    touch(claim, actor)
    record_event(
        session, claim, "verdict_approved", actor=actor, before=before, after=claim.snapshot()
    )


def reopen(
    session: orm.Session,
    claim: Claim,
    reason: str,
    *,
    actor: User | None,
    expected_version: int | None = None,
) -> Correction | None:
    """Send a proposed or approved verdict back to review, with the reason.

    Reopening an approved verdict is an editor's call and writes a public correction.
    """
    require(actor, Action.REOPEN_VERDICT)
    if claim.status is S.APPROVED:
        require(actor, Action.REOPEN_APPROVED)
    check_version(session, claim, expected_version)
    reason = clean_text(reason, "reason", limit=REASON_MAX)
    before = claim.snapshot()
    was_approved = claim.status is S.APPROVED
    previous_rating = claim.rating
    approver, proposer = claim.approved_by, claim.proposed_by
    _transition(claim, "reopen")
    correction = None
    if was_approved:
        correction = Correction(
            claim=claim, previous_rating=previous_rating, reason=reason, created_by=actor
        )
        session.add(correction)
    claim.rating = None
    claim.proposed_by = None
    claim.proposed_at = None
    claim.approved_by = None
    claim.approved_at = None
    claim.recheck_needed = False  # a changed quote's recheck (models.services.revisions)
    touch(claim, actor)
    after = claim.snapshot() | {"reason": reason}
    event = record_event(session, claim, "reopened", actor=actor, before=before, after=after)
    if was_approved:
        notify_correction(
            session, claim, approver=approver, proposer=proposer, actor=actor, event=event
        )
    return correction


def assign(
    session: orm.Session,
    claim: Claim,
    assignee: User | None,
    *,
    actor: User | None,
    expected_version: int | None = None,
) -> None:
    """Give the claim to `assignee` (None leaves it unassigned)."""
    require(actor, Action.ASSIGN_CLAIM)
    check_version(session, claim, expected_version)
    check_in_use(claim)
    if assignee is not None and not assignee.active:
        raise ValidationError(f"{assignee.display_name} is not an active member", field="assignee")
    before = claim.snapshot()
    claim.assignee = assignee
    touch(claim, actor)
    after = claim.snapshot()
    event = record_event(session, claim, "assigned", actor=actor, before=before, after=after)
    if assignee is not None and before["assignee_id"] != after["assignee_id"]:
        notify_assigned(session, claim, actor=actor, event=event)


def add_comment(session: orm.Session, claim: Claim, body: str, *, actor: User) -> Comment:
    """Leave a comment on the claim (comments do not change the claim's version)."""
    require(actor, Action.COMMENT)
    if actor is None:
        raise NotFound("a comment needs an author")
    comment = Comment(
        claim=claim, author=actor, body=clean_text(body, "comment", limit=COMMENT_MAX)
    )
    session.add(comment)
    event = record_event(session, claim, "commented", actor=actor, after={"comment": comment.body})
    notify_comment(session, claim, comment, actor=actor, event=event)
    return comment


def edit_claim(
    session: orm.Session,
    claim: Claim,
    *,
    actor: User | None,
    text: str,
    summary: str,
    speaker=None,
    anchor: Anchor | None = None,
    expected_version: int | None = None,
) -> None:
    """Change a claim's words, summary, speaker or anchor, keeping its verdict.

    A published (approved) claim keeps them until it is reopened.
    """
    require(actor, Action.EDIT_CLAIM)
    check_version(session, claim, expected_version)
    check_in_use(claim)
    before = claim.snapshot()
    text = clean_text(text, "text", limit=TEXT_MAX)
    summary = clean_text(summary, "summary", limit=SUMMARY_MAX)
    moved = anchor is not None and (anchor.start, anchor.end) != (
        claim.quote_start,
        claim.quote_end,
    )
    if text != claim.text or summary != claim.summary or speaker is not claim.speaker or moved:
        check_unpublished(claim, "its text, summary, speaker and quote change")
    claim.text = text
    claim.summary = summary
    claim.speaker = speaker
    if anchor is not None:
        claim.place_at(anchor)
    after = claim.snapshot()
    if after == before:
        return
    touch(claim, actor)
    record_event(session, claim, "edited", actor=actor, before=before, after=after)
    if after["text"] != before["text"]:
        record_matches(session, claim)

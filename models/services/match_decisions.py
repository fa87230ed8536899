"""An editor's decision on a match, and reusing a confirmed match's verdict.

`decide_match` confirms (the same claim) or rejects (another claim) a match that
`models.services.claim_matches` found; `reuse_verdict` lets a reviewer propose a
confirmed match's approved verdict, with its sources, through the ordinary
`propose_verdict`, so another member must still approve it (four eyes).
"""

from __future__ import annotations

from sqlalchemy import orm

from ..errors import RuleViolation
from ..permissions import Action, require
from ..tables.base import utcnow
from ..tables.claim import Claim
from ..tables.claim_match import ClaimMatch, MatchState
from ..tables.enums import ClaimStatus
from ..tables.user import User
from .audit import record_event
from .claim_matches import other_side
from .sourcing import link_source
from .workflow import EXPLANATION_MAX, check_version, propose_verdict


def decide_match(
    session: orm.Session, claim: Claim, match: ClaimMatch, *, confirmed: bool, actor: User | None
) -> None:
    """Confirm (the same claim) or reject (another claim) a match; an editor decides."""
    require(actor, Action.EDIT_CLAIM)
    state = MatchState.CONFIRMED if confirmed else MatchState.REJECTED
    if match.state is state:
        return
    before = {"match": match.state.value}
    match.state = state
    match.decided_by = actor
    match.decided_at = utcnow()
    other = other_side(match, claim)
    for one, two in ((claim, other), (other, claim)):
        record_event(
            session,
            one,
            "match_confirmed" if confirmed else "match_rejected",
            actor=actor,
            before={**before, "other_claim": two.id},
            after={"match": state.value, "other_claim": two.id},
        )


def reuse_verdict(
    session: orm.Session,
    claim: Claim,
    match: ClaimMatch,
    *,
    actor: User | None,
    expected_version: int | None = None,
) -> Claim:
    """Propose the earlier claim's approved verdict for `claim`, linking its sources.

    The match must be confirmed. The verdict is proposed like any other (the proposer
    cannot approve it); returns the claim whose verdict was reused.
    """
    require(actor, Action.PROPOSE_VERDICT)
    check_version(session, claim, expected_version)
    if match.state is not MatchState.CONFIRMED:
        raise RuleViolation("an editor must confirm this match before its verdict is reused")
    earlier = other_side(match, claim)
    if earlier.status is not ClaimStatus.APPROVED or earlier.rating is None:
        raise RuleViolation(f"claim {earlier.id} has no approved verdict to reuse", field="match")
    linked = {link.source_id for link in claim.sources}
    for link in earlier.sources:
        if link.source_id not in linked and not link.source.withdrawn:
            link_source(session, claim, link.source, link.stance, link.excerpt, actor=actor)
            linked.add(link.source_id)
    note = f"(The same claim as claim {earlier.id}, whose approved verdict this reuses.)"
    kept = EXPLANATION_MAX - len(note) - 2
    explanation = f"{(earlier.rating_explanation or '')[:kept]}\n\n{note}".strip()
    propose_verdict(session, claim, earlier.rating, explanation, actor=actor)
    return earlier

"""Matches between claims: found whenever a claim's words are written.

`record_matches` runs inside `create_claim` (so also when a suggestion is accepted) and
`edit_claim` when the words change: it asks `models.read.similar` for claims in use at
the threshold or above and keeps one `ClaimMatch` per pair, whichever claim came
first. A pair an editor decided (models.services.match_decisions) is never touched
again; a suggested pair the new words no longer reach is dropped.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from ..errors import NotFound
from ..read.similar import find_similar
from ..tables.claim import Claim
from ..tables.claim_match import ClaimMatch, MatchState

MATCHES_KEPT = 5  # matches recorded per claim (the best ones)


def record_matches(session: orm.Session, claim: Claim) -> list[ClaimMatch]:
    """Find the claims `claim` possibly repeats and keep each pair as a suggested match.

    Returns the suggested matches the claim now has. Decided pairs stay as they are.
    """
    session.flush()
    found = find_similar(
        session, claim.text, exclude=claim.id, limit=MATCHES_KEPT, matches_only=True
    )
    scores = {similar.claim.id: similar.score for similar in found}
    existing = list(
        session.scalars(
            sa.select(ClaimMatch).where(
                sa.or_(ClaimMatch.claim_id == claim.id, ClaimMatch.other_claim_id == claim.id)
            )
        )
    )
    kept: list[ClaimMatch] = []
    for match in existing:
        other_id = match.other_claim_id if match.claim_id == claim.id else match.claim_id
        if match.state is not MatchState.SUGGESTED:
            scores.pop(other_id, None)
        elif other_id in scores:
            match.score = scores.pop(other_id)
            kept.append(match)
        else:
            session.delete(match)
    for other_id, value in scores.items():
        match = ClaimMatch(claim=claim, other_claim_id=other_id, score=value)
        session.add(match)
        kept.append(match)
    session.flush()
    return kept


def matches_of(session: orm.Session, claim: Claim) -> list[ClaimMatch]:
    """Return the claim's matches that are not rejected, best first, other side loaded."""
    return list(
        session.scalars(
            sa.select(ClaimMatch)
            .where(
                sa.or_(ClaimMatch.claim_id == claim.id, ClaimMatch.other_claim_id == claim.id),
                ClaimMatch.state != MatchState.REJECTED,
            )
            .order_by(ClaimMatch.score.desc(), ClaimMatch.id)
            .options(orm.selectinload(ClaimMatch.claim), orm.selectinload(ClaimMatch.other))
        )
    )


def other_side(match: ClaimMatch, claim: Claim) -> Claim:
    """Return the claim at the other end of `match` from `claim`."""
    return match.other if match.claim_id == claim.id else match.claim


def get_match(session: orm.Session, claim: Claim, match_id: int) -> ClaimMatch:
    """Return the match `match_id` of `claim`, or raise NotFound."""
    match = session.get(ClaimMatch, match_id)
    if match is None or claim.id not in (match.claim_id, match.other_claim_id):
        raise NotFound(f"claim {claim.id} has no match {match_id}")
    return match

"""The audit trail: every change to a claim leaves an event, written here only."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.claim import Claim
from ..tables.claim_event import ClaimEvent
from ..tables.user import User


def record_event(
    session: orm.Session,
    claim: Claim,
    action: str,
    *,
    actor: User | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> ClaimEvent:
    """Append one event to the claim's trail, keeping only the fields that changed.

    Flushes first, so the claim's optimistic-lock check runs now and the event records
    the version the change produced.
    """
    session.flush()
    if before is not None and after is not None:
        changed = sorted(key for key in after if before.get(key) != after.get(key))
        before = {key: before.get(key) for key in changed}
        after = {key: after[key] for key in changed}
    event = ClaimEvent(
        claim=claim,
        actor=actor,
        action=action,
        before=before,
        after=after,
        claim_version=claim.version,
    )
    session.add(event)
    return event


def events_since(session: orm.Session, claim: Claim, version: int) -> list[ClaimEvent]:
    """Return the claim's events that produced a version newer than `version`."""
    return list(
        session.scalars(
            sa.select(ClaimEvent)
            .where(ClaimEvent.claim_id == claim.id, ClaimEvent.claim_version > version)
            .order_by(ClaimEvent.id)
        )
    )

"""Bulk actions on a selection of claims: all of them or none.

Each claim goes through the same service as on its own page (permissions, rules, the
version the list showed, the audit trail). A claim refused for any reason refuses the
whole action: the caller rolls the transaction back and shows every refusal at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import orm

from ..errors import DomainError, NotFound, RuleViolation, StaleVersion, ValidationError
from ..permissions import Action, require
from ..read.claim_query import IDS_MAX
from ..tables.claim import Claim
from ..tables.user import User
from ..text.inputs import clean_plain, is_digits, parse_whole_number
from . import workflow


@dataclass(frozen=True)
class Refusal:
    """One claim of a selection the action refused, and why."""

    claim_id: int
    summary: str
    reason: str


class SelectionRefused(RuleViolation):
    """Some claims of a selection refused the action: nothing was changed."""

    def __init__(self, refusals: list[Refusal]) -> None:
        listed = "; ".join(f"#{r.claim_id} {r.reason}" for r in refusals)
        super().__init__(
            f"Nothing was changed: {len(refusals)} of the selected claims refused ({listed})."
        )
        self.refusals = refusals


def resolve_member(session: orm.Session, typed: str) -> User:
    """Return the active member `typed` names: a username (any case) or an id."""
    typed = clean_plain(typed, "assignee").strip()
    if is_digits(typed):
        condition = User.id == parse_whole_number(typed, "assignee")
    else:
        condition = User.username == typed.lower()
    member = session.scalar(sa.select(User).where(condition))
    if member is None or not member.active:
        raise NotFound(f"there is no active member {typed!r}", field="assignee")
    return member


def _selection(session: orm.Session, versions: Mapping[int, int | None]) -> list[Claim]:
    if not versions:
        raise ValidationError("Select at least one claim.", field="ids")
    if len(versions) > IDS_MAX:
        raise ValidationError(f"A selection holds at most {IDS_MAX} claims.", field="ids")
    found = {c.id: c for c in session.scalars(sa.select(Claim).where(Claim.id.in_(list(versions))))}
    missing = [claim_id for claim_id in versions if claim_id not in found]
    if missing:
        raise ValidationError(
            f"there is no claim {', '.join(map(str, sorted(missing)))}", field="ids"
        )
    return [found[claim_id] for claim_id in sorted(versions)]


def _each(
    session: orm.Session,
    versions: Mapping[int, int | None],
    step: Callable[[Claim, int | None], None],
) -> list[Claim]:
    refusals: list[Refusal] = []
    claims = _selection(session, versions)
    for claim in claims:
        try:
            if claim.withdrawn:
                raise RuleViolation("is withdrawn")
            step(claim, versions[claim.id])
        except StaleVersion as exc:
            who = exc.changes.get("events") or [{}]
            by = who[-1].get("by") or "someone"
            refusals.append(
                Refusal(claim.id, claim.summary, f"was changed by {by} since the list was shown")
            )
        except DomainError as exc:
            refusals.append(Refusal(claim.id, claim.summary, exc.message))
    if refusals:
        raise SelectionRefused(refusals)
    return claims


def assign_all(
    session: orm.Session,
    versions: Mapping[int, int | None],
    assignee: User | None,
    *,
    actor: User | None,
) -> list[Claim]:
    """Give every selected claim (id: the version the list showed) to `assignee`."""
    require(actor, Action.ASSIGN_CLAIM)
    return _each(
        session,
        versions,
        lambda claim, version: workflow.assign(
            session, claim, assignee, actor=actor, expected_version=version
        ),
    )


def start_review_all(
    session: orm.Session, versions: Mapping[int, int | None], *, actor: User | None
) -> list[Claim]:
    """Start the review of every selected claim (each must be unreviewed)."""
    require(actor, Action.START_REVIEW)
    return _each(
        session,
        versions,
        lambda claim, version: workflow.start_review(
            session, claim, actor=actor, expected_version=version
        ),
    )

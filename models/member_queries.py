"""Reading desk members for the users page."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import orm

from .claim import Claim
from .user import User


@dataclass
class MemberRow:
    """A desk member with the number of claims assigned to them."""

    user: User
    assigned: int


def list_members(session: orm.Session) -> list[MemberRow]:
    """Return every desk member, active ones first, then by username."""
    stmt = (
        sa.select(User, sa.func.count(Claim.id))
        .outerjoin(Claim, Claim.assignee_id == User.id)
        .group_by(User.id)
        .order_by(User.active.desc(), User.username)
    )
    return [MemberRow(user, assigned) for user, assigned in session.execute(stmt)]


def count_assigned(session: orm.Session, user: User) -> int:
    """Return how many claims are assigned to `user`."""
    return (
        session.scalar(
            sa.select(sa.func.count()).select_from(Claim).where(Claim.assignee_id == user.id)
        )
        or 0
    )

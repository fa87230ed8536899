"""What a desk member should work on next: their queue, in the order the desk wants it done.

Three kinds of work, in this order:
1. claims assigned to the member that are not approved, longest untouched first; a
   verdict the member proposed themselves is left out, since only someone else can move it;
2. verdicts proposed by someone else, waiting for a second person to approve them (the
   four-eyes rule), oldest proposal first;
3. unassigned, unreviewed claims, the newest article first and in reading order within
   it, so a newly logged article's claims come up at once.

Restricted to one article, each kind comes in the article's reading order. Each kind is
one statement with a LIMIT, read in its order from an index of its own (migrations 0004,
0006 and 0007), so the queue costs the same on any size of desk.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.claim import Claim
from ..tables.enums import ClaimStatus
from ..tables.user import User
from .claims import with_list_relations

ASSIGNED = "assigned to you"
UNASSIGNED = "unassigned, not yet reviewed"
AWAITING_APPROVAL = "verdict awaiting approval"
QUEUE_LIMIT = 12  # claims the dashboard shows

READING_ORDER = (Claim.quote_start, Claim.id)  # within one article


def _mine(user: User, article_id: int | None) -> sa.Select:
    stmt = sa.select(Claim).where(
        Claim.assignee_id == user.id,
        Claim.status != ClaimStatus.APPROVED,
        # a verdict I proposed waits for someone else, not for me
        sa.or_(
            Claim.status != ClaimStatus.VERDICT_PROPOSED,
            Claim.proposed_by_id.is_(None),
            Claim.proposed_by_id != user.id,
        ),
    )
    if article_id is not None:
        return stmt.where(Claim.article_id == article_id).order_by(*READING_ORDER)
    return stmt.order_by(Claim.updated_at, Claim.id)


def _to_approve(user: User, article_id: int | None) -> sa.Select:
    stmt = sa.select(Claim).where(
        Claim.status == ClaimStatus.VERDICT_PROPOSED,
        sa.or_(Claim.proposed_by_id.is_(None), Claim.proposed_by_id != user.id),
        # those assigned to me are already in the first group
        sa.or_(Claim.assignee_id.is_(None), Claim.assignee_id != user.id),
    )
    if article_id is not None:
        return stmt.where(Claim.article_id == article_id).order_by(*READING_ORDER)
    return stmt.order_by(Claim.proposed_at, Claim.id)


def _unassigned(article_id: int | None) -> sa.Select:
    stmt = sa.select(Claim).where(
        Claim.status == ClaimStatus.UNREVIEWED, Claim.assignee_id.is_(None)
    )
    if article_id is not None:
        return stmt.where(Claim.article_id == article_id).order_by(*READING_ORDER)
    # newest article first: the index holds the article order, so the database walks it
    # backwards and sorts only each article's few claims (SQLite's "right part of ORDER
    # BY", PostgreSQL's incremental sort), stopping at the LIMIT
    return stmt.order_by(Claim.article_id.desc(), *READING_ORDER)


def _groups(user: User, article_id: int | None) -> list[sa.Select]:
    groups = [_mine(user, article_id), _to_approve(user, article_id), _unassigned(article_id)]
    # a withdrawn claim waits for nobody until it is restored
    return [stmt.where(Claim.withdrawn_at.is_(None)) for stmt in groups]


def my_queue(
    session: orm.Session,
    user: User,
    limit: int = 10,
    *,
    exclude: int | None = None,
    article_id: int | None = None,
) -> list[Claim]:
    """Return up to `limit` claims waiting for `user`, most pressing first.

    Speaker, rating, assignee and the article's title come loaded with each claim.
    `exclude` leaves one claim out (the one the member is looking at); `article_id`
    keeps to one article's claims.
    """
    claims: list[Claim] = []
    for stmt in _groups(user, article_id):
        if exclude is not None:
            stmt = stmt.where(Claim.id != exclude)
        # a part not needed any more is still asked, with LIMIT 0 (the database answers at
        # once), so the page sends the same statements whichever parts the work falls in
        stmt = with_list_relations(stmt).limit(limit - len(claims))
        claims.extend(session.scalars(stmt).unique())
    return claims


def next_claim(
    session: orm.Session,
    user: User,
    *,
    exclude: int | None = None,
    article_id: int | None = None,
) -> Claim | None:
    """Return the one claim `user` should work on next, or None when nothing waits.

    With `article_id`, the next one in that article while it has work for `user`, and
    then the next one anywhere on the desk.
    """
    if article_id is not None:
        queue = my_queue(session, user, limit=1, exclude=exclude, article_id=article_id)
        if queue:
            return queue[0]
    queue = my_queue(session, user, limit=1, exclude=exclude)
    return queue[0] if queue else None


def why_queued(claim: Claim, user: User) -> str:
    """Say in words why `claim` is in `user`'s queue."""
    if claim.assignee_id == user.id:
        return ASSIGNED
    if claim.status is ClaimStatus.VERDICT_PROPOSED:
        return AWAITING_APPROVAL
    return UNASSIGNED


def queue_groups(
    session: orm.Session,
    user: User,
    *,
    limit: int = QUEUE_LIMIT,
    article_id: int | None = None,
) -> list[tuple[str, list[Claim]]]:
    """Return `user`'s queue as (why, claims) groups, in queue order (the dashboard's)."""
    groups: list[tuple[str, list[Claim]]] = []
    for claim in my_queue(session, user, limit=limit, article_id=article_id):
        reason = why_queued(claim, user)
        if not groups or groups[-1][0] != reason:
            groups.append((reason, []))
        groups[-1][1].append(claim)
    return groups

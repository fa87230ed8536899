"""A member's inbox: their notifications newest first, a page at a time, and the unread count."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.claim import Claim
from ..tables.notification import Notification
from ..tables.user import User
from .keyset import Cursor, KeysetPage, Order, capped_count, count_up_to, keyset_page

NEWEST = Order("newest", (Notification.id,), descending=True)
UNREAD_CAP = 99  # the top bar says "99+" past it

# A notification about a withdrawn claim waits, unlisted, until the claim is restored
# (one primary-key lookup per notification read, never a scan of the claims).
ABOUT_A_CLAIM_IN_USE = ~sa.exists().where(
    Claim.id == Notification.claim_id, Claim.withdrawn_at.is_not(None)
)


def inbox_page(
    session: orm.Session,
    user: User,
    *,
    limit: int = 25,
    after: Cursor | None = None,
    before: Cursor | None = None,
) -> KeysetPage[Notification]:
    """Return a page of `user`'s notifications, newest first, by key.

    Each comes with its claim (and the claim's article), its actor and its comment loaded.
    """
    stmt = sa.select(Notification).where(Notification.user_id == user.id, ABOUT_A_CLAIM_IN_USE)

    def finish(query: sa.Select) -> sa.Select:
        return query.options(
            orm.joinedload(Notification.claim).joinedload(Claim.article),
            orm.joinedload(Notification.actor),
            orm.joinedload(Notification.comment),
        )

    return keyset_page(
        session, stmt, NEWEST, limit=limit, after=after, before=before, finish=finish
    )


def unread_count(session: orm.Session, user: User, *, cap: int = UNREAD_CAP) -> int:
    """Return how many notifications `user` has not read, counting no further than cap + 1."""
    return count_up_to(session, _unread(user.id), cap)


def member_with_unread_count(
    session: orm.Session, user_id: int, *, cap: int = UNREAD_CAP
) -> tuple[User, int] | None:
    """Return member `user_id` with unread_count's number, in one statement; None if unknown.

    Every page loads the member and shows their unread count in its top bar: one query
    instead of two (the count is a subquery on the member's id).
    """
    count = capped_count(_unread(user_id), cap).scalar_subquery()
    row = session.execute(sa.select(User, count).where(User.id == user_id)).one_or_none()
    return None if row is None else (row[0], row[1] or 0)


def _unread(user_id: int) -> sa.Select:
    return sa.select(Notification.id).where(
        Notification.user_id == user_id, Notification.read_at.is_(None), ABOUT_A_CLAIM_IN_USE
    )


def has_unread_about(session: orm.Session, user: User, claim_id: int) -> bool:
    """Tell whether `user` has an unread notification about one claim."""
    stmt = sa.select(Notification.id).where(
        Notification.claim_id == claim_id,
        Notification.user_id == user.id,
        Notification.read_at.is_(None),
    )
    return session.scalar(stmt.limit(1)) is not None

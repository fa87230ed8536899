"""The inbox: who is told of a change to a claim, and marking what they have read.

The workflow calls `notify_*` in the same transaction as the change, so a refused change
tells nobody. Who hears of what (never the member who acted, never an inactive member):

- assigned: the new assignee;
- approval (a verdict proposed): the claim's assignee and the editor who logged it, the
  two people closest to the claim, if either is not the proposer. Everyone else finds it
  in their queue under "verdict awaiting approval"; telling every reviewer and editor
  of every proposal would bury the inbox on a busy desk;
- comment: the claim's assignee and the proposer of its current verdict; mention: each
  active member named as @username in the comment (a mention replaces the plain comment
  notice for that member);
- correction (an approved verdict reopened): the member who approved it and the one who
  proposed it, the two names on the verdict that readers were given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.base import utcnow
from ..tables.claim import Claim
from ..tables.claim_event import ClaimEvent
from ..tables.comment import Comment
from ..tables.notification import Notification, NotificationKind
from ..tables.user import User

K = NotificationKind

# "@" + a username (accounts.USERNAME_RE: 2-40 of letters, digits, ".", "_", "-"), not
# inside a word or an e-mail address; a trailing "." ends the sentence, not the name
MENTION_RE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_.-]{2,40})")
MENTIONS_MAX = 20  # names looked up per comment


def _tell(
    session: orm.Session,
    recipients: Iterable[User | None],
    claim: Claim,
    kind: NotificationKind,
    *,
    actor: User | None,
    event: ClaimEvent | None = None,
    comment: Comment | None = None,
) -> list[Notification]:
    """Add one notification per distinct active recipient other than `actor`."""
    written: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or not user.active or user.id in seen:
            continue
        seen.add(user.id)
        if actor is not None and user.id == actor.id:
            continue
        notification = Notification(
            user=user, claim=claim, kind=kind, actor=actor, event=event, comment=comment
        )
        session.add(notification)
        written.append(notification)
    return written


def notify_assigned(
    session: orm.Session, claim: Claim, *, actor: User | None, event: ClaimEvent
) -> list[Notification]:
    """Tell the claim's new assignee it was given to them."""
    return _tell(session, [claim.assignee], claim, K.ASSIGNED, actor=actor, event=event)


def notify_proposed(
    session: orm.Session, claim: Claim, *, actor: User | None, event: ClaimEvent
) -> list[Notification]:
    """Tell the claim's assignee and the editor who logged it that a verdict awaits approval."""
    audience = [claim.assignee, claim.created_by]
    return _tell(session, audience, claim, K.APPROVAL, actor=actor, event=event)


def mentioned(session: orm.Session, body: str) -> list[User]:
    """Return the members a comment names as @username (unknown names are plain text)."""
    names = []
    for match in MENTION_RE.finditer(body):
        name = match.group(1).rstrip(".").lower()
        if len(name) >= 2 and name not in names:
            names.append(name)
    if not names:
        return []
    found = session.scalars(
        sa.select(User).where(User.username.in_(names[:MENTIONS_MAX])).order_by(User.id)
    )
    return list(found)


def notify_comment(
    session: orm.Session, claim: Claim, comment: Comment, *, actor: User, event: ClaimEvent
) -> list[Notification]:
    """Tell those @mentioned, then the claim's assignee and proposer, of a new comment."""
    mentions = mentioned(session, comment.body)
    written = _tell(session, mentions, claim, K.MENTION, actor=actor, event=event, comment=comment)
    told = {n.user.id for n in written}
    workers = [u for u in (claim.assignee, claim.proposed_by) if u is not None and u.id not in told]
    written += _tell(session, workers, claim, K.COMMENT, actor=actor, event=event, comment=comment)
    return written


def notify_correction(
    session: orm.Session,
    claim: Claim,
    *,
    approver: User | None,
    proposer: User | None,
    actor: User | None,
    event: ClaimEvent,
) -> list[Notification]:
    """Tell the approver and the proposer of a published verdict that it was reopened."""
    return _tell(session, [approver, proposer], claim, K.CORRECTION, actor=actor, event=event)


def mark_claim_read(session: orm.Session, user: User, claim_id: int) -> int:
    """Mark `user`'s unread notifications about one claim as read; return how many."""
    result = session.execute(
        sa.update(Notification)
        .where(
            Notification.claim_id == claim_id,
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
        )
        .values(read_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def mark_all_read(session: orm.Session, user: User) -> int:
    """Mark every unread notification of `user` as read; return how many."""
    result = session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)

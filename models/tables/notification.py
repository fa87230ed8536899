"""Notifications: each member's inbox of things on the desk that wait for them.

A row is written by the services (models/services/inbox.py) in the same transaction as
the change it tells of, for each member it concerns, never for the member who acted.
It points at the claim, the audit event and, for a comment, the comment itself.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, created_at, enum_column, intpk

if TYPE_CHECKING:
    from .claim import Claim
    from .claim_event import ClaimEvent
    from .comment import Comment
    from .user import User


class NotificationKind(enum.StrEnum):
    """What a notification tells its member."""

    ASSIGNED = "assigned"  # the claim was assigned to them
    APPROVAL = "approval"  # a verdict was proposed that they may approve
    COMMENT = "comment"  # someone commented on a claim they work on
    MENTION = "mention"  # someone @mentioned them in a comment
    CORRECTION = "correction"  # a verdict they approved (or proposed) was reopened

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    NotificationKind.ASSIGNED: "assigned you",
    NotificationKind.APPROVAL: "proposed a verdict for you to approve",
    NotificationKind.COMMENT: "commented",
    NotificationKind.MENTION: "mentioned you",
    NotificationKind.CORRECTION: "reopened a published verdict (a correction)",
}


class Notification(Base):
    """One entry of a member's inbox: who did what on which claim, and whether it was read."""

    __tablename__ = "notifications"

    id: orm.Mapped[intpk]
    user_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    claim_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey("claims.id", ondelete="CASCADE"))
    kind: orm.Mapped[NotificationKind] = orm.mapped_column(
        enum_column(NotificationKind, "notification_kind")
    )
    # None when the desk itself acted
    actor_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    event_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey("claim_events.id", ondelete="SET NULL")
    )
    comment_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE")
    )
    created_at: orm.Mapped[created_at]
    read_at: orm.Mapped[dt.datetime | None]

    user: orm.Mapped[User] = orm.relationship(foreign_keys=[user_id])
    claim: orm.Mapped[Claim] = orm.relationship()
    actor: orm.Mapped[User | None] = orm.relationship(foreign_keys=[actor_id])
    event: orm.Mapped[ClaimEvent | None] = orm.relationship()
    comment: orm.Mapped[Comment | None] = orm.relationship()

    # The inbox newest first by key; the unread count (a capped count of a member's
    # unread rows); marking a claim's notifications read when the member opens it.
    __table_args__ = (
        sa.Index("ix_notifications_inbox", "user_id", "id"),
        sa.Index("ix_notifications_unread", "user_id", "read_at", "id"),
        sa.Index("ix_notifications_claim", "claim_id", "user_id"),
    )

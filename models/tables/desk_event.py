"""The desk-level audit trail: withdrawals of articles and sources, and every purge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, created_at, intpk

if TYPE_CHECKING:
    from .user import User

SUBJECTS = ("article", "claim", "source")


class DeskEvent(Base):
    """One append-only entry about an article, a claim or a source (which may be purged).

    `subject_id` is a plain number, not a foreign key: the event outlives its subject.
    A claim's purge event holds a copy of the claim and its whole trail (`details`).
    """

    __tablename__ = "desk_events"

    id: orm.Mapped[intpk]
    actor_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("users.id"))
    action: orm.Mapped[str] = orm.mapped_column(sa.String(40))
    subject: orm.Mapped[str] = orm.mapped_column(sa.String(20))
    subject_id: orm.Mapped[int]
    details: orm.Mapped[dict[str, Any] | None] = orm.mapped_column(sa.JSON)
    created_at: orm.Mapped[created_at] = orm.mapped_column(index=True)

    actor: orm.Mapped[User | None] = orm.relationship()

    __table_args__ = (
        sa.CheckConstraint("length(action) >= 1", "action_length"),
        sa.CheckConstraint(
            "subject IN (" + ", ".join(f"'{s}'" for s in SUBJECTS) + ")", "subject_kind"
        ),
        sa.Index("ix_desk_events_subject", "subject", "subject_id"),
    )


@sa.event.listens_for(DeskEvent, "before_update")
@sa.event.listens_for(DeskEvent, "before_delete")
def _desk_trail_is_append_only(mapper: orm.Mapper[Any], connection: Any, target: DeskEvent) -> None:
    raise PermissionError("the audit trail is append-only: desk events are never changed")

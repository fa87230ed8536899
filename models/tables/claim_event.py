"""The audit trail: one append-only row per change to a claim."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, created_at, intpk

if TYPE_CHECKING:
    from .claim import Claim
    from .user import User


class ClaimEvent(Base):
    """One entry of a claim's append-only audit trail."""

    __tablename__ = "claim_events"

    id: orm.Mapped[intpk]
    claim_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey("claims.id"), index=True)
    # None when the desk itself acted (the seed loader, a migration)
    actor_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("users.id"), index=True)
    action: orm.Mapped[str] = orm.mapped_column(sa.String(40))
    # the claim's version once this change was saved: tells a refused stale edit what
    # happened since the version its author had loaded
    claim_version: orm.Mapped[int | None]
    before: orm.Mapped[dict[str, Any] | None] = orm.mapped_column(sa.JSON)
    after: orm.Mapped[dict[str, Any] | None] = orm.mapped_column(sa.JSON)
    created_at: orm.Mapped[created_at] = orm.mapped_column(index=True)

    claim: orm.Mapped[Claim] = orm.relationship(back_populates="events")
    actor: orm.Mapped[User | None] = orm.relationship()

    __table_args__ = (sa.CheckConstraint("length(action) >= 1", "action_length"),)


@sa.event.listens_for(ClaimEvent, "before_update")
@sa.event.listens_for(ClaimEvent, "before_delete")
def _audit_is_append_only(mapper: orm.Mapper[Any], connection: Any, target: ClaimEvent) -> None:
    raise PermissionError("the audit trail is append-only: claim events are never changed")

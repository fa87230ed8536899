"""Throttle counters: hits per key and fixed window (login attempts), in the desk's database."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base

KEY_MAX = 255


class ThrottleCounter(Base):
    """How many hits a throttle key took in its current window, and when the window ends."""

    __tablename__ = "throttle_counters"

    key: orm.Mapped[str] = orm.mapped_column(sa.String(KEY_MAX), primary_key=True)
    hits: orm.Mapped[int]
    # seconds since the epoch, as `limits` counts time
    expires_at: orm.Mapped[float] = orm.mapped_column(sa.Float, index=True)

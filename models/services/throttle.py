"""Throttling counts (login attempts): add hits, read a window, clear, in the desk's database.

Every server process of a desk sees the same counts, without a Redis or memcached to
run: webapp/throttle.py plugs these functions into the `limits` library (which Flask-
Limiter uses) as a storage backend. One row per key and fixed window; an increment is
one atomic upsert, so concurrent attempts from several processes are all counted.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..tables.throttle_counter import KEY_MAX, ThrottleCounter


def _insert(dialect: str):  # type: ignore[no-untyped-def]
    return (postgresql if dialect == "postgresql" else sqlite).insert(ThrottleCounter)


def increment(connection: sa.Connection, key: str, expiry: float, amount: int, now: float) -> int:
    """Add `amount` hits to `key`, opening a window of `expiry` seconds if none is open.

    Return the hits in the window after this increment.
    """
    counter = ThrottleCounter
    statement = _insert(connection.dialect.name).values(
        key=key[:KEY_MAX], hits=amount, expires_at=now + expiry
    )
    expired = counter.expires_at <= now
    statement = statement.on_conflict_do_update(
        index_elements=[counter.key],
        set_={
            "hits": sa.case((expired, amount), else_=counter.hits + amount),
            "expires_at": sa.case((expired, now + expiry), else_=counter.expires_at),
        },
    ).returning(counter.hits)
    hits = connection.execute(statement).scalar_one()
    # Forget windows that have ended, so the table holds only live counters.
    connection.execute(sa.delete(counter).where(counter.expires_at <= now - 60))
    return int(hits)


def read(connection: sa.Connection, key: str, now: float) -> tuple[int, float]:
    """Return the hits of `key` in its open window and when the window ends (0, now if none)."""
    counter = ThrottleCounter
    row = connection.execute(
        sa.select(counter.hits, counter.expires_at).where(
            counter.key == key[:KEY_MAX], counter.expires_at > now
        )
    ).first()
    return (int(row.hits), float(row.expires_at)) if row else (0, now)


def clear(connection: sa.Connection, key: str | None = None) -> int:
    """Remove one key's counter, or every counter; return how many rows went."""
    statement = sa.delete(ThrottleCounter)
    if key is not None:
        statement = statement.where(ThrottleCounter.key == key[:KEY_MAX])
    return connection.execute(statement).rowcount or 0

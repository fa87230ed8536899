"""The audit trail is append-only in the database itself, not only through the ORM."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import ClaimEvent, migrate
from models.db import make_engine, make_session_factory

from ..factories import make_claim

RAW_CHANGES = [
    "UPDATE claim_events SET action = 'tampered'",
    "UPDATE claim_events SET after = NULL WHERE id = (SELECT min(id) FROM claim_events)",
    "DELETE FROM claim_events",
]


@pytest.mark.parametrize("statement", RAW_CHANGES)
def test_raw_sql_cannot_change_the_audit_trail(desk_url: str, statement: str) -> None:
    engine = make_engine(desk_url)
    try:
        with make_session_factory(engine)() as session:
            claim_id = make_claim(session).id
            session.commit()
        with engine.connect() as connection:
            before = connection.execute(sa.select(ClaimEvent.id, ClaimEvent.action)).all()
            assert before
            with pytest.raises(sa.exc.DatabaseError, match="append-only"):
                connection.execute(sa.text(statement))
            connection.rollback()
            assert connection.execute(sa.select(ClaimEvent.id, ClaimEvent.action)).all() == before
            # appending stays possible
            connection.execute(
                sa.insert(ClaimEvent).values(
                    claim_id=claim_id, action="commented", created_at=sa.func.now()
                )
            )
            connection.commit()
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_truncate_is_refused_on_postgresql(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    try:
        migrate.upgrade(engine)
        with engine.connect() as connection, pytest.raises(sa.exc.DatabaseError):
            connection.execute(sa.text("TRUNCATE claim_events CASCADE"))
    finally:
        engine.dispose()

"""Model-test fixtures: a freshly migrated database, once on SQLite and once on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import orm

from models import migrate
from models.db import make_engine
from models.services.ratings import ensure_default_ratings


@pytest.fixture
def fresh_session(any_db_url: str) -> Iterator[orm.Session]:
    """A session on a newly migrated database with the default verdict scale."""
    engine = make_engine(any_db_url)
    migrate.upgrade(engine)
    with orm.Session(engine) as session:
        ensure_default_ratings(session)
        session.commit()
        yield session
    engine.dispose()

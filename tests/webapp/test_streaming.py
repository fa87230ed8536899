"""Streamed downloads and previews give back their database connection, on both databases.

A streamed body is written after the view has returned and the request's session has
closed; it must run on a session of its own and close it, however the stream ends.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask import Flask

from models import Role
from models.db import make_engine, make_session_factory
from models.services.seeding import default_seed_files, load_seed
from webapp import create_app
from webapp.db import database

from ..factories import PASSWORD, make_user
from ..live import Visitor, serve
from .conftest import login

STREAMED = [
    "/reports/download/md",
    "/reports/download/csv",
    "/reports/download/json?status=approved",
    "/reports/preview",
]


@pytest.fixture
def desk(desk_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The real app on a seeded database (SQLite or PostgreSQL) with one reviewer."""
    engine = make_engine(desk_url)
    with make_session_factory(engine)() as session:
        for path in default_seed_files():
            load_seed(session, path)
        make_user(session, Role.REVIEWER, username="rita")
        session.commit()
    engine.dispose()
    app = create_app({"TESTING": True, "DATABASE_URL": desk_url, "SECRET_KEY": "test"})
    app.instance_path = str(tmp_path / "instance")
    yield app
    database(app).dispose()


def _settle(pool: sa.pool.Pool, baseline: int) -> int:
    """Wait (a few seconds at most) for the server threads to finish closing responses."""
    deadline = time.monotonic() + 5
    while pool.checkedout() != baseline and time.monotonic() < deadline:  # type: ignore[attr-defined]
        time.sleep(0.05)
    return pool.checkedout()  # type: ignore[attr-defined]


def _idle_in_transaction(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(
                sa.text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND state = 'idle in transaction' "
                    "AND pid <> pg_backend_pid()"
                )
            )
    finally:
        engine.dispose()


def test_streams_return_their_connections(desk: Flask) -> None:
    pool = database(desk).engine.pool
    with serve(desk) as base:
        reviewer = Visitor(base)
        assert reviewer.log_in("rita", PASSWORD).status == 302
        baseline = pool.checkedout()  # type: ignore[attr-defined]

        for n in range(50):
            answer = reviewer.get(STREAMED[n % len(STREAMED)])
            assert answer.status == 200, answer.text[:300]
            assert len(answer.body) > 1000
        assert _settle(pool, baseline) == baseline

        def three_downloads(n: int) -> list[int]:
            visitor = Visitor(base, cookies=reviewer.cookies)  # the same member, twenty tabs
            return [visitor.get(STREAMED[(n + k) % len(STREAMED)]).status for k in range(3)]

        with ThreadPoolExecutor(max_workers=20) as pool_of_clients:
            statuses = [
                s for batch in pool_of_clients.map(three_downloads, range(20)) for s in batch
            ]
        assert statuses == [200] * 60
        assert _settle(pool, baseline) == baseline

        # The desk still answers at once: a new member logs in.
        started = time.monotonic()
        newcomer = Visitor(base, timeout=10)
        assert newcomer.log_in("rita", PASSWORD).status == 302
        assert newcomer.get("/").status == 200
        assert time.monotonic() - started < 5  # a leak makes this wait for the pool (30 s)

    if desk.config["DATABASE_URL"].startswith("postgresql"):
        assert _idle_in_transaction(desk.config["DATABASE_URL"]) == 0


def test_a_download_abandoned_midway_returns_its_connection(desk: Flask) -> None:
    """A client that stops reading closes the stream; its session closes with it."""
    pool = database(desk).engine.pool
    client = desk.test_client()
    assert login(client, SimpleNamespace(username="rita")).status_code == 302
    baseline = pool.checkedout()  # type: ignore[attr-defined]
    for path in STREAMED:
        response = client.get(path, buffered=False)
        assert response.status_code == 200
        next(iter(response.response))  # read one chunk, then hang up
        response.close()
        assert pool.checkedout() == baseline, path  # type: ignore[attr-defined]

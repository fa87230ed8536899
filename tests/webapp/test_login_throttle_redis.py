"""The login throttle on Redis (CLAIMDESK_RATELIMIT_STORAGE_URI=redis://…), as docs/deploy.md
offers for several app servers: a real redis-server on 127.0.0.1, two apps sharing it.

Outside CI these tests skip, with the reason, when redis-server or the `redis` package is
missing; under CI=true a missing one fails the run (.ci/run installs redis-server, the
test extras the package).
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from models import ThrottleCounter
from webapp import create_app
from webapp.db import database

from ..tools import free_port, system_tool, unavailable
from .test_login_throttle import _attempt

WHAT = "the Redis throttle tests"
pytestmark = pytest.mark.sqlite_only  # the counters are in Redis, whatever the database


@contextlib.contextmanager
def _redis_server(folder: Path) -> Iterator[subprocess.Popen[bytes]]:
    server = system_tool("redis-server", "redis-server", WHAT)
    port = free_port()
    command = [
        server,
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--save",
        "",
        "--dir",
        str(folder),
    ]
    with (folder / "redis.log").open("wb") as log:
        process = subprocess.Popen([*command, "--appendonly", "no"], stdout=log, stderr=log)
    process.port = port  # type: ignore[attr-defined]
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(client, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(Exception):
            if client.ping():
                return
        time.sleep(0.1)
    pytest.fail("redis-server did not answer")


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    try:
        import redis
    except ImportError:
        unavailable(WHAT, "the redis package is needed (pip install redis)")
    with _redis_server(tmp_path) as process:
        url = f"redis://127.0.0.1:{process.port}/0"  # type: ignore[attr-defined]
        client = redis.Redis.from_url(url)
        try:
            _wait_for(client, process)
            yield url
        finally:
            client.close()


def _app(db_url: str, redis_url: str):
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "test-secret",
            "RATELIMIT_STORAGE_URI": redis_url,
        }
    )


def test_two_app_servers_share_the_counters_in_redis(db_url, redis_url, members) -> None:
    import redis

    first, second = _app(db_url, redis_url), _app(db_url, redis_url)
    try:
        one, two = first.test_client(), second.test_client()
        for _ in range(3):
            assert _attempt(one, "rita").status_code == 401
        for _ in range(2):
            assert _attempt(two, "rita").status_code == 401
        assert _attempt(one, "rita").status_code == 429  # five failures, over two servers
        assert _attempt(two, "rita").status_code == 429
        with database(first).engine.connect() as connection:
            rows = connection.scalar(sa.select(sa.func.count()).select_from(ThrottleCounter))
        keys = redis.Redis.from_url(redis_url).keys("*account:rita*")
    finally:
        database(first).dispose()
        database(second).dispose()
    assert rows == 0  # nothing counted in the desk's own database
    assert keys


def test_logins_are_answered_while_redis_is_down(db_url, tmp_path, members) -> None:
    with _redis_server(tmp_path) as process:
        url = f"redis://127.0.0.1:{process.port}/0"  # type: ignore[attr-defined]
        app = _app(db_url, url)
    try:
        client = app.test_client()
        statuses = [_attempt(client, "rita").status_code for _ in range(7)]
    finally:
        database(app).dispose()
    assert statuses == [401] * 5 + [429] * 2

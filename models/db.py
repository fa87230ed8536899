"""Engines and sessions: one place that knows how to connect to either database."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

DATABASE_URL_ENV = "CLAIMDESK_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 5000


def sqlite_url(path: str | os.PathLike[str]) -> str:
    """Return the SQLAlchemy URL of the SQLite file at `path`."""
    return f"sqlite:///{Path(path).resolve()}"


def database_url(default_path: str | os.PathLike[str]) -> str:
    """Return CLAIMDESK_DATABASE_URL if set, else the SQLite file at `default_path`."""
    return os.environ.get(DATABASE_URL_ENV) or sqlite_url(default_path)


def make_engine(url: str, **kwargs: Any) -> sa.Engine:
    """Create an engine, with SQLite's foreign keys, WAL and busy timeout on every connection.

    A SQLite file's folder is created when missing, so a first run needs no set-up.
    """
    sa_url = sa.make_url(url)
    if sa_url.get_backend_name() == "sqlite":
        if sa_url.database and sa_url.database != ":memory:":
            Path(sa_url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(sa_url, **kwargs)
        sa.event.listen(engine, "connect", _sqlite_on_connect)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return sa.create_engine(sa_url, **kwargs)


def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def make_session_factory(engine: sa.Engine) -> orm.sessionmaker[orm.Session]:
    """Return the session factory the web app, the CLI and the tests share."""
    return orm.sessionmaker(engine, expire_on_commit=False)


def check_connection(engine: sa.Engine) -> None:
    """Connect once, so an unreachable database fails early with the driver's reason."""
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))

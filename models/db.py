"""Engines and sessions: one place that knows how to connect to either database."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

DATABASE_URL_ENV = "CLAIMDESK_DATABASE_URL"
# How long a writer waits for SQLite's write lock before "database is locked". Every
# writer begins IMMEDIATE, so a wait is a queue, never a deadlock: the timeout only bounds
# an overload. 5 s ran out under the load bench on a saturated machine, where writes then
# took up to 10 s without failing (docs/deploy.md); 30 s leaves room above that and stays
# inside a reverse proxy's usual 60 s.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Execution option carried by the connections of a writing session (see make_session_factory).
WRITES = "claimdesk_writes"


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
        # A "file:…?mode=ro" URI (uri=true) names an existing file: nothing to create.
        is_uri = sa_url.query.get("uri") == "true"
        if sa_url.database and sa_url.database != ":memory:" and not is_uri:
            Path(sa_url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(sa_url, **kwargs)
        sa.event.listen(engine, "connect", _sqlite_on_connect)
        sa.event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    if "prepare_threshold" in sa_url.query:
        threshold = _prepare_threshold(sa_url.query["prepare_threshold"])
        sa_url = sa_url.difference_update_query(["prepare_threshold"])
        kwargs["connect_args"] = {**kwargs.get("connect_args", {}), "prepare_threshold": threshold}
    return sa.create_engine(sa_url, **kwargs)


def _prepare_threshold(value: str | tuple[str, ...]) -> int | None:
    """Read `?prepare_threshold=` of a PostgreSQL URL: a number, or `none` (never prepare).

    psycopg prepares a statement on the server once a connection has run it that many
    times (5 by default). A pooler in transaction mode that does not track prepared
    statements (PgBouncer before 1.21, e.g. Debian 12's 1.18) hands the next transaction
    another server connection, where the statement is missing or another client's has
    the same name; `none` turns preparing off. SQLAlchemy would pass the text on as is,
    which psycopg cannot compare with a number.
    """
    text = (value[-1] if isinstance(value, tuple) else value).strip().lower()
    if text in ("none", "off"):
        return None
    if text.isdigit():
        return int(text)
    raise sa.exc.ArgumentError(
        f"prepare_threshold={text!r} in the database URL: give a number, or none to turn "
        "prepared statements off (for PgBouncer in transaction mode)"
    )


def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    # Python's sqlite3 module would BEGIN only before the first INSERT/UPDATE/DELETE, so
    # a service's reads (e.g. "how many admins are left?") ran outside the transaction
    # that then wrote. SQLAlchemy emits BEGIN itself instead (_sqlite_on_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: sa.Connection) -> None:
    # A writing transaction takes SQLite's write lock at BEGIN (waiting up to the busy
    # timeout for another writer), so what it reads cannot change before it writes, and
    # it never fails halfway with "database is locked". Readers keep a deferred BEGIN:
    # under WAL they never block a writer, and each sees one consistent snapshot.
    immediate = connection.get_execution_options().get(WRITES, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_session_factory(
    engine: sa.Engine, *, writes: bool = False
) -> orm.sessionmaker[orm.Session]:
    """Return a session factory; `writes=True` for sessions meant to change the desk.

    On SQLite a writing session's transaction begins IMMEDIATE (see _sqlite_on_begin);
    on PostgreSQL both kinds are the same, and services that check-then-write take row
    locks (SELECT ... FOR UPDATE) where a race would break a rule.
    """
    bind = engine.execution_options(**{WRITES: True}) if writes else engine
    return orm.sessionmaker(bind, expire_on_commit=False)

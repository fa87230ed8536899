"""The database as the web app sees it: one engine per app, one session per request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import orm

from models.db import make_engine, make_session_factory

_KEY = "claimdesk.db"
T = TypeVar("T")


class Database:
    """Holds the app's engine and session factory, created on first use."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: sa.Engine | None = None
        self._factory: orm.sessionmaker[orm.Session] | None = None
        self._write_factory: orm.sessionmaker[orm.Session] | None = None

    @property
    def engine(self) -> sa.Engine:
        if self._engine is None:
            self._engine = make_engine(self.url)
        return self._engine

    @property
    def sessions(self) -> orm.sessionmaker[orm.Session]:
        """Sessions that only read (and may write what no rule depends on)."""
        if self._factory is None:
            self._factory = make_session_factory(self.engine)
        return self._factory

    @property
    def write_sessions(self) -> orm.sessionmaker[orm.Session]:
        """Sessions that change the desk: on SQLite they hold the write lock from BEGIN."""
        if self._write_factory is None:
            self._write_factory = make_session_factory(self.engine, writes=True)
        return self._write_factory

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def init_app(app: Flask, url: str) -> None:
    """Attach the database to the app and close each request's session at teardown."""
    app.extensions[_KEY] = Database(url)
    app.teardown_appcontext(_close_session)


def database(app: Flask | None = None) -> Database:
    """Return the app's Database."""
    return (app or current_app).extensions[_KEY]


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session() -> orm.Session:
    """Return this request's (or CLI command's) session, opening it on first use.

    A request that may change the desk (POST and friends) and a CLI command get a
    writing session; GET and HEAD requests, and a view marked `reads_only`, get a
    reading one.
    """
    if "db_session" not in g:
        reads = has_request_context() and (request.method in SAFE_METHODS or _view_reads_only())
        db = database()
        g.db_session = db.sessions() if reads else db.write_sessions()
    return g.db_session


def reads_only(view: Callable[..., T]) -> Callable[..., T]:
    """Mark a POST view that writes nothing to the desk: its session is a reading one.

    The login form is the case: it checks a password (scrypt: tens of milliseconds of
    CPU, far more when many members log in at once) and writes nothing. Under a writing
    session it would hold SQLite's write lock all that time, and fifty members logging in
    together queued every writer behind them until the busy timeout ran out.
    """
    view.db_reads_only = True  # type: ignore[attr-defined]  # kept by functools.wraps
    return view


def _view_reads_only() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "db_reads_only", False))


def _close_session(exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        # Anything not committed by the view is dropped: one commit per request.
        session.close()


class StreamSession:
    """A session owned by a streamed response body, closed however the stream ends.

    A streamed body is written after the view has returned and the request's session
    has been closed at teardown; a body that read through that session would quietly
    open a new connection that nothing closes. This one opens its own session when the
    first chunk is asked for and closes it when the body is exhausted, fails, or is
    closed by the server because the client went away (`close`, registered with
    `Response.call_on_close`). A body that never starts never opens a connection.
    """

    def __init__(self) -> None:
        self._factory = database().sessions  # read now: the app context ends with the view
        self._session: orm.Session | None = None

    def iterate(self, produce: Callable[[orm.Session], Iterator[T]]) -> Iterator[T]:
        """Yield what `produce` yields from this stream's own session."""
        try:
            self._session = self._factory()
            yield from produce(self._session)
        finally:
            self.close()

    def close(self) -> None:
        """Close the session (again is harmless): its connection goes back to the pool."""
        session, self._session = self._session, None
        if session is not None:
            session.close()

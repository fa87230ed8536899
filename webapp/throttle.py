"""Login throttling: Flask-Limiter, counting in the desk's own database by default.

Failed logins are counted per account (the typed username) and per client address, in
fixed windows of growing length, so each further burst of guesses waits longer (a minute,
then an hour, then a day). A throttled login answers 429 with Retry-After before any
password is hashed, so a flood costs the desk no scrypt work. Unknown usernames and wrong
passwords are counted and answered alike.

The counters live in the desk's database (`claimdesk://`, models/throttle.py), so every
server process of a desk shares them with no extra service; RATELIMIT_STORAGE_URI can
point Flask-Limiter at Redis (tested) or memcached instead.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, current_app, render_template, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from limits.errors import ConfigurationError
from limits.storage import Storage

from models.db import WRITES
from models.services import throttle

from .db import Database, database

STORAGE_SCHEME = "claimdesk"
LOGIN_ENDPOINT = "auth.login_submit"


class DeskStorage(Storage):
    """A `limits` storage on the desk's own database (scheme `claimdesk://`)."""

    STORAGE_SCHEME = [STORAGE_SCHEME]

    def __init__(
        self,
        uri: str | None = None,
        wrap_exceptions: bool = False,
        desk_database: Database | None = None,
        **options: Any,
    ) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        if desk_database is None:
            raise ConfigurationError("the claimdesk:// storage needs the desk's database")
        self._database = desk_database

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return sa.exc.SQLAlchemyError

    def _writing(self) -> Any:
        # on SQLite, BEGIN IMMEDIATE: concurrent increments queue instead of failing
        return self._database.engine.execution_options(**{WRITES: True}).begin()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        with self._writing() as connection:
            return throttle.increment(connection, key, expiry, amount, time.time())

    def get(self, key: str) -> int:
        with self._database.engine.connect() as connection:
            return throttle.read(connection, key, time.time())[0]

    def get_expiry(self, key: str) -> float:
        with self._database.engine.connect() as connection:
            return throttle.read(connection, key, time.time())[1]

    def check(self) -> bool:
        try:
            with self._database.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self._writing() as connection:
            return throttle.clear(connection)

    def clear(self, key: str) -> None:
        with self._writing() as connection:
            throttle.clear(connection, key)


def _account_key() -> str:
    # The username as the login form will look it up; an empty one still gets a key.
    typed = request.form.get("username", "")
    return "account:" + " ".join(typed.split()).lower()[:80]


def _failed_login(response: Response) -> bool:
    return response.status_code == 401


def _throttled(limit: RequestLimit) -> Response:
    """Answer a throttled login: the login form, 429 and when to try again.

    A flask Response (not a bare werkzeug one), or Flask-Limiter ignores it.
    """
    from .auth.forms import LoginForm  # the auth blueprint's form; imported when first needed

    wait = max(1, math.ceil(limit.reset_at - time.time()))
    form = LoginForm()
    form.form_errors.append(
        "Too many failed logins for this account or from this address. "
        f"Try again in {_duration(wait)}."
    )
    response = Response(
        render_template("auth/login.html", form=form), status=429, mimetype="text/html"
    )
    response.headers["Retry-After"] = str(wait)
    return response


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} seconds"
    if seconds < 7200:
        return f"{math.ceil(seconds / 60)} minutes"
    return f"{math.ceil(seconds / 3600)} hours"


def init_app(app: Flask) -> None:
    """Throttle the login form on this app (call after the auth blueprint is registered).

    One Limiter per app: its storage belongs to this app's database.
    """
    config = app.config
    uri = config.get("RATELIMIT_STORAGE_URI") or f"{STORAGE_SCHEME}://"
    options = dict(config.get("RATELIMIT_STORAGE_OPTIONS") or {})
    if uri.startswith(f"{STORAGE_SCHEME}://"):
        options["desk_database"] = database(app)
    limiter = Limiter(
        key_func=get_remote_address,
        storage_uri=uri,
        storage_options=options,
        strategy="fixed-window",
        key_prefix="login",
        headers_enabled=False,  # Retry-After is set on the 429 itself
        # Storage out of reach (a Redis server down): keep answering logins, counting in
        # this process's memory until the storage answers its health check again.
        in_memory_fallback_enabled=True,
    )
    limiter.init_app(app)
    view: Callable[..., Any] = app.view_functions[LOGIN_ENDPOINT]
    for limits, key_func, scope in (
        (lambda: current_app.config["LOGIN_LIMITS_PER_ACCOUNT"], _account_key, "account"),
        (lambda: current_app.config["LOGIN_LIMITS_PER_ADDRESS"], get_remote_address, "address"),
    ):
        view = limiter.limit(
            limits,
            key_func=key_func,
            scope=scope,
            deduct_when=_failed_login,
            on_breach=_throttled,
        )(view)
    app.view_functions[LOGIN_ENDPOINT] = view

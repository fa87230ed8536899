"""Configuration defaults and the location of the default SQLite database."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from models.db import database_url

DATABASE_FILENAME = "claimdesk.sqlite3"


def default_instance_path() -> Path:
    """Return the instance folder Flask gives the `webapp` package."""
    return Path(Flask("webapp").instance_path)


def database_url_for_instance(instance_path: str | Path | None = None) -> str:
    """Return CLAIMDESK_DATABASE_URL, or the SQLite file in the instance folder."""
    folder = Path(instance_path) if instance_path else default_instance_path()
    return database_url(folder / DATABASE_FILENAME)


class Defaults:
    """Settings every app starts from; CLAIMDESK_* environment variables override them."""

    SECRET_KEY: str | None = None  # read from the instance folder or generated once
    DATABASE_URL: str | None = None  # None: CLAIMDESK_DATABASE_URL or the instance SQLite file
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # HTTPS (webapp/headers.py). Over HTTPS every cookie is Secure and HSTS is sent.
    # Behind reverse proxies: how many of them set X-Forwarded-For/-Proto/-Host; the
    # desk believes that many hops (werkzeug's ProxyFix). 0: it believes none, since any
    # client could send those headers.
    TRUSTED_PROXIES = 0
    # True: cookies are Secure even on a request that looks like plain HTTP (TLS ends at
    # a proxy the desk is not told about). Never needed when HTTPS is seen.
    SECURE_COOKIES = False
    HSTS_MAX_AGE = 365 * 24 * 3600  # Strict-Transport-Security, HTTPS only; 0: not sent
    # Login sessions (webapp/security.py): ended after this many seconds without a
    # request, and this many seconds after logging in, whatever happens in between.
    SESSION_IDLE_TIMEOUT = 8 * 3600  # a working day's pauses, not a night
    SESSION_MAX_AGE = 24 * 3600
    # Failed logins (webapp/throttle.py), counted in growing windows: past a limit, the
    # next attempt waits until that window ends. Per account: guessing one member's
    # password. Per address: one client trying many accounts (a newsroom shares an
    # address behind its NAT, hence the higher figures).
    LOGIN_LIMITS_PER_ACCOUNT = "5 per minute; 20 per hour; 100 per day"
    LOGIN_LIMITS_PER_ADDRESS = "30 per minute; 300 per hour; 1000 per day"
    # Where the counters live: "claimdesk://" is the desk's own database, shared by
    # every server process; Flask-Limiter also takes redis:// or memcached:// URLs.
    RATELIMIT_STORAGE_URI = "claimdesk://"
    WTF_CSRF_TIME_LIMIT = None  # a reviewer may keep a claim open for hours
    MAX_CONTENT_LENGTH = 4 * 1024 * 1024
    CLAIMS_PER_PAGE = 50
    ORGANISATION_NAME = "Claimdesk"
    ORGANISATION_URL = None
    REPORT_BASE_URL = "https://factcheck.example.org/reports"
    # Article import (docs/intake.md): the largest file or page read, in bytes; how long
    # fetching an address may take, in seconds; and whether addresses on the desk's own
    # network (loopback, private, link-local) may be fetched. Off: an editor's address
    # must not reach the desk's database or a cloud's metadata service.
    IMPORT_MAX_BYTES = 5_000_000
    FETCH_TIMEOUT = 10
    FETCH_ALLOW_PRIVATE = False

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
    WTF_CSRF_TIME_LIMIT = None  # a reviewer may keep a claim open for hours
    MAX_CONTENT_LENGTH = 4 * 1024 * 1024
    CLAIMS_PER_PAGE = 50
    ORGANISATION_NAME = "Claimdesk"
    ORGANISATION_URL = None
    REPORT_BASE_URL = "https://factcheck.example.org/reports"

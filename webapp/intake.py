"""The import settings as the models take them (docs/intake.md)."""

from __future__ import annotations

from flask import current_app

from models.intake import FetchPolicy


def fetch_policy() -> FetchPolicy:
    """Return the fetch and size limits from IMPORT_MAX_BYTES and the FETCH_* settings."""
    config = current_app.config
    return FetchPolicy(
        max_bytes=int(config["IMPORT_MAX_BYTES"]),
        timeout=float(config["FETCH_TIMEOUT"]),
        allow_private=bool(config["FETCH_ALLOW_PRIVATE"]),
    )

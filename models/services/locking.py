"""Optimistic locking for records edited through a form: articles, speakers, sources, users.

Each such table has a `version` column mapped as SQLAlchemy's version_id_col. A form
carries the version it was rendered with; a save from an older version is refused
before anything changes, so two people saving one form never silently undo each other.
(Claims have their own check in models.services.workflow, which also tells what changed,
from the audit trail.)
"""

from __future__ import annotations

from typing import Protocol

from ..errors import StaleVersion


class Versioned(Protocol):
    """A record with an optimistic-locking version counter."""

    version: int


def check_version(record: Versioned, expected: int | None, noun: str) -> None:
    """Refuse the change if `record` was saved by someone since version `expected`.

    `expected` None means the caller did not load the record for a form (the CLI, a
    service acting on a record it has just read): nothing to compare.
    """
    if expected is None or record.version is None or expected == record.version:
        return
    raise StaleVersion(
        f"Someone saved this {noun} after you opened it (version {expected}, now "
        f"{record.version}). Nothing was changed: compare their values below with yours, "
        "then save again to keep yours.",
        current_version=record.version,
    )

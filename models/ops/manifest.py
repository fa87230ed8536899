"""A backup's manifest: PATH.json beside the backup file PATH.

    {"format": "claimdesk-backup/1", "database": "sqlite", "file": "desk.bak",
     "bytes": 1234, "sha256": "…", "revision": "0011", "created_at": "2026-…Z",
     "high_water": {"claims": 100000, "claim_events": 412345, …}}

The file is checked against `bytes` and `sha256` before anything is restored from it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ValidationError
from .revisions import DeskState

FORMAT = "claimdesk-backup/1"
CHUNK = 1 << 20


def manifest_path(path: Path) -> Path:
    """Return where the manifest of the backup at `path` lives."""
    return path.with_name(path.name + ".json")


def file_sha256(path: Path) -> tuple[int, str]:
    """Return the size and SHA-256 (hex) of a file."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What a backup holds and how to check it."""

    database: str  # "sqlite" or "postgresql"
    file: str
    bytes: int
    sha256: str
    revision: str | None
    created_at: str
    high_water: dict[str, int] = field(default_factory=dict)
    format: str = FORMAT

    @property
    def state(self) -> DeskState:
        return DeskState(self.revision, dict(self.high_water))


def new_manifest(database: str, path: Path, state: DeskState) -> Manifest:
    """Describe the finished backup file at `path`, taken in `state`."""
    size, sha = file_sha256(path)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Manifest(database, path.name, size, sha, state.revision, now, state.high_water)


def write_manifest(path: Path, manifest: Manifest) -> Path:
    """Write the manifest beside the backup at `path` (to a temporary file, then renamed)."""
    target = manifest_path(path)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(json.dumps(asdict(manifest), indent=2, sort_keys=True) + "\n")
    os.replace(partial, target)
    return target


def read_manifest(path: Path) -> Manifest:
    """Read and check the manifest of the backup at `path`; raise ValidationError if bad."""
    source = manifest_path(path)
    if not path.is_file():
        raise ValidationError(f"{path} is not a file")
    try:
        data: Any = json.loads(source.read_text())
    except FileNotFoundError:
        raise ValidationError(
            f"{source} is missing: claimdesk restores only backups made by claimdesk backup, "
            "which writes it beside the backup"
        ) from None
    except (OSError, ValueError) as exc:
        raise ValidationError(f"{source} cannot be read: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(f"{source} is not a Claimdesk backup manifest ({FORMAT})")
    try:
        manifest = Manifest(**data)
    except TypeError as exc:
        raise ValidationError(f"{source} is not a valid manifest: {exc}") from exc
    size, sha = file_sha256(path)
    if (size, sha) != (manifest.bytes, manifest.sha256):
        raise ValidationError(
            f"{path} does not match its manifest ({size:,} bytes, sha256 {sha[:12]}…; "
            f"expected {manifest.bytes:,} bytes, sha256 {manifest.sha256[:12]}…): "
            "the file was changed or cut short; nothing was restored"
        )
    return manifest

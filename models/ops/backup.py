"""`claimdesk backup` and `claimdesk restore`.

SQLite: the online backup API copies the desk page by page in one step, which reads one
snapshot under WAL (the server keeps writing meanwhile; writes committed after the
snapshot are not in the copy). The copy goes to PATH.partial, is checked with
`PRAGMA integrity_check`, switched out of WAL so it is one self-contained file, and then
renamed to PATH; the manifest PATH.json follows (see manifest.py).

A restore is the same API the other way: the checked backup (upgraded to this code's
newest revision first, in a temporary copy) is written into the desk's file in one
write transaction, so anyone reading the desk sees the whole old desk or the whole
restored one, never half of each; a crash midway leaves the old desk.

PostgreSQL: `pg_dump --format=custom` and `pg_restore --single-transaction`, when they are
on PATH; otherwise the command to run is returned for the operator.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from .. import migrate
from ..db import SQLITE_BUSY_TIMEOUT_MS, make_engine, sqlite_url
from ..errors import Conflict, ValidationError
from .manifest import Manifest, manifest_path, new_manifest, read_manifest, write_manifest
from .revisions import DeskState, compare_revisions, desk_state, newer_rows


@dataclass(frozen=True)
class BackupResult:
    """A finished backup, or the command the operator must run to make one."""

    path: Path
    manifest: Manifest | None
    command: list[str] | None = None  # set when pg_dump was not run


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did."""

    backup: Manifest
    replaced: DeskState
    revision: str | None  # the desk's revision after the restore (upgraded to head)
    command: list[str] | None = None  # set when pg_restore was not run


def _partial(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def _remove(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        name.unlink(missing_ok=True)


@contextlib.contextmanager
def _sqlite(path: Path | str) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        yield connection
    finally:
        connection.close()


def _integrity(connection: sqlite3.Connection) -> str:
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(row[0]) for row in rows)


def _state_of_file(path: Path) -> DeskState:
    engine = sa.create_engine(sqlite_url(path))
    try:
        with engine.connect() as connection:
            return desk_state(connection)
    finally:
        engine.dispose()


def _sqlite_file(engine: sa.Engine) -> Path:
    name = engine.url.database
    if not name or name == ":memory:" or engine.url.query.get("uri") == "true":
        raise ValidationError(f"{engine.url} is not a SQLite file that can be backed up")
    return Path(name)


def _check_destination(path: Path) -> None:
    if path.is_dir():
        raise ValidationError(f"{path} is a folder; give the backup's file name")
    if not path.parent.is_dir():
        raise ValidationError(f"{path.parent} does not exist")


# --- backup ---------------------------------------------------------------------------


def backup(engine: sa.Engine, path: Path, *, run_pg_dump: bool = True) -> BackupResult:
    """Back up the desk behind `engine` to `path` (and its manifest to PATH.json)."""
    _check_destination(path)
    if engine.dialect.name == "postgresql":
        return _backup_postgres(engine, path, run=run_pg_dump)
    return _backup_sqlite(engine, path)


def _backup_sqlite(engine: sa.Engine, path: Path) -> BackupResult:
    source = _sqlite_file(engine)
    if not source.is_file():
        raise ValidationError(f"there is no desk at {source} to back up")
    if path.resolve() == source.resolve():
        raise ValidationError(f"{path} is the desk itself; choose another file")
    partial = _partial(path)
    _remove(partial)
    try:
        with _sqlite(source) as live, _sqlite(partial) as copy:
            live.backup(copy)  # one step: one consistent snapshot of the live desk
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
            problems = _integrity(copy)
            if problems != "ok":
                raise ValidationError(f"the copy of {source} is damaged: {problems}")
        state = _state_of_file(partial)
        os.replace(partial, path)
    except sqlite3.Error as exc:
        raise ValidationError(f"cannot back up {source} to {path}: {exc}") from exc
    finally:
        _remove(partial)
    manifest = new_manifest("sqlite", path, state)
    write_manifest(path, manifest)
    return BackupResult(path, manifest)


def libpq_url(url: sa.URL) -> tuple[str, dict[str, str]]:
    """Return a libpq URI for `url` without its password, and the environment holding it."""
    env = {"PGPASSWORD": url.password} if url.password else {}
    # URL.set(password=None) would keep the password: None there means "unchanged"
    plain = sa.URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return plain.render_as_string(hide_password=False), env


def pg_dump_command(url: sa.URL, path: Path) -> list[str]:
    """Return the pg_dump command that writes the database at `url` to `path`."""
    uri, _ = libpq_url(url)
    return ["pg_dump", "--format=custom", "--no-owner", f"--file={path}", f"--dbname={uri}"]


def _backup_postgres(engine: sa.Engine, path: Path, *, run: bool) -> BackupResult:
    with engine.connect() as connection:
        before = desk_state(connection)
    command = pg_dump_command(engine.url, _partial(path))
    if not run or shutil.which("pg_dump") is None:
        return BackupResult(path, None, pg_dump_command(engine.url, path))
    _, env = libpq_url(engine.url)
    try:
        done = subprocess.run(
            command, env={**os.environ, **env}, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise ValidationError(f"pg_dump failed: {done.stderr.strip()}")
        with engine.connect() as connection:
            after = desk_state(connection)
        if after.revision != before.revision:
            raise Conflict("the database was migrated during the backup; run it again")
        os.replace(_partial(path), path)
    finally:
        _partial(path).unlink(missing_ok=True)
    # rows added while pg_dump ran may be in the dump: the marks read before are a floor
    manifest = new_manifest("postgresql", path, before)
    write_manifest(path, manifest)
    return BackupResult(path, manifest)


# --- restore --------------------------------------------------------------------------


def _refusals(current: DeskState, manifest: Manifest) -> list[str]:
    """Say why restoring `manifest` over `current` would lose something."""
    reasons = []
    if compare_revisions(current.revision, manifest.revision) > 0:
        reasons.append(
            f"the desk is at a newer schema revision ({current.revision}) than the backup "
            f"({manifest.revision})"
        )
    rows = newer_rows(current, manifest.state)
    if rows:
        reasons.append("the desk holds rows added after the backup: " + ", ".join(rows))
    return reasons


def restore(engine: sa.Engine, path: Path, *, force: bool = False) -> RestoreResult:
    """Replace the desk behind `engine` with the backup at `path`, all at once.

    Refused, unless `force`, when the desk is newer than the backup: at a later schema
    revision, or holding a row (in any table with an id) added after the backup was
    taken. A backup made by a newer Claimdesk (a revision this code does not know) is
    always refused.
    """
    manifest = read_manifest(path)
    if manifest.database != engine.dialect.name:
        raise ValidationError(
            f"{path} is a {manifest.database} backup; the desk is on {engine.dialect.name} "
            "(claimdesk copy-db moves a desk between the two)"
        )
    if compare_revisions(manifest.revision, migrate.head_revision()) > 0:
        raise ValidationError(
            f"{path} is at revision {manifest.revision}, which this Claimdesk does not know "
            f"(its newest is {migrate.head_revision()}): restore it with the newer version"
        )
    if engine.dialect.name == "postgresql":
        return _restore_postgres(engine, path, manifest, force=force)
    return _restore_sqlite(engine, path, manifest, force=force)


def _restore_sqlite(
    engine: sa.Engine, path: Path, manifest: Manifest, *, force: bool
) -> RestoreResult:
    target = _sqlite_file(engine)
    current = _state_of_file(target) if target.is_file() else DeskState(None, {})
    reasons = _refusals(current, manifest)
    if reasons and not force:
        raise Conflict("; ".join(reasons) + ". Nothing was restored (--force restores anyway)")
    work = _partial(target)
    _remove(work)
    try:
        shutil.copyfile(path, work)
        with _sqlite(work) as copy:
            problems = _integrity(copy)
        if problems != "ok":
            raise ValidationError(f"{path} is damaged: {problems}; nothing was restored")
        if _state_of_file(work).revision != manifest.revision:
            raise ValidationError(f"{path} is not at the revision its manifest names")
        upgraded = make_engine(sqlite_url(work))
        try:
            migrate.upgrade(upgraded)  # the desk this code runs, before it replaces anything
            revision = migrate.current_revision(upgraded)
        finally:
            upgraded.dispose()
        with _sqlite(work) as copy, _sqlite(target) as live:
            copy.backup(live)  # one write transaction on the desk: all of it or nothing
            problems = _integrity(live)
        if problems != "ok":  # pragma: no cover - SQLite wrote what it had checked
            raise ValidationError(f"the restored desk fails its integrity check: {problems}")
    except sqlite3.Error as exc:
        raise ValidationError(f"cannot restore {path} into {target}: {exc}") from exc
    finally:
        _remove(work)
    return RestoreResult(manifest, current, revision)


def pg_restore_command(url: sa.URL, path: Path) -> list[str]:
    """Return the pg_restore command that loads `path` into the database at `url`."""
    uri, _ = libpq_url(url)
    return [
        "pg_restore",
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        f"--dbname={uri}",
        str(path),
    ]


def _restore_postgres(
    engine: sa.Engine, path: Path, manifest: Manifest, *, force: bool
) -> RestoreResult:
    with engine.connect() as connection:
        current = desk_state(connection)
        tables = sa.inspect(connection).get_table_names()
    if tables:
        # pg_restore --clean would leave behind what the backup does not know (a newer
        # revision's tables), and a forced restore would then claim a revision it is not
        # at: restore into an empty database instead.
        reasons = _refusals(current, manifest)
        detail = ("; ".join(reasons) + ". ") if reasons else ""
        raise Conflict(
            f"{detail}The database already holds a desk ({len(tables)} tables). On PostgreSQL "
            "claimdesk restores into an empty database: create one (createdb), point "
            "CLAIMDESK_DATABASE_URL at it and run restore again; nothing was restored"
            + (" (--force does not change this)" if force else "")
        )
    command = pg_restore_command(engine.url, path)
    if shutil.which("pg_restore") is None:
        return RestoreResult(manifest, current, None, command)
    _, env = libpq_url(engine.url)
    done = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise ValidationError(f"pg_restore failed, nothing was restored: {done.stderr.strip()}")
    migrate.upgrade(engine)
    return RestoreResult(manifest, current, migrate.current_revision(engine))


__all__ = [
    "BackupResult",
    "RestoreResult",
    "backup",
    "manifest_path",
    "pg_dump_command",
    "pg_restore_command",
    "restore",
]

"""claimdesk backup / restore on SQLite: a live backup under a write load, and refusals."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import Claim, Comment, migrate
from models.db import make_engine, make_session_factory, sqlite_url
from models.errors import Conflict, ValidationError
from models.ops.backup import backup, restore
from models.ops.manifest import manifest_path, new_manifest, write_manifest
from models.ops.revisions import desk_state
from models.ops.tables import TableSum, desk_sums
from models.services import workflow
from tests.factories import make_claim, make_user

pytestmark = pytest.mark.sqlite_only

WRITERS = 4


@pytest.fixture
def desk(tmp_path: Path, sqlite_template: Path) -> Path:
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return path


def _comment_ids(path: Path) -> set[int]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM comments")}


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def _seed(engine: sa.Engine) -> tuple[int, list[int]]:
    with orm.Session(engine) as session, session.begin():
        claim = make_claim(session)
        writers = [make_user(session) for _ in range(WRITERS)]
        session.flush()
        return claim.id, [user.id for user in writers]


def test_a_backup_under_a_write_load_holds_every_write_acknowledged_before_it(
    desk: Path, tmp_path: Path
) -> None:
    engine = make_engine(sqlite_url(desk))
    claim_id, writer_ids = _seed(engine)
    writes = make_session_factory(engine, writes=True)
    acknowledged: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()
    errors: list[BaseException] = []

    def write_comments(user_id: int) -> None:
        try:
            n = 0
            while not stop.is_set():
                n += 1
                with writes.begin() as session:
                    claim = session.get(Claim, claim_id)
                    author = session.get(workflow.User, user_id)
                    comment = workflow.add_comment(session, claim, f"note {n}", actor=author)
                    session.flush()
                    comment_id = comment.id
                with lock:  # committed: acknowledged
                    acknowledged.append(comment_id)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write_comments, args=(uid,)) for uid in writer_ids]
    for thread in threads:
        thread.start()
    try:
        while len(acknowledged) < 100 and not errors:
            threading.Event().wait(0.01)
        with lock:
            before = set(acknowledged)
        result = backup(engine, tmp_path / "live.bak")
        with lock:
            during = len(acknowledged)
        while len(acknowledged) < during + 50 and not errors:  # the desk keeps working
            threading.Event().wait(0.01)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not errors, errors
    assert result.manifest is not None
    assert result.manifest.revision == migrate.head_revision()

    backed_up = _comment_ids(tmp_path / "live.bak")
    assert before <= backed_up, f"{len(before - backed_up)} acknowledged writes missing"
    assert _integrity(tmp_path / "live.bak") == "ok"
    assert not list(tmp_path.glob("*.partial*"))
    assert len(acknowledged) > len(backed_up)  # writes went on after the snapshot

    # The desk moved on since the backup: a restore over it must be forced.
    with pytest.raises(Conflict, match="rows added after the backup: claim_events"):
        restore(engine, tmp_path / "live.bak")
    assert _comment_ids(desk) == set(acknowledged)
    restore(engine, tmp_path / "live.bak", force=True)
    assert _comment_ids(desk) == backed_up
    assert _integrity(desk) == "ok"
    with engine.connect() as connection:  # the derived tables came back with the rows
        fts = connection.scalar(sa.text("SELECT count(*) FROM comments_fts"))
        assert fts == len(backed_up)
    with orm.Session(engine) as session:  # and the restored desk takes new writes
        session.add(Comment(claim_id=claim_id, author_id=writer_ids[0], body="after restore"))
        session.commit()
    engine.dispose()

    # Into a new, empty desk no force is needed.
    fresh = make_engine(sqlite_url(tmp_path / "fresh.sqlite3"))
    restore(fresh, tmp_path / "live.bak")
    fresh.dispose()
    assert _comment_ids(tmp_path / "fresh.sqlite3") == backed_up


def test_the_manifest_records_revision_checksum_and_high_water(desk: Path, tmp_path: Path):
    engine = make_engine(sqlite_url(desk))
    _seed(engine)
    result = backup(engine, tmp_path / "desk.bak")
    engine.dispose()
    data = json.loads(manifest_path(tmp_path / "desk.bak").read_text())
    assert data["revision"] == migrate.head_revision()
    assert data["database"] == "sqlite"
    assert data["bytes"] == (tmp_path / "desk.bak").stat().st_size
    assert data["high_water"]["claims"] == 1
    assert result.manifest is not None and data["sha256"] == result.manifest.sha256
    with sqlite3.connect(tmp_path / "desk.bak") as connection:  # one file, not WAL
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def _backed_up(desk: Path, tmp_path: Path) -> tuple[sa.Engine, Path]:
    engine = make_engine(sqlite_url(desk))
    _seed(engine)
    path = tmp_path / "desk.bak"
    backup(engine, path)
    return engine, path


def test_a_changed_backup_is_refused_and_the_desk_is_untouched(desk: Path, tmp_path: Path):
    engine, path = _backed_up(desk, tmp_path)
    with path.open("ab") as f:
        f.write(b"\0")
    with pytest.raises(ValidationError, match="does not match its manifest"):
        restore(engine, path, force=True)
    path.write_bytes(path.read_bytes()[:-4096])
    with pytest.raises(ValidationError, match="changed or cut short"):
        restore(engine, path, force=True)
    manifest_path(path).unlink()
    with pytest.raises(ValidationError, match="missing"):
        restore(engine, path)
    engine.dispose()
    assert _integrity(desk) == "ok"


def test_a_damaged_backup_with_a_matching_manifest_restores_nothing(desk: Path, tmp_path: Path):
    engine, path = _backed_up(desk, tmp_path)
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 6] = b"\xff" * (4096 * 4)  # pages of b-trees overwritten
    path.write_bytes(bytes(data))
    manifest = json.loads(manifest_path(path).read_text())
    write_manifest(path, new_manifest("sqlite", path, desk_state_of(engine)))
    assert manifest["sha256"] != json.loads(manifest_path(path).read_text())["sha256"]
    before = _sums(engine)
    with pytest.raises(ValidationError, match=r"damaged|malformed|not a database|restore"):
        restore(engine, path, force=True)
    assert _sums(engine) == before
    engine.dispose()
    assert _integrity(desk) == "ok"
    assert not list(tmp_path.glob("*.partial*"))


def _sums(engine: sa.Engine) -> dict[str, TableSum]:
    with engine.connect() as connection:
        return desk_sums(connection)


def desk_state_of(engine: sa.Engine):  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return desk_state(connection)


def test_a_desk_at_a_newer_revision_is_refused_without_force(tmp_path: Path, desk: Path):
    old = make_engine(sqlite_url(tmp_path / "old.sqlite3"))
    migrate.upgrade(old, "0009")
    backup(old, tmp_path / "old.bak")
    old.dispose()
    engine = make_engine(sqlite_url(desk))
    with pytest.raises(Conflict, match=r"newer schema revision \(\d+\) than the backup \(0009\)"):
        restore(engine, tmp_path / "old.bak")
    result = restore(engine, tmp_path / "old.bak", force=True)
    assert result.backup.revision == "0009"
    assert result.revision == migrate.head_revision()  # upgraded before it replaced the desk
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_a_backup_from_a_newer_claimdesk_or_another_database_is_refused(
    desk: Path, tmp_path: Path
) -> None:
    engine, path = _backed_up(desk, tmp_path)
    manifest = json.loads(manifest_path(path).read_text())
    manifest_path(path).write_text(json.dumps({**manifest, "revision": "9999"}))
    with pytest.raises(ValidationError, match="does not know"):
        restore(engine, path, force=True)
    manifest_path(path).write_text(json.dumps({**manifest, "database": "postgresql"}))
    with pytest.raises(ValidationError, match="postgresql backup"):
        restore(engine, path, force=True)
    manifest_path(path).write_text("{not json")
    with pytest.raises(ValidationError, match="cannot be read"):
        restore(engine, path, force=True)
    engine.dispose()


def test_a_backup_needs_a_file_name_it_can_write(desk: Path, tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(desk))
    with pytest.raises(ValidationError, match="is a folder"):
        backup(engine, tmp_path)
    with pytest.raises(ValidationError, match="does not exist"):
        backup(engine, tmp_path / "missing" / "desk.bak")
    with pytest.raises(ValidationError, match="the desk itself"):
        backup(engine, desk)
    engine.dispose()
    assert not list(tmp_path.glob("*.partial*"))


def test_a_reader_sees_the_whole_old_desk_or_the_whole_restored_one(
    desk: Path, tmp_path: Path
) -> None:
    engine = make_engine(sqlite_url(desk))
    claim_id, writer_ids = _seed(engine)
    with orm.Session(engine) as session, session.begin():
        for n in range(200):
            session.add(Comment(claim_id=claim_id, author_id=writer_ids[0], body=f"old {n}"))
    backup(engine, tmp_path / "desk.bak")
    with orm.Session(engine) as session, session.begin():
        for n in range(300):
            session.add(Comment(claim_id=claim_id, author_id=writer_ids[1], body=f"new {n}"))
    seen: set[tuple[int, int]] = set()
    stop = threading.Event()

    def read() -> None:
        reader = make_engine(sqlite_url(desk))
        while not stop.is_set():
            with reader.connect() as connection:  # one snapshot per read
                comments = connection.scalar(sa.text("SELECT count(*) FROM comments"))
                indexed = connection.scalar(sa.text("SELECT count(*) FROM comments_fts"))
                seen.add((comments, indexed))
        reader.dispose()

    thread = threading.Thread(target=read)
    thread.start()
    try:
        threading.Event().wait(0.05)
        restore(engine, tmp_path / "desk.bak", force=True)
        threading.Event().wait(0.05)
    finally:
        stop.set()
        thread.join()
    engine.dispose()
    assert seen <= {(500, 500), (200, 200)}, seen
    assert (200, 200) in seen  # the reader went on reading after the restore

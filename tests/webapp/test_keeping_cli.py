"""claimdesk backup, restore and copy-db on the command line: what they print and refuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models.db import make_engine, sqlite_url
from models.ops.backup import libpq_url, pg_dump_command, restore
from models.ops.tables import desk_sums
from models.services.seeding import default_seed_files, load_seed
from tests.factories import make_claim


def _seeded(engine: sa.Engine) -> None:
    with orm.Session(engine) as session, session.begin():
        for path in default_seed_files():
            load_seed(session, path)


def _sums(url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return desk_sums(connection)
    finally:
        engine.dispose()


@pytest.mark.sqlite_only
def test_backup_then_restore_on_the_command_line(runner, engine, tmp_path: Path) -> None:
    _seeded(engine)
    path = tmp_path / "desk.bak"
    made = runner.invoke(args=["backup", str(path)])
    assert made.exit_code == 0, made.output
    assert f"backed up to {path}" in made.output and "revision" in made.output
    assert json.loads((tmp_path / "desk.bak.json").read_text())["high_water"]["claims"] == 34

    with orm.Session(engine) as session, session.begin():
        make_claim(session)  # the desk moves on
    refused = runner.invoke(args=["restore", "--yes", str(path)])
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: the desk holds rows added after the backup")
    assert "--force" in refused.output

    kept = runner.invoke(args=["restore", str(path)], input="n\n")
    assert kept.exit_code == 1 and "Stop the desk's server first" in kept.output
    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM claims")) == 35

    forced = runner.invoke(args=["restore", "--force", str(path)], input="y\n")
    assert forced.exit_code == 0, forced.output
    assert "restored" in forced.output
    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM claims")) == 34


@pytest.mark.sqlite_only
def test_restore_of_a_file_that_is_not_a_backup_is_one_line(runner, tmp_path: Path) -> None:
    stray = tmp_path / "notes.txt"
    stray.write_text("hello")
    result = runner.invoke(args=["restore", "--yes", str(stray)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "notes.txt.json is missing" in result.output


@pytest.mark.sqlite_only
def test_copy_db_on_the_command_line(runner, engine, db_url: str, tmp_path: Path) -> None:
    _seeded(engine)
    target = sqlite_url(tmp_path / "copy.sqlite3")
    result = runner.invoke(args=["copy-db", "--to", target])
    assert result.exit_code == 0, result.output
    assert "counts and checksums match" in result.output
    assert _sums(target) == _sums(db_url)
    again = runner.invoke(args=["copy-db", "--to", target])
    assert again.exit_code == 1
    assert "is not empty" in again.output and "Traceback" not in again.output


def test_the_pg_dump_command_keeps_the_password_out_of_its_arguments() -> None:
    url = sa.make_url("postgresql+psycopg://desk:s3cret@db.internal:5433/claimdesk")
    uri, env = libpq_url(url)
    assert uri == "postgresql://desk@db.internal:5433/claimdesk"
    assert env == {"PGPASSWORD": "s3cret"}
    command = pg_dump_command(url, Path("/backups/desk.dump"))
    assert command[:2] == ["pg_dump", "--format=custom"]
    assert "s3cret" not in " ".join(command)
    assert "--file=/backups/desk.dump" in command


@pytest.mark.postgres
def test_a_postgresql_backup_restores_into_an_empty_database_only(
    postgres_desk_url: str, postgres_url: str, tmp_path: Path
) -> None:
    from models.errors import Conflict
    from models.ops.backup import backup

    engine = make_engine(postgres_desk_url)
    _seeded(engine)
    made = backup(engine, tmp_path / "desk.dump")
    assert made.manifest is not None and made.manifest.database == "postgresql"
    with pytest.raises(Conflict, match="restores into an empty database"):
        restore(engine, tmp_path / "desk.dump", force=True)
    engine.dispose()

    empty = make_engine(postgres_url)
    result = restore(empty, tmp_path / "desk.dump")
    empty.dispose()
    assert result.revision == made.manifest.revision
    assert _sums(postgres_url) == _sums(postgres_desk_url)


@pytest.mark.sqlite_only
@pytest.mark.postgres
def test_copy_db_moves_the_seed_to_postgresql(
    runner, engine, db_url: str, postgres_url: str
) -> None:
    _seeded(engine)
    result = runner.invoke(args=["copy-db", "--to", postgres_url, "--batch", "7"])
    assert result.exit_code == 0, result.output
    assert "copied" in result.output and "checksums match" in result.output
    assert _sums(postgres_url) == _sums(db_url)

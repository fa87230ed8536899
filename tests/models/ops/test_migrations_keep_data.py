"""Migrations keep data: a desk at each earlier revision, upgraded to head, loses nothing.

For every revision R before head, a new database is migrated to R and filled with the
rows of a desk that has a row in every table (desk_data.py, built at head), cut down to
the tables and columns R has: found by reflection at R, so a new migration is covered
without touching this file. Every table is read back raw (no column types in between),
the database is upgraded to head, and each table must hold the same rows with the same
values in the columns that existed at R. A table that exists at R but gets no row fails
the test, so the data in desk_data.py must grow with the schema.

(The rows are inserted at R rather than left behind by a downgrade: on SQLite the
downgrades below 0003 cannot run on a desk that holds members, as their batch copy of
`users` trips the foreign keys of the rows that point at them.)
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from models import migrate
from models.db import make_engine, sqlite_url
from models.ops.revisions import revision_order
from models.ops.tables import VERSION_TABLE, is_derived

from .desk_data import fill_desk

EARLIER = revision_order()[:-1]
Rows = dict[tuple[Any, ...], tuple[Any, ...]]
Snapshot = dict[str, tuple[list[str], Rows]]


@pytest.fixture(scope="module")
def filled_head(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    path = tmp_path_factory.mktemp("keep") / "head.sqlite3"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(sqlite_url(path))
    fill_desk(engine, 120)
    engine.dispose()
    return path


def data_tables_at(engine: sa.Engine) -> list[tuple[str, list[str], list[str]]]:
    """Return (table, primary key, columns) for each data table, parents first."""
    inspector = sa.inspect(engine)
    tables = []
    for name, _ in inspector.get_sorted_table_and_fkc_names():
        if name is None or is_derived(name) or name == VERSION_TABLE:
            continue
        key = inspector.get_pk_constraint(name)["constrained_columns"]
        columns = [column["name"] for column in inspector.get_columns(name)]
        tables.append((name, key, columns))
    return tables


def read(connection: sa.Connection, name: str, key: list[str], columns: list[str]) -> Rows:
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(column) for column in key + columns)
    rows = connection.exec_driver_sql(f"SELECT {names} FROM {quote(name)}").all()
    return {tuple(row[: len(key)]): tuple(row[len(key) :]) for row in rows}


def fill_at_revision(engine: sa.Engine, head: sa.Engine) -> Snapshot:
    """Copy the head desk's rows into `engine` (at an earlier revision), raw, and return
    what each table holds then."""
    tables = data_tables_at(engine)
    snapshot: Snapshot = {}
    with head.connect() as source, engine.begin() as target:
        quote = target.dialect.identifier_preparer.quote
        for name, _, columns in tables:
            rows = source.exec_driver_sql(
                f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(name)}"
            ).all()
            if rows:
                insert = sa.text(
                    f"INSERT INTO {quote(name)} ({', '.join(quote(c) for c in columns)}) "
                    f"VALUES ({', '.join(f':c{i}' for i in range(len(columns)))})"
                )
                target.execute(
                    insert, [{f"c{i}": value for i, value in enumerate(row)} for row in rows]
                )
        for name, key, columns in tables:
            snapshot[name] = (columns, read(target, name, key, columns))
    return snapshot


@pytest.mark.sqlite_only
@pytest.mark.parametrize("revision", EARLIER)
def test_an_upgrade_from_an_earlier_revision_keeps_every_row(
    revision: str, filled_head: Path, tmp_path: Path
) -> None:
    head = make_engine(sqlite_url(filled_head))
    engine = make_engine(sqlite_url(tmp_path / f"at_{revision}.sqlite3"))
    try:
        migrate.upgrade(engine, revision)
        before = fill_at_revision(engine, head)
        empty = sorted(name for name, (_, rows) in before.items() if not rows)
        assert not empty, (
            f"at revision {revision} these tables hold no row, so this test cannot see "
            f"whether a migration keeps them: {empty}; give them rows in desk_data.py"
        )
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        keys = {name: key for name, key, _ in data_tables_at(engine)}
        with engine.connect() as connection:
            for name, (columns, rows) in before.items():
                kept = read(connection, name, keys[name], columns)
                assert len(kept) == len(rows), (
                    f"{name}: {len(rows)} rows at {revision}, {len(kept)} at head"
                )
                changed = [key for key, values in rows.items() if kept.get(key) != values]
                assert not changed, (
                    f"{name}: rows {changed[:5]} changed between {revision} and head "
                    f"(columns {columns})"
                )
    finally:
        engine.dispose()
        head.dispose()


def test_every_earlier_revision_is_covered() -> None:
    assert EARLIER[0] == "0001"
    assert len(EARLIER) == len(revision_order()) - 1

"""Migrations keep data: a desk at each earlier revision, upgraded to head, loses nothing.

For every revision R before head, a new database is migrated to R and filled with the
rows of a desk that has a row in every table (desk_data.py, built at head), cut down to
the tables and columns R has: found by reflection at R, so a new migration is covered
without touching this file. Every table is read back raw (no column types in between),
the database is upgraded to head, and each table must hold the same rows with the same
values in the columns that existed at R. On SQLite from every earlier revision; on
PostgreSQL (the desk moved there by copy-db), when the suite has one, from the first and
the last (see CASES). A table that exists at R but gets no row fails
the test, so the data in desk_data.py must grow with the schema.

(The rows are inserted at R rather than left behind by a downgrade: on SQLite the
downgrades below 0003 cannot run on a desk that holds members, as their batch copy of
`users` trips the foreign keys of the rows that point at them.)
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from models import migrate
from models.db import make_engine, sqlite_url
from models.migrate import revision_order
from models.ops.copy import copy_desk
from models.ops.tables import VERSION_TABLE, is_derived
from tests.conftest import POSTGRES_ENV

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


def _insert(connection: sa.Connection, name: str, columns: list[str]) -> Any:
    if connection.dialect.name == "postgresql":
        # psycopg hands JSON back as dicts and lists, which it cannot send back as they
        # are: the columns' reflected types write them
        types = {c["name"]: c["type"] for c in sa.inspect(connection).get_columns(name)}
        table = sa.table(name, *(sa.column(c, types[c]) for c in columns))
        return table.insert(), columns
    # SQLite: the stored text as it is (its DATETIME type would want datetime objects)
    quote = connection.dialect.identifier_preparer.quote
    keys = [f"c{i}" for i in range(len(columns))]
    statement = sa.text(
        f"INSERT INTO {quote(name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(f':{key}' for key in keys)})"
    )
    return statement, keys


def fill_at_revision(engine: sa.Engine, head: sa.Engine) -> Snapshot:
    """Copy the head desk's rows into `engine` (at an earlier revision), as the driver
    reads them, and return what each table holds then."""
    tables = data_tables_at(engine)
    snapshot: Snapshot = {}
    with head.connect() as source, engine.begin() as target:
        quote = target.dialect.identifier_preparer.quote
        for name, _, columns in tables:
            rows = source.exec_driver_sql(
                f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(name)}"
            ).all()
            if rows:
                statement, keys = _insert(target, name, columns)
                target.execute(statement, [dict(zip(keys, row, strict=True)) for row in rows])
        for name, key, columns in tables:
            snapshot[name] = (columns, read(target, name, key, columns))
    return snapshot


@pytest.fixture(scope="module")
def filled_head_postgres(filled_head: Path) -> Iterator[str]:
    """The same desk copied into a PostgreSQL database of its own (by copy-db)."""
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"no PostgreSQL: set {POSTGRES_ENV}")
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"claimdesk_keep_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        source = make_engine(sqlite_url(filled_head))
        copy_desk(source, url)
        source.dispose()
        yield url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


# On PostgreSQL two starting points keep the run short (about a second each on SQLite,
# ten on PostgreSQL): the oldest revision, whose rows then pass through every migration,
# and the one before head, where the newest migration meets every table.
CASES = [pytest.param("sqlite", revision, id=f"sqlite-{revision}") for revision in EARLIER] + [
    pytest.param("postgres", revision, id=f"postgres-{revision}", marks=pytest.mark.postgres)
    for revision in sorted({EARLIER[0], EARLIER[-1]})
]


@pytest.mark.parametrize(("database", "revision"), CASES)
def test_an_upgrade_from_an_earlier_revision_keeps_every_row(
    database: str, revision: str, request: pytest.FixtureRequest, filled_head: Path, tmp_path: Path
) -> None:
    if database == "postgres":
        head_url = request.getfixturevalue("filled_head_postgres")
        empty_url = request.getfixturevalue("postgres_url")
    else:
        head_url = sqlite_url(filled_head)
        empty_url = sqlite_url(tmp_path / f"at_{revision}.sqlite3")
    head = make_engine(head_url)
    engine = make_engine(empty_url)
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

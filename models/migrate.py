"""Run the Alembic migrations from code: `claimdesk init` and the tests use this."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from .errors import Conflict

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """Return an Alembic config for migrations/, bound to `connection` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    """Return the newest migration's revision id."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: sa.Engine) -> str | None:
    """Return the revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def revision_order() -> list[str]:
    """Return every revision this code knows, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def refuse_unknown(revision: str | None) -> None:
    """Raise Conflict when `revision` is not one of this code's: a newer Claimdesk made it.

    Alembic would fail with "Can't locate revision"; the desk says what happened and the
    two ways out instead. Nothing is changed.
    """
    if revision is not None and revision not in revision_order():
        raise Conflict(
            f"the database is at schema revision {revision}, which this Claimdesk does not "
            f"know (its newest is {head_revision()}): a newer Claimdesk has upgraded it. "
            "Run that version, or restore a backup taken before the upgrade "
            "(claimdesk restore)"
        )


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to `revision`, in one transaction where possible.

    On PostgreSQL an upgrade of a database that held a schema ends with ANALYZE: new
    columns and indexes have no statistics until autovacuum gets to them, and until then
    the planner can choose plans several times slower (measured on a 100,000-claim
    desk: claim list 40 ms before, 14 ms after). SQLite plans without statistics.
    """
    before = current_revision(engine)
    refuse_unknown(before)
    with _migrating(engine) as connection:
        command.upgrade(alembic_config(connection), revision)
    changed = before is not None and current_revision(engine) != before
    if engine.dialect.name == "postgresql" and changed:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")


def downgrade(engine: sa.Engine, revision: str) -> None:
    """Step the schema back to `revision` ("base" drops every table)."""
    refuse_unknown(current_revision(engine))
    with _migrating(engine) as connection:
        command.downgrade(alembic_config(connection), revision)


@contextlib.contextmanager
def _migrating(engine: sa.Engine) -> Iterator[sa.Connection]:
    """Yield a connection inside the transaction a migration runs in, and commit it.

    On SQLite foreign keys are off meanwhile (and checked before the commit): a batch
    migration copies a table, drops the old one and renames the copy, and with foreign
    keys on the DROP deletes the table's rows first, which fails when other rows point
    at them (a desk at 0002 with members could not be upgraded) or, through ON DELETE
    CASCADE, silently deletes those rows (a speaker's aliases). The pragma has no effect
    inside a transaction, so it is set on the driver's connection before BEGIN.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(
                            f"the migration left rows pointing at nothing: {broken[:5]}"
                        )
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]

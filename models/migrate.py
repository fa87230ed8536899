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
from sqlalchemy import orm

from .db import WRITES
from .errors import Conflict

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"
# The PostgreSQL advisory lock a migration holds (any fixed number; this one spells "CLMD").
MIGRATION_LOCK = 0x434C4D44


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


def upgrade(engine: sa.Engine, revision: str = "head") -> bool:
    """Create or upgrade the schema to `revision`, in one transaction where possible.

    Return True when the database held no schema at all (no revision, no claims table):
    the caller that created it is the one to load the seed. Several processes may call
    this at once on one database (app servers starting together on an empty desk): each
    takes the migration lock (see _migrating) and reads the revision only once it holds
    it, so the first migrates, the others find the schema at `revision`, and only the
    first is told the database was empty.

    On PostgreSQL an upgrade of a database that held a schema ends with ANALYZE: new
    columns and indexes have no statistics until autovacuum gets to them, and until then
    the planner can choose plans several times slower (measured on a 100,000-claim
    desk: claim list 40 ms before, 14 ms after). SQLite plans without statistics.
    """
    with _migrating(engine) as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        was_empty = before is None and not sa.inspect(connection).has_table("claims")
        command.upgrade(alembic_config(connection), revision)
        changed = before is not None and (
            MigrationContext.configure(connection).get_current_revision() != before
        )
    if engine.dialect.name == "postgresql" and changed:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
    return was_empty


def downgrade(engine: sa.Engine, revision: str) -> None:
    """Step the schema back to `revision` ("base" drops every table)."""
    with _migrating(engine) as connection:
        command.downgrade(alembic_config(connection), revision)


def hold_setup_lock(connection: sa.Connection | orm.Session) -> None:
    """Wait for, then hold until this transaction ends, the lock that setting a desk up takes.

    Migrating and creating the first admin take it, so two processes preparing the same
    database run one after the other. On PostgreSQL it is a transaction-level advisory
    lock; on SQLite a writing transaction already holds the database's one write lock
    (BEGIN IMMEDIATE), so there is nothing more to take.
    """
    bind = connection.get_bind() if isinstance(connection, orm.Session) else connection
    if bind.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


@contextlib.contextmanager
def _migrating(engine: sa.Engine) -> Iterator[sa.Connection]:
    """Yield a connection inside the transaction a migration runs in, and commit it.

    On SQLite foreign keys are off meanwhile (and checked before the commit): a batch
    migration copies a table, drops the old one and renames the copy, and with foreign
    keys on the DROP deletes the table's rows first, which fails when other rows point
    at them (a desk at 0002 with members could not be upgraded) or, through ON DELETE
    CASCADE, silently deletes those rows (a speaker's aliases). The pragma has no effect
    inside a transaction, so it is set on the driver's connection before BEGIN.

    One migration at a time: on SQLite the transaction begins IMMEDIATE (the write lock,
    waited for up to the busy timeout); on PostgreSQL it first takes a transaction-level
    advisory lock, released by its commit or rollback. A second migration waits there
    and then sees the first one's schema, instead of creating the same tables again.
    Holding the lock, it refuses a schema this code does not know (refuse_unknown): a
    newer Claimdesk's, perhaps migrated while this one waited.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
            connection = connection.execution_options(**{WRITES: True})  # BEGIN IMMEDIATE
        try:
            with connection.begin():
                hold_setup_lock(connection)
                refuse_unknown(MigrationContext.configure(connection).get_current_revision())
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

"""`claimdesk copy-db --to URL`: move a desk between SQLite and PostgreSQL, row for row.

The target must be empty. Its schema is made by the same migrations (to head, which the
source must be at), then each data table is copied in dependency order, in batches,
with its ids. Audit tables are only ever inserted into. On PostgreSQL the id sequences
are then moved past the highest id.

The derived tables (search index, claim tallies; see tables.py) are built the way the
target builds them. Into SQLite, its triggers write them as the rows arrive. Into
PostgreSQL, the tables' own triggers are switched off for the copy (ALTER TABLE …
DISABLE TRIGGER USER, back on before the commit): row by row they cost 100,000 claims
minutes, not seconds. The search index is then written in one statement per kind by
the functions migration 0005 made (`search_refresh_<kind>`), and the tallies are copied
as they are and checked against a count of the claims.

Everything happens in one transaction on the target, checked before it commits: every
table's row count and checksum must match the source's, the tallies must match the
source's and the claims, and each search index must hold a document per row. Any
difference, or any error, rolls the whole copy back, schema included, and the target is
left empty.

The source is read in one snapshot (a single transaction), so a desk still being
written to gives a consistent copy of one moment; writes after it are not copied.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from alembic import command

from .. import migrate
from ..db import make_engine
from ..errors import Conflict, ValidationError
from ..tables import Base
from ..text.counting import count
from .tables import (
    SEARCH_SUFFIX,
    TALLIES,
    TableSum,
    batches,
    counted_tallies,
    data_tables,
    desk_sums,
    search_rows,
    tallies,
    unknown_tables,
)

BATCH_ROWS = 2_000


@dataclass
class CopyReport:
    """What was copied, how fast, and the checks that passed."""

    target: str
    sums: dict[str, TableSum] = field(default_factory=dict)
    rows: int = 0
    copy_seconds: float = 0.0
    check_seconds: float = 0.0
    search_documents: dict[str, int] = field(default_factory=dict)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.copy_seconds if self.copy_seconds else 0.0


def _describe(url: sa.URL) -> str:
    return url.render_as_string(hide_password=True)


def _snapshot(connection: sa.Connection) -> sa.Connection:
    if connection.dialect.name == "postgresql":
        return connection.execution_options(isolation_level="REPEATABLE READ")
    return connection


def count_rows(connection: sa.Connection) -> dict[str, int]:
    """Count the rows of each data table."""
    return {
        table.name: connection.scalar(sa.select(sa.func.count()).select_from(table)) or 0
        for table in data_tables()
    }


def _reset_sequences(connection: sa.Connection) -> None:
    # Rows went in with their ids, so each sequence still stands at 1: move it past the
    # highest id, or the desk's next INSERT would collide with a copied row.
    for table in data_tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, sa.Integer):
            continue
        sequence = connection.scalar(
            sa.text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": table.name, "column": pk[0].name},
        )
        if sequence is None:
            continue
        connection.execute(
            sa.text(
                f"SELECT setval(:sequence, coalesce(max({pk[0].name}), 0) + 1, false) "
                f"FROM {table.name}"
            ),
            {"sequence": sequence},
        )


def _differences(source: dict[str, TableSum], target: dict[str, TableSum]) -> list[str]:
    return [
        f"{name}: {sums.rows} rows (sha256 {sums.sha256[:12]}) in the source, "
        f"{target[name].rows} rows (sha256 {target[name].sha256[:12]}) in the copy"
        for name, sums in source.items()
        if target.get(name) != sums
    ]


def _switch_triggers(connection: sa.Connection, switch: str) -> None:
    """Turn the target's own triggers (not its foreign keys) off or on, table by table."""
    for table in [*data_tables(), Base.metadata.tables[TALLIES]]:
        connection.exec_driver_sql(f"ALTER TABLE {table.name} {switch} TRIGGER USER")


def _derive_postgres(src: sa.Connection, dst: sa.Connection) -> None:
    """Write the search index and the tallies the disabled triggers did not."""
    for name in sorted(search_rows(dst)):
        kind = name.removesuffix(SEARCH_SUFFIX)
        dst.exec_driver_sql(f"SELECT search_refresh_{kind}(ARRAY(SELECT id FROM {kind}))")
    table = Base.metadata.tables[TALLIES]
    rows = [dict(row) for row in src.execute(sa.select(table)).mappings()]
    if rows:
        dst.execute(table.insert(), rows)


def _copy_table(
    src: sa.Connection,
    dst: sa.Connection,
    table: sa.Table,
    batch_rows: int,
    report: CopyReport,
    on_rows: Callable[[int], None] | None,
) -> None:
    for rows in batches(src, table, batch_rows):
        dst.execute(table.insert(), rows)
        report.rows += len(rows)
        if on_rows is not None:
            on_rows(len(rows))


def copy_desk(
    source: sa.Engine,
    target_url: str,
    *,
    batch_rows: int = BATCH_ROWS,
    on_start: Callable[[int], None] | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> CopyReport:
    """Copy the desk behind `source` into the empty database at `target_url`.

    `on_start(total_rows)` is called once the rows are counted and `on_rows(n)` after
    each batch, for a progress bar.
    """
    head = migrate.head_revision()
    at = migrate.current_revision(source)
    if at != head:
        raise ValidationError(
            f"the desk is at revision {at}, not {head}: run claimdesk init to upgrade it "
            "before copying it"
        )
    strangers = unknown_tables(source)
    if strangers:
        raise ValidationError(
            "the desk holds tables this Claimdesk does not know, so it cannot copy them: "
            + ", ".join(strangers)
        )
    try:
        target = make_engine(target_url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
        raise ValidationError(f"--to is not a valid database URL: {exc}") from exc
    report = CopyReport(_describe(target.url))
    if target.url.render_as_string(hide_password=False) == source.url.render_as_string(
        hide_password=False
    ):
        raise ValidationError("--to names the desk's own database")
    try:
        found = sa.inspect(target).get_table_names()
        if found:
            raise Conflict(
                f"{report.target} is not empty ({count(len(found), 'table')}, e.g. "
                f"{', '.join(sorted(found)[:3])}): copy-db writes only into an empty database"
            )
        with source.connect() as raw_src, _snapshot(raw_src) as src, src.begin():
            totals = count_rows(src)
            if on_start is not None:
                on_start(sum(totals.values()))
            with target.begin() as dst:
                command.upgrade(migrate.alembic_config(dst), "head")
                started = time.perf_counter()
                postgres = dst.dialect.name == "postgresql"
                if postgres:
                    _switch_triggers(dst, "DISABLE")
                for table in data_tables():
                    _copy_table(src, dst, table, batch_rows, report, on_rows)
                if postgres:
                    _switch_triggers(dst, "ENABLE")
                    _derive_postgres(src, dst)
                    _reset_sequences(dst)
                report.copy_seconds = time.perf_counter() - started
                started = time.perf_counter()
                _check(src, dst, report)
                report.check_seconds = time.perf_counter() - started
    except sa.exc.OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ValidationError(f"copy stopped, nothing was copied: {reason}") from exc
    finally:
        target.dispose()
    if target.dialect.name == "postgresql":  # fresh tables have no planner statistics
        with target.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
        target.dispose()
    return report


def _check(src: sa.Connection, dst: sa.Connection, report: CopyReport) -> None:
    """Compare the copy with the source inside the copy's transaction; raise to undo it."""
    report.sums = desk_sums(src)
    problems = _differences(report.sums, desk_sums(dst))
    copied = tallies(dst)
    if tallies(src) != copied:
        problems.append("claim_tallies: the copy's counts differ from the source's")
    elif counted_tallies(dst) != copied:
        problems.append("claim_tallies: the counts disagree with the claims")
    report.search_documents = search_rows(src)
    documents = search_rows(dst)
    if documents != report.search_documents:
        problems.append(
            f"search index documents: {report.search_documents} in the source, "
            f"{documents} in the copy"
        )
    for name, held in documents.items():
        rows = dst.scalar(sa.text(f"SELECT count(*) FROM {name.removesuffix(SEARCH_SUFFIX)}"))
        if rows != held:
            problems.append(f"{name}: {held} documents for {rows} rows")
    if problems:
        raise ValidationError(
            "the copy does not match the desk, so it was rolled back: " + "; ".join(problems)
        )

"""Which tables hold a desk's data, and a checksum of each that two databases agree on.

Some tables are derived from others and kept in step by triggers (migrations 0005,
0006 and 0008): the search index (`<kind>_fts`, and on SQLite FTS5's shadow tables
`<kind>_fts_data` and friends) and `claim_tallies`. They are never copied: the target's
own triggers write them as the rows arrive, so they are built the way that database
builds them (an FTS5 index and a tsvector table are not the same thing).
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from ..tables import Base

TALLIES = "claim_tallies"
VERSION_TABLE = "alembic_version"
SEARCH_SUFFIX = "_fts"


def is_derived(name: str) -> bool:
    """Tell whether a table is written by triggers from other tables (never copied)."""
    return name == TALLIES or name.endswith(SEARCH_SUFFIX) or f"{SEARCH_SUFFIX}_" in name


def data_tables() -> list[sa.Table]:
    """Return the tables that hold the desk's own data, parents before children."""
    return [table for table in Base.metadata.sorted_tables if not is_derived(table.name)]


def unknown_tables(engine: sa.Engine) -> list[str]:
    """Return the tables in the database that this code neither copies nor derives."""
    known = {table.name for table in Base.metadata.sorted_tables} | {VERSION_TABLE}
    names = sa.inspect(engine).get_table_names()
    return sorted(name for name in names if name not in known and not is_derived(name))


def ordered_select(table: sa.Table) -> sa.Select[Any]:
    """Return SELECT * FROM table in primary-key order."""
    return sa.select(table).order_by(*table.primary_key.columns)


def canonical(value: Any) -> Any:
    """Return `value` in a form both databases' drivers agree on, for checksums."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


@dataclass(frozen=True)
class TableSum:
    """A table's row count and the SHA-256 of its rows in primary-key order."""

    rows: int
    sha256: str


def table_sum(connection: sa.Connection, table: sa.Table) -> TableSum:
    """Count and checksum one table's rows (read through the models' column types)."""
    digest = hashlib.sha256()
    rows = 0
    result = connection.execution_options(yield_per=5_000).execute(ordered_select(table))
    for row in result:
        line = json.dumps([canonical(value) for value in row], sort_keys=True, default=str)
        digest.update(line.encode())
        digest.update(b"\n")
        rows += 1
    return TableSum(rows, digest.hexdigest())


def desk_sums(
    connection: sa.Connection, on_table: Callable[[str], None] | None = None
) -> dict[str, TableSum]:
    """Count and checksum every data table, in one read of the desk."""
    sums = {}
    for table in data_tables():
        if on_table is not None:
            on_table(table.name)
        sums[table.name] = table_sum(connection, table)
    return sums


def tallies(connection: sa.Connection) -> dict[tuple[str, int], int]:
    """Return the claim tallies that are not zero (a zero row and no row mean the same)."""
    table = Base.metadata.tables[TALLIES]
    rows = connection.execute(sa.select(table))
    return {(canonical(row.status), row.rating_id): row.claims for row in rows if row.claims != 0}


def counted_tallies(connection: sa.Connection) -> dict[tuple[str, int], int]:
    """Count the claims in use by (status, verdict) the way claim_tallies should hold them.

    The rule of migration 0008's triggers (withdrawn claims are not counted; no verdict
    is rating 0), asked of the claims themselves, to check the tallies against.
    """
    claims = Base.metadata.tables["claims"]
    rating = sa.func.coalesce(claims.c.rating_id, 0)
    rows = connection.execute(
        sa.select(claims.c.status, rating, sa.func.count())
        .where(claims.c.withdrawn_at.is_(None))
        .group_by(claims.c.status, rating)
    )
    return {(canonical(status), rating_id): n for status, rating_id, n in rows}


def search_rows(connection: sa.Connection) -> dict[str, int]:
    """Count the documents in each search index (one per indexed row on both databases)."""
    names = sa.inspect(connection).get_table_names()
    kinds = sorted(name for name in names if name.endswith(SEARCH_SUFFIX))
    return {kind: connection.scalar(sa.text(f"SELECT count(*) FROM {kind}")) or 0 for kind in kinds}


def batches(
    connection: sa.Connection, table: sa.Table, size: int
) -> Iterator[list[dict[str, Any]]]:
    """Yield the table's rows in primary-key order, `size` at a time, as dicts."""
    result = connection.execution_options(yield_per=size).execute(ordered_select(table))
    for partition in result.mappings().partitions(size):
        yield [dict(row) for row in partition]

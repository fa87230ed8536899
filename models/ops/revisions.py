"""The order of the desk's schema revisions, and what a database holds at a glance."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..migrate import revision_order
from .tables import VERSION_TABLE, data_tables


def compare_revisions(a: str | None, b: str | None) -> int:
    """Return -1, 0 or 1 as revision `a` is older than, the same as or newer than `b`.

    None (an empty database) is older than everything; a revision this code does not
    know was made by a newer Claimdesk, so it is newer than every known one.
    """
    order = revision_order()

    def rank(revision: str | None) -> int:
        if revision is None:
            return -1
        return order.index(revision) if revision in order else len(order)

    return (rank(a) > rank(b)) - (rank(a) < rank(b))


@dataclass(frozen=True)
class DeskState:
    """A database's schema revision and the highest id in each table that has one.

    The high-water marks tell whether a database holds rows added after a backup was
    taken: a restore that would throw them away must be forced.
    """

    revision: str | None
    high_water: dict[str, int]

    @property
    def empty(self) -> bool:
        return self.revision is None and not any(self.high_water.values())


def desk_state(connection: sa.Connection) -> DeskState:
    """Read the revision and the high-water marks of the database behind `connection`."""
    names = set(sa.inspect(connection).get_table_names())
    revision = None
    if VERSION_TABLE in names:
        revision = connection.scalar(sa.text(f"SELECT version_num FROM {VERSION_TABLE}"))
    high_water = {}
    for table in data_tables():
        if table.name in names and "id" in table.c and table.c.id.primary_key:
            # raw SQL: the table may be at an older revision than the models
            top = connection.scalar(sa.text(f"SELECT max(id) FROM {table.name}"))
            high_water[table.name] = int(top or 0)
    return DeskState(revision, high_water)


def newer_rows(database: DeskState, backup: DeskState) -> list[str]:
    """Name the tables in which `database` holds rows added after `backup` was taken."""
    return [
        f"{name} up to #{top} (the backup: #{backup.high_water.get(name, 0)})"
        for name, top in sorted(database.high_water.items())
        if top > backup.high_water.get(name, 0)
    ]

"""Measure claimdesk copy-db on a demo desk: SQLite to PostgreSQL and back, and backup.

    python bench/copy_db.py --postgres postgresql+psycopg://postgres@127.0.0.1:55432/postgres
    python bench/copy_db.py --claims 20000 --data /tmp/bench --postgres URL

The desk is `claimdesk demo-data`'s (models.demo.build_demo_desk) with a row in every
other table too (tests/models/ops/desk_data.py): desk-<claims>-copy.sqlite3 in --data
(default ./bench-data), built there when missing and kept. --postgres names a cluster
where the script may create (and afterwards drops) a database of its own.

It copies the desk into that database, then from there into a new SQLite file, through
the same code as `claimdesk copy-db` (models.ops.copy.copy_desk: one transaction per
copy, checked before it commits). It prints the rows and rows/s of each copy, the time
of its check, and per table the row count and SHA-256 at each of the three places, and
says whether they all agree. Then it times `claimdesk backup` of the SQLite desk and a
restore into a new file. Not a test: the suite copies a 2,000-claim desk
(tests/models/ops/test_copy_db.py); this shows the same at full size.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from models import migrate  # noqa: E402
from models.db import make_engine, sqlite_url  # noqa: E402
from models.ops.backup import backup, restore  # noqa: E402
from models.ops.copy import CopyReport, copy_desk  # noqa: E402
from models.ops.tables import TableSum, desk_sums  # noqa: E402
from models.services.ratings import ensure_default_ratings  # noqa: E402


def build(path: Path, claims: int) -> None:
    from sqlalchemy import orm

    from tests.models.ops.desk_data import fill_desk

    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    engine = make_engine(sqlite_url(partial))
    migrate.upgrade(engine)
    with orm.Session(engine) as session, session.begin():
        ensure_default_ratings(session)
    started = time.perf_counter()
    fill_desk(engine, claims)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    partial.rename(path)
    print(f"built {path} in {time.perf_counter() - started:.0f} s")


def sums(url: str) -> dict[str, TableSum]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return desk_sums(connection)
    finally:
        engine.dispose()


def copy(source_url: str, target_url: str) -> CopyReport:
    engine = make_engine(source_url)
    try:
        return copy_desk(engine, target_url)
    finally:
        engine.dispose()


def line(label: str, report: CopyReport) -> str:
    return (
        f"{label}: {report.rows:,} rows in {report.copy_seconds:.1f} s "
        f"({report.rows_per_second:,.0f} rows/s), check {report.check_seconds:.1f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=Path("bench-data"))
    parser.add_argument("--postgres", required=True, help="a PostgreSQL cluster's URL")
    args = parser.parse_args()

    args.data.mkdir(parents=True, exist_ok=True)
    desk = args.data / f"desk-{args.claims}-copy.sqlite3"
    if not desk.exists():
        build(desk, args.claims)
    engine = make_engine(sqlite_url(desk))
    migrate.upgrade(engine)  # a desk built before a newer migration: bring it to head
    engine.dispose()
    source = sqlite_url(desk)

    admin_url = sa.make_url(args.postgres)
    name = f"claimdesk_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    postgres = admin_url.set(database=name).render_as_string(hide_password=False)
    work = Path(tempfile.mkdtemp(prefix="copy-db-"))
    try:
        to_pg = copy(source, postgres)
        print(line("SQLite -> PostgreSQL", to_pg))
        back = sqlite_url(work / "back.sqlite3")
        to_sqlite = copy(postgres, back)
        print(line("PostgreSQL -> SQLite", to_sqlite))

        places = {"source": sums(source), "postgresql": sums(postgres), "back": sums(back)}
        print(f"\n{'table':<20} {'rows':>9}  sha256 (first 16) source / postgresql / back")
        agree = True
        for table, first in places["source"].items():
            others = [places[p][table] for p in ("postgresql", "back")]
            same = all(other == first for other in others)
            agree &= same
            marks = " / ".join(s.sha256[:16] for s in [first, *others])
            print(f"{table:<20} {first.rows:>9,}  {marks}{'' if same else '  DIFFERENT'}")
        print(f"\nevery table agrees in all three places: {'yes' if agree else 'NO'}")

        engine = make_engine(source)
        started = time.perf_counter()
        made = backup(engine, work / "desk.bak")
        took = time.perf_counter() - started
        engine.dispose()
        assert made.manifest is not None
        print(f"\nbackup: {made.manifest.bytes / 2**20:,.0f} MiB in {took:.1f} s")
        fresh = make_engine(sqlite_url(work / "restored.sqlite3"))
        started = time.perf_counter()
        restore(fresh, work / "desk.bak")
        print(f"restore into a new file: {time.perf_counter() - started:.1f} s")
        fresh.dispose()
        return 0 if agree else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    sys.exit(main())

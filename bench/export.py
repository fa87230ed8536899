"""Measure the report exports on demo desks of growing size, beside the raw floor.

    python bench/export.py                                # desks of 1,000, 100,000, 1,000,000
    python bench/export.py --sizes 1000 100000 --repeat 3
    python bench/export.py --data /work/benchdata --formats json csv

Each desk is `claimdesk demo-data`'s (models.demo.build_demo_desk): desk-<size>.sqlite3 in
--data (default ./bench-data, shared with bench/pages.py), built there when missing and
kept. An existing desk is only ever opened read-only (a `mode=ro` URI); if it is behind the
newest migration, a copy in a temporary folder is migrated and used instead, unless
--as-is says the export needs nothing the newer migrations add.

Every measurement runs in a fresh process, so its maximum RSS is its own: an export
through the same code as `claimdesk export -o FILE` (head, body, fsync, rename), or the
raw floor: one ordered join over the same claim rows (speaker, rating, proposer and
approver, linked sources) read through the `sqlite3` module and written with `json` (per
article its fields and body, read by a second ordered cursor, then its claims) or `csv`
(one row per claim × source), then fsynced. Per format it prints the median wall time
(of --repeat processes), CPU time, the ratio to the floor (csv to the csv floor, every
other format to the json floor), the SQL statements the export sent, the process's
maximum RSS and what it had after its imports, and the output size. The PDF (WeasyPrint
lays out the whole document in memory) is measured only on the --pdf-size desk. Not a
test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STREAMING = ["json", "csv", "md", "html", "claimreview"]
FLOOR_OF = {"csv": "floor-csv"}  # every other format is compared with floor-json

FLOOR_CLAIMS = """
SELECT c.article_id, a.title, a.url, c.id, c.text, c.summary, c.quote_exact, c.quote_prefix,
       c.quote_suffix, c.quote_start, c.quote_end, c.status, c.rating_explanation,
       c.proposed_at, c.approved_at, sp.name, sp.same_as, r.slug, r.label, r.value,
       pu.display_name, au.display_name, cs.stance, cs.excerpt, s.title, s.url, s.publisher,
       s.published, s.kind, s.archive_url
FROM claims c
JOIN articles a ON a.id = c.article_id
LEFT JOIN speakers sp ON sp.id = c.speaker_id
LEFT JOIN ratings r ON r.id = c.rating_id
LEFT JOIN users pu ON pu.id = c.proposed_by_id
LEFT JOIN users au ON au.id = c.approved_by_id
LEFT JOIN claim_sources cs ON cs.claim_id = c.id
LEFT JOIN sources s ON s.id = cs.source_id
ORDER BY c.article_id, c.quote_start, c.id, cs.id
"""
FLOOR_ARTICLES = (
    "SELECT id, title, url, author, publisher, published, body FROM articles ORDER BY id"
)


def _rss_mib() -> float:
    """Return this process's peak RSS so far.

    Linux's VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's RSS at the
    fork, so it would count the parent's imports as the child's own.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kib) / 1024


def _readonly_url(desk: Path) -> str:
    return f"sqlite:///file:{desk.resolve()}?mode=ro&uri=true"


# --- in the measuring process ------------------------------------------------------------


def child_export(desk: Path, fmt: str, out: Path) -> dict[str, Any]:
    """Export `desk` in `fmt` to `out` as `claimdesk export -o` does; return the figures."""
    sys.path.insert(0, str(ROOT))
    import sqlalchemy as sa

    from models.db import make_engine, make_session_factory
    from models.reports.export import FORMATS, export_to_path
    from models.reports.model import ReportOptions

    engine = make_engine(_readonly_url(desk))
    statements = 0

    def count(*_: object) -> None:
        nonlocal statements
        statements += 1

    sa.event.listen(engine, "before_cursor_execute", count)
    options = ReportOptions(now=dt.datetime(2026, 11, 28, tzinfo=dt.UTC))
    base_rss = _rss_mib()
    started, cpu = time.perf_counter(), time.process_time()
    with make_session_factory(engine)() as session:
        export_to_path(session, FORMATS[fmt], out, options)
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "statements": statements,
        "base_rss": base_rss,
    }


def child_floor(desk: Path, kind: str, out: Path) -> dict[str, Any]:
    """Write the raw floor of `kind` (json or csv) for `desk` to `out`; return the figures."""
    base_rss = _rss_mib()
    started, cpu = time.perf_counter(), time.process_time()
    connection = sqlite3.connect(f"file:{desk.resolve()}?mode=ro", uri=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        rows = connection.execute(FLOOR_CLAIMS)
        if kind == "csv":
            writer = csv.writer(handle, lineterminator="\r\n")
            for row in rows:
                writer.writerow(row)
        else:
            _floor_json(connection, rows, handle)
        handle.flush()
        os.fsync(handle.fileno())
    connection.close()
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "statements": 2 if kind == "json" else 1,
        "base_rss": base_rss,
    }


def _floor_json(connection: sqlite3.Connection, rows: Any, handle: Any) -> None:
    """Write articles (with bodies) and their claims as JSON, a claim's rows folded."""
    dumps = json.dumps
    articles = connection.execute(FLOOR_ARTICLES)
    handle.write('{"articles": [')
    article: Any = None
    claim: dict[str, Any] | None = None

    def flush_claim() -> None:
        if claim is not None:
            handle.write(dumps(claim, ensure_ascii=False) + ",\n")

    for row in rows:
        if article is None or row[0] != article[0]:
            flush_claim()
            claim = None
            if article is not None:
                handle.write("]},\n")
            article = next(articles)
            while article[0] != row[0]:
                article = next(articles)
            head = dict(zip(("id", "title", "url", "author", "publisher", "published", "body"),
                            article, strict=True))  # fmt: skip
            handle.write(dumps(head, ensure_ascii=False)[:-1] + ', "claims": [')
        if claim is None or claim["id"] != row[3]:
            flush_claim()
            (_, _, _, claim_id, text, summary, exact, prefix, suffix, start, end, status,
             explanation, proposed_at, approved_at, speaker, same_as, slug, label, value,
             proposed_by, approved_by) = row[:22]  # fmt: skip
            claim = {
                "id": claim_id, "text": text, "summary": summary, "speaker": speaker,
                "status": status, "rating": slug,
                "quote": {"exact": exact, "prefix": prefix, "suffix": suffix, "start": start,
                          "end": end},
                "sources": [], "anchor": f"claim-{claim_id}", "speaker_same_as": same_as,
                "verdict": {"rating": slug, "label": label, "value": value,
                            "explanation": explanation} if slug else None,
                "proposed_by": proposed_by, "proposed_at": proposed_at,
                "approved_by": approved_by, "approved_at": approved_at,
            }  # fmt: skip
        if row[22] is not None:
            stance, excerpt, title, url, publisher, published, kind, archive_url = row[22:]
            claim["sources"].append(
                {"url": url, "title": title, "stance": stance, "excerpt": excerpt,
                 "publisher": publisher, "published": published, "kind": kind,
                 "archive_url": archive_url}
            )  # fmt: skip
    if claim is not None:
        handle.write(dumps(claim, ensure_ascii=False))
    handle.write("]}]}\n" if article is not None else "]}\n")


# --- in the parent -----------------------------------------------------------------------


def desk_for(size: int, data: Path, scratch: Path, as_is: bool) -> tuple[Path, str]:
    """Return a desk of `size` claims at the newest migration, and where it came from."""
    sys.path.insert(0, str(ROOT))
    from models import migrate
    from models.db import make_engine, sqlite_url
    from models.demo import DemoSpec, build_demo_desk

    desk = data / f"desk-{size}.sqlite3"
    if not desk.exists():
        started = time.perf_counter()
        engine = make_engine(sqlite_url(desk))
        migrate.upgrade(engine)
        build_demo_desk(engine, DemoSpec(claims=size))
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        return desk, f"built in {time.perf_counter() - started:.0f} s"
    engine = make_engine(_readonly_url(desk))
    revision = migrate.current_revision(engine)
    engine.dispose()
    if revision == migrate.head_revision() or as_is:
        return desk, f"read-only, at migration {revision}"
    copy = scratch / desk.name
    shutil.copyfile(desk, copy)
    engine = make_engine(sqlite_url(copy))
    migrate.upgrade(engine)
    engine.dispose()
    return copy, f"a copy migrated from {revision}"


def run_child(kind: str, name: str, desk: Path, out: Path) -> dict[str, Any]:
    """Measure once in a fresh process; add its max RSS and the output's size."""
    command = [sys.executable, __file__, "--child", kind, name, str(desk), str(out)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    stdout, _ = process.communicate()
    if process.returncode:
        raise SystemExit(f"{kind} {name} failed on {desk}")
    figures: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    figures["bytes"] = out.stat().st_size
    out.unlink()
    return figures


def measure(kind: str, name: str, desk: Path, out: Path, repeat: int) -> dict[str, Any]:
    """Measure `repeat` times; return the median time and CPU, the highest RSS."""
    runs = [run_child(kind, name, desk, out) for _ in range(repeat)]
    figures = dict(runs[0])
    figures["seconds"] = statistics.median(r["seconds"] for r in runs)
    figures["cpu"] = statistics.median(r["cpu"] for r in runs)
    figures["rss"] = max(r["rss"] for r in runs)
    return figures


def print_row(size: int, name: str, f: dict[str, Any], floor: float | None) -> None:
    """Print one line of the table."""
    ratio = f"{f['seconds'] / floor:.2f}" if floor else ""
    print(
        f"{size:>10,}  {name:<12}{f['seconds']:>9.2f}{f['cpu']:>8.2f}{ratio:>8}"
        f"{f['statements']:>6}{f['rss']:>9.0f}{f['base_rss']:>9.0f}{f['bytes'] / 2**20:>10.1f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000, 1_000_000])
    parser.add_argument("--data", type=Path, default=ROOT / "bench-data")
    parser.add_argument("--formats", nargs="+", default=[*STREAMING, "pdf"])
    parser.add_argument("--pdf-size", type=int, default=1_000, help="the one size with a PDF")
    parser.add_argument("--repeat", type=int, default=1, help="processes per measurement")
    parser.add_argument(
        "--as-is", action="store_true", help="use an older desk read-only, without migrating a copy"
    )
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, name, desk, out = args.child
        work = child_floor if kind == "floor" else child_export
        figures = work(Path(desk), name, Path(out))
        figures["rss"] = _rss_mib()
        print(json.dumps(figures))
        return
    args.data.mkdir(parents=True, exist_ok=True)
    print(
        f"{'claims':>10}  {'format':<12}{'time s':>9}{'cpu s':>8}{'×floor':>8}{'SQL':>6}"
        f"{'RSS MiB':>9}{'(start)':>9}{'out MiB':>10}"
    )
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for size in args.sizes:
            desk, origin = desk_for(size, args.data, scratch, args.as_is)
            print(f"# {desk.name}: {origin}", flush=True)
            out = scratch / "report.out"
            floors = {}
            for kind in ("json", "csv"):
                f = measure("floor", kind, desk, out, args.repeat)
                floors[f"floor-{kind}"] = f["seconds"]
                print_row(size, f"floor-{kind}", f, None)
            for fmt in args.formats:
                if fmt == "pdf" and size != args.pdf_size:
                    continue
                f = measure("export", fmt, desk, out, args.repeat)
                print_row(size, fmt, f, floors[FLOOR_OF.get(fmt, "floor-json")])
            if desk.parent == scratch:
                desk.unlink()


if __name__ == "__main__":
    main()

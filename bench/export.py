"""Measure the report exports on a large desk: time, peak memory and SQL statements.

    python bench/export.py                 # 10,000 claims, every format
    python bench/export.py --claims 1000   # a smaller desk
    python bench/export.py --pdf-claims 1000   # the PDF on a desk of 1,000 claims

Builds a desk in a temporary SQLite file with bulk inserts (20 articles, 3 speakers,
500 sources, two source links per claim, a mix of statuses and verdicts), then writes each
format to a temporary file through the same code as `claimdesk export`. Per format it
prints wall time (a run without tracemalloc), Python peak memory (tracemalloc, a second
run; the PDF skips it unless --trace-pdf, tracing WeasyPrint is very slow), the process's
maximum RSS so far (resource.ru_maxrss) and how much this format raised it, the
statements sent to the database, and the file size. The PDF runs last so its RSS growth
is its own. Not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models import migrate
from models.db import make_engine, make_session_factory, sqlite_url
from models.reports.export import FORMATS, export_to_path
from models.reports.model import ReportOptions, build_head
from models.services.ratings import ensure_default_ratings

ARTICLES = 20
SOURCES = 500
NOW = dt.datetime(2024, 6, 1, 12, 0)  # SQLite stores naive UTC


def build_desk(engine: sa.Engine, claims: int) -> None:
    """Fill an empty, migrated database with `claims` claims using executemany inserts."""
    migrate.upgrade(engine)
    with make_session_factory(engine)() as session, session.begin():
        ensure_default_ratings(session)
    meta = sa.MetaData()
    meta.reflect(engine)
    t = meta.tables
    with engine.begin() as conn:
        ratings = dict(conn.execute(sa.select(t["ratings"].c.slug, t["ratings"].c.id)).all())
        conn.execute(
            t["users"].insert(),
            [
                {"username": name, "display_name": name.title(), "role": role,
                 "password_hash": "!", "active": True, "created_at": NOW}
                for name, role in (("ed", "editor"), ("rev", "reviewer"), ("rae", "reviewer"))
            ],
        )  # fmt: skip
        users = dict(conn.execute(sa.select(t["users"].c.username, t["users"].c.id)).all())
        names = ["Ada Speaker", "Ben Speaker", "Statistics Agency"]
        conn.execute(
            t["speakers"].insert(),
            [{"name": n, "description": None, "same_as": None, "created_at": NOW} for n in names],
        )
        speakers = dict(conn.execute(sa.select(t["speakers"].c.name, t["speakers"].c.id)).all())
        conn.execute(
            t["speaker_aliases"].insert(),
            [{"speaker_id": i, "alias": n, "alias_key": n.casefold()} for n, i in speakers.items()],
        )
        conn.execute(
            t["sources"].insert(),
            [
                {"url": f"https://data.example.org/table-{i}", "title": f"Statistical table {i}",
                 "publisher": "Statistics Office", "published": dt.date(2023, 1 + i % 12, 1),
                 "kind": "dataset", "archive_url": f"https://archive.example.org/table-{i}",
                 "accessed_at": NOW, "created_at": NOW}
                for i in range(SOURCES)
            ],
        )  # fmt: skip
        per_article = -(-claims // ARTICLES)
        sentence = "In year {:05d} desk {} counted {} new models across the region. "
        claim_rows, link_rows = [], []
        claim_id = 0
        for a in range(ARTICLES):
            count = min(per_article, claims - a * per_article)
            if count <= 0:
                break
            parts = [sentence.format(i, a + 1, 100 + i) for i in range(count)]
            body = "".join(parts)
            article_id = conn.execute(
                t["articles"].insert().values(
                    title=f"Benchmark article {a + 1}", url=f"https://news.example.org/{a + 1}",
                    author="A. Writer", publisher="Example News", published=dt.date(2024, 1, 1),
                    body=body, body_sha256=hashlib.sha256(body.encode()).hexdigest(),
                    created_at=NOW,
                )
            ).inserted_primary_key[0]  # fmt: skip
            start = 0
            for i, part in enumerate(parts):
                claim_id += 1
                quote = part.strip()
                status = ("approved", "verdict_proposed", "in_review", "unreviewed")[claim_id % 4]
                slug = ("true", "false", "mixed", "unverifiable")[
                    claim_id % 3 if claim_id % 7 else 3
                ]
                rated = status in {"approved", "verdict_proposed"}
                claim_rows.append(
                    {"id": claim_id, "article_id": article_id,
                     "speaker_id": list(speakers.values())[claim_id % 3],
                     "text": quote, "summary": f"The desk counted {100 + i} models in year {i}",
                     "quote_exact": quote, "quote_prefix": body[max(0, start - 32):start],
                     "quote_suffix": body[start + len(quote):start + len(quote) + 32],
                     "quote_start": start, "quote_end": start + len(quote), "status": status,
                     "rating_id": ratings[slug] if rated else None,
                     "rating_explanation": "Checked against the table." if rated else None,
                     "assignee_id": users["rev"], "proposed_by_id": users["rev"] if rated else None,
                     "proposed_at": NOW if rated else None,
                     "approved_by_id": users["rae"] if status == "approved" else None,
                     "approved_at": NOW if status == "approved" else None,
                     "created_at": NOW, "updated_at": NOW, "version": 1}
                )  # fmt: skip
                for k in range(2):
                    link_rows.append(
                        {"claim_id": claim_id, "source_id": 1 + (claim_id * 7 + k * 13) % SOURCES,
                         "stance": ("supports", "refutes", "context")[(claim_id + k) % 3],
                         "excerpt": "The table shows the count for that year.",
                         "added_by_id": users["ed"], "added_at": NOW}
                    )  # fmt: skip
                start += len(part)
        conn.execute(t["claims"].insert(), claim_rows)
        conn.execute(t["claim_sources"].insert(), link_rows)


def measure(
    engine: sa.Engine, fmt: str, options: ReportOptions, out: Path, *, trace: bool = True
) -> dict[str, float]:
    """Export once for time and statements, once more under tracemalloc for peak memory.

    With `trace` False (the slow PDF) there is one untimed-by-tracemalloc run only, and
    memory shows as the growth of the process's max RSS.
    """
    sessions = make_session_factory(engine)
    statements = 0

    def count(*_: object) -> None:
        nonlocal statements
        statements += 1

    runs = 2 if trace else 1
    figures: dict[str, float] = {"peak_mib": float("nan")}
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for run in range(runs):
        traced = trace and run == runs - 1
        gc.collect()
        if traced:
            tracemalloc.start()
        sa.event.listen(engine, "before_cursor_execute", count)
        statements = 0
        started = time.perf_counter()
        with sessions() as session:
            head = build_head(session, options)
            export_to_path(session, FORMATS[fmt], out, options, head=head)
        elapsed = time.perf_counter() - started
        sa.event.remove(engine, "before_cursor_execute", count)
        if traced:
            figures["peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        if run == 0:
            figures["seconds"] = elapsed
            figures["statements"] = statements
    figures["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["rss_growth_mib"] = figures["rss_mib"] - rss_before
    figures["size_mib"] = out.stat().st_size / 2**20
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--pdf-claims", type=int, default=None, help="limit the PDF's claims")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument(
        "--trace-pdf", action="store_true", help="also run the PDF under tracemalloc (slow)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(sqlite_url(Path(folder) / "bench.sqlite3"))
        started = time.perf_counter()
        build_desk(engine, args.claims)
        print(f"built a desk of {args.claims:,} claims in {time.perf_counter() - started:.1f} s")
        options = ReportOptions(now=dt.datetime(2024, 6, 1, tzinfo=dt.UTC))
        print(f"{'format':<12}{'claims':>8}{'time s':>9}{'peak MiB':>10}{'maxrss MiB':>12}"
              f"{'(+MiB)':>8}{'SQL':>6}{'size MiB':>10}")  # fmt: skip
        for fmt in [f for f in FORMATS if f != "pdf"] + ["pdf"]:
            if fmt not in args.formats.split(","):
                continue
            target, claims = engine, args.claims
            if fmt == "pdf" and args.pdf_claims and args.pdf_claims < args.claims:
                # A desk of its own, same shape, fewer claims: WeasyPrint lays out every
                # page in memory and takes about 0.1 s per claim.
                target = make_engine(sqlite_url(Path(folder) / "bench-pdf.sqlite3"))
                build_desk(target, args.pdf_claims)
                claims = args.pdf_claims
            out = Path(folder) / f"report.{FORMATS[fmt].extension}"
            f = measure(target, fmt, options, out, trace=fmt != "pdf" or args.trace_pdf)
            print(
                f"{fmt:<12}{claims:>8,}{f['seconds']:>9.2f}{f['peak_mib']:>10.1f}"
                f"{f['rss_mib']:>12.0f}{f['rss_growth_mib']:>+8.0f}{int(f['statements']):>6}"
                f"{f['size_mib']:>10.1f}",
                flush=True,
            )
            if target is not engine:
                target.dispose()
        engine.dispose()


if __name__ == "__main__":
    main()

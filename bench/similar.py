"""Measure claim matching: quality on the labelled pairs, and lookup speed on demo desks.

    python bench/similar.py                                   # quality, then the desks in
                                                              # ./bench-data/similar-N.sqlite3
    python bench/similar.py --sizes 1000 100000 1000000       # those SQLite desks (built
                                                              # with demo-data when missing)
    python bench/similar.py --database-url postgresql+psycopg://…/bench   # a built desk

Quality: precision and recall at the threshold the claim page uses
(models.text.claim_similarity.THRESHOLD) on tests/data/similar/pairs.yaml, overall and
per kind of pair. Speed: `find_similar` (what the API, the dashboard box and logging a
claim run) for --lookups new sentences, after one warm-up each: half shaped like the
demo desk's claims (another seed: the same words, other numbers and names, so every word
is common on a large desk: the hard case), half the labelled pairs' second sentences
(other words). Median, 90th percentile and maximum, in ms of wall time, and the median
CPU time of this process (SQLite runs inside it; PostgreSQL's work is not counted), which
a busy machine inflates less. Then whether each of
--self-checks claims of the desk, looked up by its own text, comes back first (the
candidates reach it among a million). Not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa
import yaml
from sqlalchemy import orm

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models import Claim  # noqa: E402
from models.db import make_engine, sqlite_url  # noqa: E402
from models.demo import CLAIM_SHAPES, COMPANIES, SUBJECTS  # noqa: E402
from models.read.similar import find_similar  # noqa: E402
from models.text.claim_similarity import THRESHOLD, similarity  # noqa: E402

PAIRS = ROOT / "tests" / "data" / "similar" / "pairs.yaml"
NAMES = ["Ana Lima", "Ben Okafor", "the minister", "Statistics Office", "Dr Ito", "Mira Sato"]


def quality() -> None:
    """Print precision and recall at THRESHOLD on the labelled pairs, overall and by kind."""
    pairs = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))["pairs"]
    outcome: Counter[tuple[str, str]] = Counter()
    started = time.perf_counter()
    for pair in pairs:
        found = similarity(pair["a"], pair["b"]) >= THRESHOLD
        label = {(True, True): "tp", (True, False): "fp", (False, True): "fn"}.get(
            (found, pair["same"]), "tn"
        )
        outcome[(label, "all")] += 1
        outcome[(label, pair["kind"])] += 1
    per_pair = (time.perf_counter() - started) / len(pairs) * 1e3
    tp, fp, fn = (outcome[(k, "all")] for k in ("tp", "fp", "fn"))
    same = sum(p["same"] for p in pairs)
    print(f"Labelled pairs: {len(pairs)} ({same} the same claim, {len(pairs) - same} not)")
    print(f"threshold {THRESHOLD}: precision {tp / (tp + fp):.3f}, recall {tp / (tp + fn):.3f}")
    print(f"  ({tp} found, {fp} wrongly found, {fn} missed; {per_pair:.2f} ms a pair)")
    for kind in sorted({p["kind"] for p in pairs}):
        right = outcome[("tp", kind)] + outcome[("tn", kind)]
        total = sum(outcome[(k, kind)] for k in ("tp", "tn", "fp", "fn"))
        print(f"  {kind:<10} {right}/{total} right")


def new_sentences(count: int, seed: int = 99) -> list[str]:
    """Return `count` sentences to look up: half demo-shaped, half from the pairs."""
    rng = random.Random(seed)
    shaped = [
        rng.choice(CLAIM_SHAPES).format(
            company=rng.choice(COMPANIES),
            pct=rng.randint(2, 95),
            subject=rng.choice(SUBJECTS),
            who=rng.choice(NAMES),
            year=rng.randint(2015, 2025),
            num=rng.randint(2, 900),
            num2=rng.randint(2, 900),
            rank=rng.randint(1, 10),
        )
        for _ in range(count - count // 2)
    ]
    pairs = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))["pairs"]
    others = [pair["b"] for pair in rng.sample(pairs, count // 2)]
    return shaped + others


def build(path: Path, claims: int) -> None:
    """Build a SQLite demo desk of `claims` claims at `path` with `claimdesk demo-data`."""
    print(f"building {path.name} ({claims:,} claims)…", flush=True)
    env = {**os.environ, "CLAIMDESK_DATABASE_URL": sqlite_url(path)}
    subprocess.run(
        [sys.executable, "-m", "webapp.cli", "demo-data", "--claims", str(claims)],
        cwd=ROOT,
        env=env,
        check=True,
    )


def speed(url: str, label: str, lookups: int, self_checks: int) -> None:
    """Print lookup times on the desk at `url`, and how often a claim finds itself first."""
    engine = make_engine(url)
    with orm.Session(engine) as session:
        total = session.scalar(sa.select(sa.func.count()).select_from(Claim))
        times, cpu, matched = [], [], 0
        for text in new_sentences(lookups):
            find_similar(session, text)  # warm-up: the same pages of the index
            started, started_cpu = time.perf_counter(), time.process_time()
            found = find_similar(session, text)
            times.append((time.perf_counter() - started) * 1e3)
            cpu.append((time.process_time() - started_cpu) * 1e3)
            matched += any(item.match for item in found)
        top = session.scalar(sa.select(sa.func.max(Claim.id))) or 0
        rng = random.Random(7)
        firsts = 0
        for _ in range(self_checks):
            claim = session.get(Claim, rng.randint(1, top))
            if claim is None:
                continue
            found = find_similar(session, claim.text)
            firsts += bool(found) and found[0].score == 1.0
    engine.dispose()
    times.sort()
    p90 = times[int(len(times) * 0.9) - 1]
    print(
        f"{label:<28} {total:>10,} claims  median {statistics.median(times):6.1f} ms  "
        f"p90 {p90:6.1f}  max {times[-1]:6.1f}  (CPU of this process: median "
        f"{statistics.median(cpu):.1f} ms; {len(times)} lookups, "
        f"{matched} with a match; own text first for {firsts}/{self_checks})",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 100_000, 1_000_000])
    parser.add_argument("--data", type=Path, default=ROOT / "bench-data")
    parser.add_argument("--database-url", action="append", default=[])
    parser.add_argument("--lookups", type=int, default=60)
    parser.add_argument("--self-checks", type=int, default=20)
    parser.add_argument("--no-build", action="store_true", help="skip missing desks")
    parser.add_argument("--no-quality", action="store_true")
    args = parser.parse_args()
    if not args.no_quality:
        quality()
    load = os.getloadavg()
    print(f"\nLookup speed (load average {load[0]:.1f}, {os.cpu_count()} CPUs):")
    for size in [] if args.database_url else args.sizes:
        path = args.data / f"similar-{size}.sqlite3"
        if not path.exists():
            if args.no_build:
                print(f"{path.name}: missing, skipped")
                continue
            build(path, size)
        speed(sqlite_url(path), f"SQLite {path.name}", args.lookups, args.self_checks)
    for url in args.database_url:
        name = sa.make_url(url)
        speed(url, f"{name.get_backend_name()} {name.database}", args.lookups, args.self_checks)


if __name__ == "__main__":
    main()

"""Load-test the desk: `claimdesk serve` against the development server, on a big demo desk.

    python bench/load.py                            # 50 members, 60 s, both servers, SQLite
    python bench/load.py --members 10 --duration 10 # a short run while developing
    python bench/load.py --server serve --kill-worker
    python bench/load.py --database-url postgresql+psycopg://…/claimdesk_bench
    python bench/load.py --server serve --floor /account   # the stack's floor, see below
    python bench/load.py --think 2                         # members who pause, see below

The desk is a `claimdesk demo-data` desk of --claims claims (default 100,000). SQLite: it
is built once into --data (default ./bench-data, gitignored) and each server gets a fresh
copy of it, so both start from the same desk. PostgreSQL: the given database is filled
if empty and used as it is (the bench's writes add up from run to run).

Each server runs as a subprocess on 127.0.0.1: `claimdesk serve` (its default workers
and threads unless --workers/--threads) and `claimdesk run` (Werkzeug's development
server, a thread per request). --members members (70% reviewers, 30% editors, created in
the desk with a password and logged in once each before the clock starts, so the login
throttle never sees them) act for --duration seconds or --max-requests requests in all,
whichever ends first: see bench/load_members.py for the mix (80% reads, 20% writes, some
with stale versions on purpose, plus report downloads). Members run as threads in
--client-processes processes on the same machine as the server.

Printed per server: throughput, p50/p95/p99/max per kind of request, errors by kind
(5xx, "database is locked", connection errors, timeouts, unexpected statuses: a 409 for a
stale version or a step the claim cannot take is an answer, not an error), and the check
that every write acknowledged with a redirect is in the database afterwards. Then the
targets: no errors, no lost write, p95 <= 250 ms for reads and <= 400 ms for writes, and
serve at least 3x the development server's throughput. --kill-worker kills one of
serve's workers (SIGKILL) halfway through: the master must start a new one, and no
acknowledged write may be lost (requests on the killed worker fail with a connection
error; they were never acknowledged).

--floor PATH sends every member at one page only, instead of the mix: with the cheapest
logged-in page (/account: the login check, the inbox count and a small form) it measures
what the framework stack alone allows on this machine, the best any mix could reach.
--think SECONDS makes each member pause after every request (exponentially distributed,
that mean, the first pause before the first request): people read a page before they ask
for the next, and do not all click at the moment the clock starts. The issue's targets are for
members who never pause (the default), so with either option they are not checked.

Loopback only; bounded in time and requests. Not a test: it measures and prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from load_members import (  # noqa: E402
    PASSWORD,
    READS,
    WRITES,
    Ack,
    Desk,
    Member,
    Plan,
    Result,
    free_port,
    run_member,
)

from models import Comment, Role, migrate  # noqa: E402
from models.db import make_engine, make_session_factory, sqlite_url  # noqa: E402
from models.services import accounts  # noqa: E402
from webapp.serve import DEFAULT_THREADS, default_workers  # noqa: E402

READ_TARGET_MS, WRITE_TARGET_MS, RATIO_TARGET = 250, 400, 3.0
STARTUP_SECONDS = 120


# -- the desk ---------------------------------------------------------------------------


def _env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMDESK_")}
    env.update(CLAIMDESK_DATABASE_URL=url, CLAIMDESK_SECRET_KEY="bench-load")
    return env


def _claimdesk(url: str, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "webapp.cli", *args], env=_env(url), cwd=ROOT, check=True)


def _has_claims(url: str) -> bool:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return bool(
                sa.inspect(connection).has_table("claims")
                and connection.scalar(sa.text("SELECT count(*) FROM claims"))
            )
    finally:
        engine.dispose()


def prepare_desk(url: str, claims: int) -> None:
    """Fill an empty desk with demo data; bring an older one to the newest schema."""
    if not _has_claims(url):
        started = time.perf_counter()
        _claimdesk(url, "demo-data", "--claims", str(claims))
        print(
            f"  built {claims:,} claims in {time.perf_counter() - started:.0f} s", file=sys.stderr
        )
    engine = make_engine(url)
    try:
        if migrate.current_revision(engine) != migrate.head_revision():
            _claimdesk(url, "init")  # a desk cached by an older checkout
    finally:
        engine.dispose()


def sqlite_copy(data: Path, claims: int, name: str) -> str:
    """Return the URL of a fresh copy of the cached SQLite demo desk (built if missing)."""
    data.mkdir(parents=True, exist_ok=True)
    cached = data / f"desk-{claims}.sqlite3"
    prepare_desk(sqlite_url(cached), claims)
    engine = make_engine(sqlite_url(cached))
    with engine.connect() as connection:  # fold the WAL in, so one file is the whole desk
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    copy = data / f"load-{name}.sqlite3"
    for leftover in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(cached, copy)
    return sqlite_url(copy)


def member_names(count: int) -> list[tuple[str, Role]]:
    """Return the bench's members: 70% reviewers, 30% editors."""
    editors = max(1, round(count * 0.3)) if count > 1 else 0
    return [
        (f"bench-editor-{n:02d}", Role.EDITOR)
        if n < editors
        else (f"bench-reviewer-{n:02d}", Role.REVIEWER)
        for n in range(count)
    ]


def create_members(url: str, names: list[tuple[str, Role]]) -> None:
    """Create the bench's members once (a desk keeps them from run to run)."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine, writes=True)() as session:
            for username, role in names:
                if accounts.get_user(session, username) is None:
                    accounts.create_user(session, username, role, PASSWORD, actor=None)
            session.commit()
    finally:
        engine.dispose()


def sample_desk(url: str, seed: int) -> Desk:
    """Pick what the members aim at: claims, articles, speakers, search words."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:

            def ids(sql: str) -> list[int]:
                return [row[0] for row in connection.execute(sa.text(sql))]

            sample = "ORDER BY random() LIMIT {}"
            claims = ids(f"SELECT id FROM claims WHERE withdrawn_at IS NULL {sample.format(2000)}")
            articles = ids(
                f"SELECT id FROM articles WHERE withdrawn_at IS NULL {sample.format(500)}"
            )
            speakers = ids(f"SELECT id FROM speakers {sample.format(200)}")
            summaries = (
                connection.execute(sa.text(f"SELECT summary FROM claims {sample.format(200)}"))
                .scalars()
                .all()
            )
            rating = connection.scalar(
                sa.text("SELECT slug FROM ratings WHERE value IS NULL ORDER BY id LIMIT 1")
            )
    finally:
        engine.dispose()
    words = sorted({w.lower() for s in summaries for w in s.split() if w.isalpha() and len(w) > 5})
    assert claims and articles and rating, "the desk has no claims, articles or off-scale rating"
    return Desk(
        claims=claims,
        articles=articles,
        speakers=speakers or [1],
        words=words[:300] or ["market"],
        off_scale_rating=rating,
        statuses=["unreviewed", "in_review", "verdict_proposed", "approved"],
    )


# -- the server -------------------------------------------------------------------------


@dataclass
class Server:
    """A server subprocess and where its output goes."""

    kind: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def workers(self) -> list[int]:
        """Return the pids of the master's child processes (serve's workers)."""
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(child) for child in children]

    def cpu_seconds(self) -> float:
        """Return the CPU time used so far by the server and its live workers."""
        ticks = 0
        for pid in [self.process.pid, *self.workers()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")


def start_server(kind: str, url: str, args: argparse.Namespace, logs: Path, run_id: str) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "webapp.cli"]
    if kind == "serve":
        command += ["serve", "--host", "127.0.0.1", "--port", str(port)]
        command += ["--access-log", str(logs / f"serve-{run_id}-access.log")]
        if args.workers:
            command += ["--workers", str(args.workers)]
        if args.threads:
            command += ["--threads", str(args.threads)]
    else:
        command += ["run", "--host", "127.0.0.1", "--port", str(port)]
    log = logs / f"{kind}-{run_id}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=_env(url), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    server = Server(kind, process, port, log)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
                r.read()
            return server
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit(f"{kind} did not start:\n{log.read_text()[-3000:]}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=30)


def kill_a_worker(server: Server, at: float, report: dict[str, object]) -> None:
    """At `at` (perf_counter), SIGKILL one worker; note how long until it is replaced."""
    time.sleep(max(0.0, at - time.perf_counter()))
    before = server.workers()
    if not before:
        report["killed"] = "no worker found"
        return
    victim = before[0]
    os.kill(victim, signal.SIGKILL)
    killed = time.perf_counter()
    report["killed"] = victim
    deadline = killed + 60
    while time.perf_counter() < deadline:
        now = server.workers()
        if victim not in now and len(now) >= len(before):
            report["replaced_after"] = time.perf_counter() - killed
            report["workers"] = len(now)
            return
        time.sleep(0.1)
    report["replaced_after"] = None


# -- the members --------------------------------------------------------------------------


def _client_process(
    port: int,
    names: list[str],
    run_id: str,
    desk: Desk,
    ready: multiprocessing.synchronize.Barrier,
    start_at: multiprocessing.sharedctypes.Synchronized,
    budget: int,
    duration: float,
    plan: Plan,
    out: multiprocessing.queues.Queue,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    members = [
        Member("127.0.0.1", port, name, run_id, seed=zlib.crc32(f"{run_id}{name}".encode()))
        for name in names
    ]
    with ThreadPoolExecutor(len(members)) as pool:
        try:
            list(pool.map(Member.log_in, members))  # before the clock: no login is timed
        except Exception as exc:
            out.put(f"a member could not log in: {exc}")
            ready.abort()
            return
        ready.wait(timeout=300)
        while start_at.value == 0:
            time.sleep(0.001)
        deadline = start_at.value + duration
        jobs = [pool.submit(run_member, m, desk, deadline, budget, plan) for m in members]
        results: list[Result] = []
        acks: list[Ack] = []
        for job in jobs:
            r, a = job.result()
            results += r
            acks += a
    # perf_counter is per boot, so start times compare across processes on one machine
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out.put((results, acks, usage.ru_utime + usage.ru_stime))


def drive(
    server: Server, desk: Desk, names: list[str], args: argparse.Namespace, run_id: str
) -> tuple[list[Result], list[Ack], float, dict[str, object]]:
    """Run the members against the server; return results, acks, elapsed s and notes."""
    context = multiprocessing.get_context("fork")
    processes = max(1, min(args.client_processes, len(names)))
    ready = context.Barrier(processes + 1)
    start_at = context.Value("d", 0.0)
    out = context.Queue()
    budget = max(1, args.max_requests // len(names))
    groups = [names[i::processes] for i in range(processes)]
    workers = [
        context.Process(
            target=_client_process,
            args=(
                server.port,
                group,
                run_id,
                desk,
                ready,
                start_at,
                budget,
                args.duration,
                Plan(args.floor, args.think),
                out,
            ),
        )
        for group in groups
    ]
    for worker in workers:
        worker.start()
    try:
        ready.wait(timeout=600)
    except threading.BrokenBarrierError:
        for worker in workers:
            worker.join(timeout=60)
        raise SystemExit(out.get(timeout=10)) from None
    busy_before, server_before = _cpu_ticks(), server.cpu_seconds()
    started = time.perf_counter()
    start_at.value = started
    notes: dict[str, object] = {}
    killer = None
    if args.kill_worker and server.kind == "serve":
        killer = threading.Thread(
            target=kill_a_worker, args=(server, started + args.duration / 2, notes)
        )
        killer.start()
    results: list[Result] = []
    acks: list[Ack] = []
    client_cpu = 0.0
    for _ in workers:
        r, a, cpu = out.get(timeout=args.duration + 600)
        client_cpu += cpu
        results += r
        acks += a
    for worker in workers:
        worker.join(timeout=60)
    if killer is not None:
        killer.join(timeout=120)
    notes["server cpu"] = server.cpu_seconds() - server_before
    ended = max((r.started + r.seconds for r in results), default=started)
    busy, total = (after - before for after, before in zip(_cpu_ticks(), busy_before, strict=True))
    notes["machine busy"] = busy / total if total else 0.0
    notes["client cpu"] = client_cpu
    return results, acks, ended - started, notes


def _seconds(value: object) -> str:
    return f"{value:.2f} s later" if isinstance(value, float) else "NEVER (within 60 s)"


def _cpu_ticks() -> tuple[int, int]:
    """Return the machine's busy and total CPU ticks so far (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return sum(fields) - idle, sum(fields)


# -- checking and printing ------------------------------------------------------------------


def verify(url: str, acks: list[Ack], run_id: str, since: dt.datetime) -> dict[str, int]:
    """Count acknowledged writes, and those missing from the database (per kind).

    Every acknowledged write must have left its audit event (same action, claim and
    member); comments and source links must also hold the text the member sent.
    """
    actions = {
        "comment": "commented",
        "verdict": "verdict_proposed",
        "approval": "verdict_approved",
        "source link": "source_linked",
    }
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT e.action, e.claim_id, u.username, count(*) FROM claim_events e "
                    "JOIN users u ON u.id = e.actor_id "
                    "WHERE u.username LIKE 'bench-%' AND e.created_at >= :since "
                    "GROUP BY e.action, e.claim_id, u.username"
                ),
                {"since": since},
            ).all()
            prefix = f"bench-{run_id}-%"
            comments = set(
                connection.scalars(sa.select(Comment.body).where(Comment.body.like(prefix)))
            )
            sources = set(
                connection.scalars(
                    sa.text("SELECT title FROM sources WHERE title LIKE :prefix"),
                    {"prefix": prefix},
                )
            )
    finally:
        engine.dispose()
    found = {(action, claim, user): n for action, claim, user, n in rows}
    wanted = Counter((actions[a.kind], a.claim_id, a.username) for a in acks)
    lost: Counter[str] = Counter()
    for key, n in wanted.items():
        lost[key[0]] += max(0, n - found.get(key, 0))
    for ack in acks:
        if ack.kind == "comment" and ack.marker not in comments:
            lost["comment text"] += 1
        if ack.kind == "source link" and ack.marker not in sources:
            lost["source row"] += 1
    checked = {"acknowledged": len(acks), "lost": sum(lost.values())}
    return checked | {f"lost {kind}": n for kind, n in lost.items() if n}


def _ms(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def summarise(results: list[Result]) -> dict[str, dict[str, float]]:
    """Per kind (and all reads, all writes): count, errors and latency quantiles in ms."""
    groups: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        groups[r.kind].append(r)
        if r.kind in READS:
            groups["all reads"].append(r)
        elif r.kind in WRITES:
            groups["all writes"].append(r)
    table = {}
    for kind, rows in groups.items():
        times = [r.seconds for r in rows if r.error is None]
        table[kind] = {
            "n": len(rows),
            "refused": sum(1 for r in rows if r.status == 409),
            "errors": sum(1 for r in rows if r.error),
            "p50": _ms(times, 0.50),
            "p95": _ms(times, 0.95),
            "p99": _ms(times, 0.99),
            "max": max(times, default=0) * 1000,
        }
    return table


def print_run(title: str, results: list[Result], elapsed: float, checked: dict[str, int]) -> None:
    table = summarise(results)
    rate = len(results) / elapsed if elapsed else 0.0
    print(f"\n### {title}: {len(results):,} requests in {elapsed:.1f} s = {rate:,.1f} requests/s\n")
    print("| kind | requests | 409 | errors | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    order = [*READS, "report", *WRITES, "all reads", "all writes", "floor"]
    for kind in [k for k in order if k in table]:
        row = table[kind]
        print(
            f"| {kind} | {row['n']:,} | {row['refused']:,} | {row['errors']:,} | "
            f"{row['p50']:,.0f} | {row['p95']:,.0f} | {row['p99']:,.0f} | {row['max']:,.0f} |"
        )
    errors = Counter(r.error for r in results if r.error)
    print("\nerrors by kind: " + (", ".join(f"{k}: {n}" for k, n in errors.items()) or "none"))
    extra = ", ".join(f"{k}: {v}" for k, v in checked.items() if k.startswith("lost "))
    print(
        f"writes acknowledged: {checked['acknowledged']:,}; missing from the database: "
        f"{checked['lost']}" + (f" ({extra})" if extra else "")
    )


def targets(serve: dict[str, object], dev: dict[str, object] | None) -> list[tuple[str, bool]]:
    table = summarise(serve["results"])  # type: ignore[arg-type]
    errors = sum(1 for r in serve["results"] if r.error)  # type: ignore[attr-defined]
    checks = [
        ("0 errors", errors == 0),
        ("0 acknowledged writes lost", serve["checked"]["lost"] == 0),  # type: ignore[index]
        (
            f"p95 reads <= {READ_TARGET_MS} ms",
            table.get("all reads", {}).get("p95", 0) <= READ_TARGET_MS,
        ),
        (
            f"p95 writes <= {WRITE_TARGET_MS} ms",
            table.get("all writes", {}).get("p95", 0) <= WRITE_TARGET_MS,
        ),
    ]
    if dev is not None:
        ratio = serve["rate"] / dev["rate"] if dev["rate"] else float("inf")  # type: ignore[operator]
        checks.append(
            (
                f"throughput >= {RATIO_TARGET:.0f}x the development server ({ratio:.2f}x)",
                ratio >= RATIO_TARGET,
            )
        )
    return checks


def run_one(
    kind: str, url: str, desk: Desk, names: list[str], args: argparse.Namespace, logs: Path
) -> dict[str, object]:
    run_id = uuid.uuid4().hex[:8]
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    server = start_server(kind, url, args, logs, run_id)
    wal = Path(f"{sa.make_url(url).database}-wal") if url.startswith("sqlite") else None
    try:
        results, acks, elapsed, kill = drive(server, desk, names, args, run_id)
        wal_bytes = wal.stat().st_size if wal is not None and wal.exists() else None
    finally:
        stop_server(server)
    checked = verify(url, acks, run_id, since)
    label = "claimdesk serve" if kind == "serve" else "development server (claimdesk run)"
    if kind == "serve":
        workers = args.workers or default_workers()
        label += f" ({workers} workers x {args.threads or DEFAULT_THREADS} threads)"
    print_run(label, results, elapsed, checked)
    cpu, busy = kill.pop("client cpu", 0.0), kill.pop("machine busy", 0.0)
    server_cpu = float(kill.pop("server cpu", 0.0))  # type: ignore[arg-type]
    per_request = server_cpu / len(results) * 1000 if results else 0.0
    print(
        f"CPU: the server used {server_cpu:.1f} s ({per_request:.1f} ms per request; "
        f"a killed worker's share is not counted), the members {cpu:.1f} s; the machine's "
        f"cores were {busy:.0%} busy (everything on it, others' work too)"
    )
    # A 500 page does not say why; the server's log does.
    logged = server.log.read_text(errors="replace")
    print(
        f"server log {server.log}: {logged.count('Traceback')} tracebacks, "
        f"{logged.count('database is locked')} mentions of 'database is locked'"
    )
    if wal_bytes is not None:
        print(f"SQLite's WAL file at the end of the load: {wal_bytes / 2**20:.1f} MiB")
    if kill:
        print(
            f"--kill-worker: worker {kill.get('killed')} killed (SIGKILL) halfway; "
            f"the master started another {_seconds(kill.get('replaced_after'))}, "
            f"workers now {kill.get('workers')}"
        )
    return {
        "results": results,
        "rate": len(results) / elapsed if elapsed else 0.0,
        "checked": checked,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load per server")
    parser.add_argument("--max-requests", type=int, default=200_000, help="at most, per server")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--server", choices=["both", "serve", "dev"], default="both")
    parser.add_argument("--workers", type=int, default=None, help="serve's --workers")
    parser.add_argument("--threads", type=int, default=None, help="serve's --threads")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--kill-worker", action="store_true")
    parser.add_argument("--data", type=Path, default=ROOT / "bench-data")
    parser.add_argument("--database-url", default=None, help="PostgreSQL: a database to fill")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--floor", default=None, metavar="PATH", help="ask only this page (e.g. /account)"
    )
    parser.add_argument(
        "--think", type=float, default=0.0, metavar="SECONDS", help="mean pause per member"
    )
    args = parser.parse_args()
    if args.floor is not None and not args.floor.startswith("/"):
        parser.error("--floor is a path on the desk, such as /account")
    if not 0 <= args.think <= 60:
        parser.error("--think is 0 to 60 seconds")
    if not 1 <= args.members <= 500 or not 0 < args.duration <= 1800:
        parser.error("--members is 1..500 and --duration at most 1800 s (this is a bounded bench)")
    logs = args.data / "load-logs"
    logs.mkdir(parents=True, exist_ok=True)
    names = member_names(args.members)
    kinds = ["serve", "dev"] if args.server == "both" else [args.server]
    print(
        f"{args.members} members for {args.duration:g} s (at most {args.max_requests:,} requests), "
        + (f"pausing {args.think:g} s on average, " if args.think else "never pausing, ")
        + f"{args.claims:,}-claim desk, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )
    runs: dict[str, dict[str, object]] = {}
    for kind in kinds:
        if args.database_url:
            url = args.database_url
            prepare_desk(url, args.claims)
        else:
            url = sqlite_copy(args.data, args.claims, kind)
        create_members(url, names)
        desk = sample_desk(url, args.seed)
        runs[kind] = run_one(kind, url, desk, [n for n, _ in names], args, logs)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    if args.floor is not None or args.think:
        print("\n(--floor or --think: not the issue's members, so its targets are not checked)")
    elif "serve" in runs:
        print("\n### targets (claimdesk serve)\n")
        for name, ok in targets(runs["serve"], runs.get("dev")):
            print(f"- {'PASS' if ok else 'FAIL'}: {name}")


if __name__ == "__main__":
    main()

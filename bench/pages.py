"""Measure the desk's pages on demo desks of growing size: time, HTML size, SQL statements.

    python bench/pages.py                          # desks of 1,000, 100,000, 1,000,000 claims
    python bench/pages.py --sizes 1000 100000      # some of them
    python bench/pages.py --database-url postgresql+psycopg://…/bench --sizes 100000

Each desk is built once with `claimdesk demo-data` (SQLite: into --data, default
./bench-data, kept for the next run; PostgreSQL: into the given, empty database) and served
by the real app on a loopback port. Every page is requested --runs times (after one
warm-up) by a logged-in admin; the table gives, per page and desk size, the median time,
the HTML size, the SQL statements the request sent, and the ratio of the page's median to
the median of the raw SQL that fetches the same rows through the driver (the floor no page
can beat). Not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import orm

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from models import Claim, Role  # noqa: E402
from models.db import make_engine, make_session_factory, sqlite_url  # noqa: E402
from models.read import claims  # noqa: E402
from models.read.keyset import end_of  # noqa: E402
from models.services import accounts, tokens  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.db import database  # noqa: E402

PASSWORD = "harbour violet sextant quill"
TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass(frozen=True)
class Probe:
    """One page to time, and the raw SQL that fetches the same rows."""

    name: str
    path: Callable[[dict[str, object]], str]
    raw_sql: Callable[[dict[str, object]], str]


def _facts(engine: sa.Engine) -> dict[str, object]:
    """Ids the probes aim at: the busiest speaker, an article in the middle, and so on."""
    facts = _ids(engine)
    facts["dialect"] = engine.dialect.name
    return {**facts, **_cursors(engine, facts["deep_id"])}  # type: ignore[arg-type]


def _ids(engine: sa.Engine) -> dict[str, object]:
    with engine.connect() as connection:
        scalar = connection.scalar
        claims = scalar(sa.text("SELECT count(*) FROM claims")) or 0
        return {
            "claims": claims,
            "speaker": scalar(
                sa.text(
                    "SELECT speaker_id FROM claims WHERE speaker_id IS NOT NULL "
                    "GROUP BY speaker_id ORDER BY count(*) DESC LIMIT 1"
                )
            ),
            "article": scalar(sa.text("SELECT max(id) / 2 + 1 FROM articles")),
            "deep_id": scalar(
                sa.text(f"SELECT id FROM claims ORDER BY id LIMIT 1 OFFSET {int(claims * 0.9)}")
            ),
        }


def _cursors(engine: sa.Engine, deep_id: int | None) -> dict[str, object]:
    """The claim list's cursors the probes follow: at the claim 90% down, and past the end."""
    with orm.Session(engine) as session:
        deep = session.get(Claim, deep_id) if deep_id is not None else None
        return {
            "deep_cursor": claims.cursor_at_claim(deep).encode() if deep else "",
            "deep_position": (deep.article_id, deep.quote_start, deep.id) if deep else (0, 0, 0),
            "end_cursor": end_of(claims.ORDERS["position"]).encode(),
        }


CLAIM_COLUMNS = "c.id, c.summary, c.status, c.quote_exact, c.updated_at, a.title, s.name, r.label"
CLAIM_JOINS = (
    "FROM claims c JOIN articles a ON a.id = c.article_id "
    "LEFT JOIN speakers s ON s.id = c.speaker_id LEFT JOIN ratings r ON r.id = c.rating_id"
)


POSITION = "c.article_id, c.quote_start, c.id"  # the claim list's reading order


def _claims_sql(where: str = "", order: str = "c.id", limit: int = 50) -> Callable[..., str]:
    clause = f"WHERE {where}" if where else ""
    return lambda f: (
        f"SELECT {CLAIM_COLUMNS} {CLAIM_JOINS} {clause.format(**f)} ORDER BY {order} LIMIT {limit}"
    )


def _search_sql(word: str, limit: int = 50) -> Callable[..., str]:
    """The floor of a search: the newest claims holding `word`, read from the search index."""

    def sql(f: dict[str, object]) -> str:
        if f["dialect"] == "postgresql":
            join = "JOIN claims_fts x ON x.id = c.id"
            where = f"x.document @@ to_tsquery('simple', '{word}')"
            order = "x.id DESC"
        else:
            join = "JOIN claims_fts x ON x.rowid = c.id"
            where = f"claims_fts MATCH '{word}'"
            order = "x.rowid DESC"
        tail = f"WHERE {where} ORDER BY {order} LIMIT {limit}"
        return f"SELECT {CLAIM_COLUMNS} {CLAIM_JOINS} {join} {tail}"

    return sql


def _matching(word: str, f: dict[str, object]) -> str:
    if f["dialect"] == "postgresql":
        query = f"to_tsquery('simple', '{word}')"
        return f"c.id IN (SELECT id FROM claims_fts WHERE document @@ {query})"
    return f"c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH '{word}')"


PROBES = [
    Probe(
        "dashboard",
        lambda f: "/",
        lambda f: "SELECT id, title FROM articles ORDER BY id DESC LIMIT 12",
    ),
    Probe("claim list, page 1", lambda f: "/claims/", _claims_sql(order=POSITION)),
    Probe(
        "claim list, status=approved",
        lambda f: "/claims/?status=approved",
        _claims_sql("c.status = 'approved'", POSITION),
    ),
    Probe(
        "claim list, by article",
        lambda f: f"/claims/?article={f['article']}",
        _claims_sql("c.article_id = {article}", POSITION),
    ),
    Probe(
        "claim list, by speaker",
        lambda f: f"/claims/?speaker={f['speaker']}",
        _claims_sql("c.speaker_id = {speaker}", POSITION),
    ),
    Probe(
        "claim list, deep page",
        lambda f: f"/claims/?after={f['deep_cursor']}",
        _claims_sql("(c.article_id, c.quote_start, c.id) > {deep_position}", POSITION),
    ),
    Probe(
        "claim list, last page",
        lambda f: f"/claims/?before={f['end_cursor']}",
        _claims_sql(order="c.article_id DESC, c.quote_start DESC, c.id DESC"),
    ),
    Probe(
        "claim list, sort by status",
        lambda f: "/claims/?sort=status",
        _claims_sql(order="c.status, c.updated_at, c.id"),
    ),
    Probe(
        "claim list, sort by created",
        lambda f: "/claims/?sort=created",
        _claims_sql(order="c.id DESC"),
    ),
    Probe(
        "claim list, sort by updated",
        lambda f: "/claims/?sort=updated",
        _claims_sql(order="c.updated_at DESC, c.id DESC"),
    ),
    Probe(
        "search, rare word",
        lambda f: "/claims/?q=quokkanomics",
        _search_sql("quokkanomics"),
    ),
    Probe(
        "search, common word",
        lambda f: "/claims/?q=market",
        _search_sql("market"),
    ),
    Probe(
        "search, common word, reading order",
        lambda f: "/claims/?q=market&sort=position",
        lambda f: _claims_sql(_matching("market", f), POSITION)(f),
    ),
    Probe("search box, common word", lambda f: "/search/?q=market", _search_sql("market", 5)),
    Probe(
        "speaker page",
        lambda f: f"/speakers/{f['speaker']}",
        _claims_sql("c.speaker_id = {speaker}"),
    ),
    Probe(
        "article page",
        lambda f: f"/articles/{f['article']}",
        lambda f: f"SELECT body FROM articles WHERE id = {f['article']}",
    ),
    Probe("API claim list", lambda f: "/api/v1/claims?limit=50", _claims_sql()),
]


class Client:
    """A logged-in browser without a browser: cookies kept, redirects not followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.headers: dict[str, str] = {}

    def get(self, path: str) -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + path, headers=self.headers)
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def log_in(self, username: str) -> None:
        page = self.get("/login")[1].decode()
        token = TOKEN_RE.search(page)
        assert token, "no login form"
        data = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrf_token": token.group(1)}
        ).encode()
        self.opener.open(urllib.request.Request(self.base + "/login", data=data), timeout=60)


def _build(url: str, claims: int) -> None:
    env = {**os.environ, "CLAIMDESK_DATABASE_URL": url}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "webapp.cli", "demo-data", "--claims", str(claims)],
        env=env,
        check=True,
        cwd=ROOT,
    )
    print(f"  built {claims:,} claims in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _member(url: str) -> tuple[str, str]:
    """Make sure the bench's admin exists; return its username and an API token."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine, writes=True)() as session:
            user = accounts.get_user(session, "bench")
            if user is None:
                user = accounts.create_user(session, "bench", Role.ADMIN, PASSWORD, actor=None)
            _, secret = tokens.create_token(session, user, "bench", actor=user)
            session.commit()
    finally:
        engine.dispose()
    return "bench", secret


def _time_raw(engine: sa.Engine, sql: str, runs: int) -> float:
    times = []
    with engine.connect() as connection:
        connection.exec_driver_sql(sql).fetchall()
        for _ in range(runs):
            started = time.perf_counter()
            connection.exec_driver_sql(sql).fetchall()
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(url: str, runs: int) -> list[tuple[str, float, int, int, float, int]]:
    """Serve the desk at `url`; return (page, median s, bytes, statements, ratio, status)."""
    username, secret = _member(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    engine = database(app).engine
    statements = [0]
    sa.event.listen(
        engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1)
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    rows = []
    try:
        client = Client(f"http://127.0.0.1:{server.server_port}")
        client.log_in(username)
        api = Client(client.base)
        api.headers["Authorization"] = f"Bearer {secret}"
        facts = _facts(engine)
        for probe in PROBES:
            path = probe.path(facts)
            browser = api if path.startswith("/api/") else client
            status, body = browser.get(path)  # warm-up
            times = []
            for _ in range(runs):
                statements[0] = 0
                started = time.perf_counter()
                status, body = browser.get(path)
                times.append(time.perf_counter() - started)
            count = statements[0]
            page = statistics.median(times)
            raw = _time_raw(engine, probe.raw_sql(facts), runs)
            rows.append((probe.name, page, len(body), count, page / raw if raw else 0.0, status))
    finally:
        server.shutdown()
        server.server_close()
        database(app).dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data", type=Path, default=ROOT / "bench-data")
    parser.add_argument("--database-url", default=None, help="PostgreSQL: an empty database")
    args = parser.parse_args()
    results: dict[int, list[tuple[str, float, int, int, float, int]]] = {}
    for size in args.sizes:
        if args.database_url:
            url = args.database_url
            engine = make_engine(url)
            with engine.connect() as connection:
                has = sa.inspect(connection).has_table("claims") and connection.scalar(
                    sa.text("SELECT count(*) FROM claims")
                )
            engine.dispose()
            if not has:
                _build(url, size)
        else:
            args.data.mkdir(parents=True, exist_ok=True)
            path = args.data / f"desk-{size}.sqlite3"
            url = sqlite_url(path)
            if not path.exists():
                _build(url, size)
        print(f"measuring {size:,} claims …", file=sys.stderr)
        results[size] = measure(url, args.runs)
    sizes = list(results)
    header = ["page"] + [f"{s:,}: ms / KB / SQL / ×raw" for s in sizes]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for index, probe in enumerate(PROBES):
        cells = [probe.name]
        for size in sizes:
            _, median, size_bytes, count, ratio, status = results[size][index]
            flag = "" if status == 200 else f" ({status})"
            cells.append(
                f"{median * 1000:,.0f} / {size_bytes / 1024:,.0f} / {count} / {ratio:,.0f}{flag}"
            )
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

"""`claimdesk serve` as a real process: gunicorn, access logs, proxies, workers, stop."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa

from models import Claim, Role, User, migrate
from models.db import make_engine, sqlite_url
from models.services.seeding import default_seed_files

from ..tools import free_port
from .test_headers import EXPECTED

STARTUP_SECONDS = 60
STOP_SECONDS = 30


@dataclass
class Served:
    """A running `claimdesk serve`: its address, process and log files."""

    host: str
    port: int
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path
    output: dict[str, str] = field(default_factory=dict)

    def get(self, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        return response

    def log(self) -> str:
        return self.stderr.read_text()

    def worker_pids(self) -> list[int]:
        return [int(pid) for pid in re.findall(r"Booting worker with pid: (\d+)", self.log())]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMDESK_")}
    env.update(CLAIMDESK_SECRET_KEY="serve-test-secret", **extra)
    return env


def _start(database: str, tmp_path: Path, *args: str, **env: str) -> Served:
    port = free_port()
    stdout, stderr = tmp_path / "serve.out", tmp_path / "serve.err"
    command = [sys.executable, "-m", "webapp.cli", "serve", "--port", str(port), *args]
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            command,
            env=_env(CLAIMDESK_DATABASE_URL=database, **env),
            stdout=out,
            stderr=err,
            cwd=Path(__file__).resolve().parents[2],
        )
    return Served("127.0.0.1", port, process, stdout, stderr)


def _wait_until_answering(served: Served) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            served.get("/login")
            return
        except OSError:
            if served.process.poll() is not None:
                break
            time.sleep(0.2)
    served.process.kill()
    served.process.wait(timeout=STOP_SECONDS)
    pytest.fail(f"claimdesk serve did not answer:\n{served.log()}")


def _stop(served: Served) -> int:
    """Stop the server as systemd would (SIGTERM); return its exit status."""
    if served.process.poll() is None:
        served.process.send_signal(signal.SIGTERM)
    try:
        return served.process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait(timeout=STOP_SECONDS)
        pytest.fail(f"claimdesk serve did not stop within {STOP_SECONDS} s on SIGTERM")


@contextlib.contextmanager
def claimdesk_serve(database: str, tmp_path: Path, *args: str, **env: str) -> Iterator[Served]:
    """Run `claimdesk serve` on a free loopback port until it answers; stop it after."""
    served = _start(database, tmp_path, *args, **env)
    try:
        _wait_until_answering(served)
        yield served
    finally:
        served.output["status"] = str(_stop(served))
        served.output["stdout"] = served.stdout.read_text()
        served.output["stderr"] = served.log()


def test_serve_answers_logs_each_request_and_stops_cleanly(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "desk.sqlite3")
    with claimdesk_serve(url, tmp_path, "--workers", "2", "--threads", "2") as served:
        answer = served.get("/login", {"User-Agent": "serve-test"})
        missing = served.get("/static/no-such-file.css")
        workers = served.worker_pids()
    assert answer.status == 200
    assert missing.status == 404
    assert answer.getheader("Server") == "Claimdesk"  # no software name, no version
    assert len(answer.headers.get_all("Server") or []) == 1
    for name, value in EXPECTED.items():
        assert answer.getheader(name) == value, name
    assert len(workers) == 2
    out, err = served.output["stdout"], served.output["stderr"]
    assert re.search(
        r'^127\.0\.0\.1 - - \[.+\] "GET /login HTTP/1\.1" 200 \d+ \d+ms "serve-test"', out, re.M
    )
    assert re.search(r'"GET /static/no-such-file.css HTTP/1\.1" 404 ', out)
    assert "development server" not in (out + err).lower()
    assert "gunicorn" in err  # the production server's own start-up lines
    assert served.output["status"] == "0"  # SIGTERM: a graceful stop
    assert "Shutting down" in err


def test_the_first_run_prepares_the_database_once_for_every_worker(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "desk.sqlite3")
    with claimdesk_serve(url, tmp_path, "--workers", "3") as served:
        assert served.get("/login").status == 200
    err = served.output["stderr"]
    assert err.count("one-time password") == 1
    seeded = re.findall(r"^(\S+\.yaml): ", served.output["stdout"], re.M)
    assert sorted(seeded) == sorted(p.name for p in default_seed_files())  # each once
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            users = connection.execute(sa.select(User.username, User.role)).all()
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()
    assert [u for u in users if u.role == Role.ADMIN] == [("admin", Role.ADMIN)]


def test_servers_starting_together_on_an_empty_database_prepare_it_once(
    any_db_url: str, tmp_path: Path
) -> None:
    """A team's first deploy: three app servers start at once on one empty database.

    Each must answer; the schema is migrated once (the others wait for the migration
    lock, then find it done), the seed is loaded once, and there is one first admin.
    """
    folders = [tmp_path / f"server-{n}" for n in range(3)]
    for folder in folders:
        folder.mkdir()
    # no waiting in between; one worker each, as the race is in the masters' preparation
    servers = [_start(any_db_url, folder, "--workers", "1") for folder in folders]
    try:
        for served in servers:
            _wait_until_answering(served)
            assert served.get("/login").status == 200
    finally:
        statuses = [_stop(served) for served in servers]
    logs = [served.log() for served in servers]
    outputs = [served.stdout.read_text() for served in servers]
    assert statuses == [0, 0, 0], logs
    assert sum(log.count("one-time password") for log in logs) == 1
    seeded = re.findall(r"^(\S+\.yaml): ", "".join(outputs), re.M)
    assert sorted(seeded) == sorted(p.name for p in default_seed_files())  # each once
    engine = make_engine(any_db_url)
    try:
        with engine.connect() as connection:
            admins = connection.scalar(
                sa.select(sa.func.count()).select_from(User).where(User.role == Role.ADMIN)
            )
            twice = connection.execute(
                sa.select(Claim.article_id, Claim.quote_start, Claim.quote_end)
                .group_by(Claim.article_id, Claim.quote_start, Claim.quote_end)
                .having(sa.func.count() > 1)
            ).all()
            claims = connection.scalar(sa.select(sa.func.count()).select_from(Claim))
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()
    assert admins == 1
    assert claims and twice == []


def test_a_database_at_an_older_schema_is_refused(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "old.sqlite3")
    engine = make_engine(url)
    script = migrate.ScriptDirectory.from_config(migrate.alembic_config())
    older = script.get_revision(migrate.head_revision()).down_revision
    assert isinstance(older, str)
    migrate.upgrade(engine, older)
    engine.dispose()
    result = subprocess.run(
        [sys.executable, "-m", "webapp.cli", "serve", "--port", str(free_port())],
        env=_env(CLAIMDESK_DATABASE_URL=url),
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 1
    assert f"schema revision {older}" in result.stderr
    assert "claimdesk init" in result.stderr
    assert "Traceback" not in result.stderr
    engine = make_engine(url)
    try:
        assert migrate.current_revision(engine) == older  # nothing migrated behind its back
    finally:
        engine.dispose()


def test_an_address_in_use_is_one_clear_line_and_touches_nothing(tmp_path: Path) -> None:
    database = tmp_path / "never.sqlite3"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "webapp.cli", "serve", "--port", str(port)],
            env=_env(CLAIMDESK_DATABASE_URL=sqlite_url(database)),
            capture_output=True,
            text=True,
            timeout=STARTUP_SECONDS,
            cwd=Path(__file__).resolve().parents[2],
        )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use"
    )
    assert not database.exists()


@pytest.mark.parametrize(("proxies", "https"), [("0", False), ("1", True)])
def test_forwarded_headers_are_believed_only_from_trusted_proxies(
    tmp_path: Path, proxies: str, https: bool
) -> None:
    url = sqlite_url(tmp_path / "desk.sqlite3")
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    with claimdesk_serve(url, tmp_path, CLAIMDESK_TRUSTED_PROXIES=proxies) as served:
        answer = served.get("/login", forwarded)
    # gunicorn itself would believe X-Forwarded-Proto from 127.0.0.1; serve tells it not to.
    assert (answer.getheader("Strict-Transport-Security") is not None) is https
    assert ("Secure" in (answer.getheader("Set-Cookie") or "")) is https
    assert '"203.0.113.9"' in served.output["stdout"]  # the access log names the client


def test_a_killed_worker_is_replaced(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "desk.sqlite3")
    with claimdesk_serve(url, tmp_path, "--workers", "2") as served:
        first = served.worker_pids()
        os.kill(first[0], signal.SIGKILL)
        deadline = time.monotonic() + STARTUP_SECONDS
        while len(served.worker_pids()) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        replaced = served.worker_pids()
        answers = [served.get("/login").status for _ in range(6)]
    assert len(replaced) == 3, served.output
    assert answers == [200] * 6

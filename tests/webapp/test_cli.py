"""The `claimdesk` command: contract commands, and one clean line for every error."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from models import Claim, ClaimSuggestion, User, migrate
from models.db import make_engine, sqlite_url
from models.services import accounts


def test_init_then_seed_twice_is_idempotent(runner) -> None:
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "is at revision" in result.output
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert "34 claims" in first.output or "claims" in first.output
    second = runner.invoke(args=["seed"])
    assert second.exit_code == 0
    assert "nothing new" in second.output


def test_the_seeded_desk_shows_detection_suggestions_once(runner, engine) -> None:
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    found = re.search(r"claim detection: (\d+) suggested claims in 1 article\b", first.output)
    assert found and int(found.group(1)) > 0, first.output
    count = sa.select(sa.func.count()).select_from(ClaimSuggestion)
    with engine.connect() as connection:
        assert connection.scalar(count) == int(found.group(1))
        spans = connection.execute(
            sa.select(ClaimSuggestion.quote_start, ClaimSuggestion.quote_end, Claim.id)
            .join(Claim, Claim.article_id == ClaimSuggestion.article_id)
            .where(Claim.quote_start == ClaimSuggestion.quote_start)
        ).all()
        assert spans == []  # no suggestion repeats a claim the seed logged
    again = runner.invoke(args=["seed"])
    assert "claim detection" not in again.output
    with engine.connect() as connection:
        assert connection.scalar(count) == int(found.group(1))


def test_user_create_hashes_the_password(runner, engine) -> None:
    result = runner.invoke(
        args=["user", "create", "Mara", "--role", "editor", "--password-stdin"],
        input="a long password\n",
    )
    assert result.exit_code == 0, result.output
    with engine.connect() as connection:
        row = connection.execute(sa.select(User.username, User.role, User.password_hash)).one()
    assert row.username == "mara" and row.role.value == "editor"
    assert "a long password" not in row.password_hash
    assert check_password_hash(row.password_hash, "a long password")


def test_user_create_prompts_without_the_flag(runner) -> None:
    result = runner.invoke(
        args=["user", "create", "ines", "--role", "reviewer"], input="secret-words\nsecret-words\n"
    )
    assert result.exit_code == 0, result.output
    assert "created reviewer ines" in result.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ["user", "create", "bob", "--role", "boss", "--password-stdin"],
            "x" * 10,
            "unknown role 'boss'",
        ),
        (
            ["user", "create", "b", "--role", "editor", "--password-stdin"],
            "x" * 10,
            "a username is 2–40 characters",
        ),
        (
            ["user", "create", "bob", "--role", "editor", "--password-stdin"],
            "short",
            "at least 12 characters",
        ),
    ],
)
def test_bad_input_is_one_clean_line(runner, args, stdin, message) -> None:
    result = runner.invoke(args=args, input=stdin + "\n")
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_an_existing_username_is_refused(runner) -> None:
    args = ["user", "create", "bob", "--role", "editor", "--password-stdin"]
    assert runner.invoke(args=args, input="lantern mosaic plover\n").exit_code == 0
    result = runner.invoke(args=args, input="lantern mosaic plover\n")
    assert result.exit_code == 1 and "the username 'bob' is taken" in result.output


def test_a_database_refusal_is_one_clean_line(runner, monkeypatch) -> None:
    def refused(*_args, **_kwargs):
        raise sa.exc.IntegrityError(
            "INSERT", {}, Exception("UNIQUE constraint failed: users.username")
        )

    monkeypatch.setattr(accounts, "create_user", refused)
    args = ["user", "create", "bob", "--role", "editor", "--password-stdin"]
    result = runner.invoke(args=args, input="lantern mosaic plover\n")
    assert result.exit_code == 1
    assert "the database refused the change: UNIQUE constraint failed" in result.output
    assert "Traceback" not in result.output


def test_export_json_follows_the_contract(runner, tmp_path) -> None:
    assert runner.invoke(args=["seed"]).exit_code == 0
    out = tmp_path / "export.json"
    result = runner.invoke(args=["export", "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    [article] = data["articles"]
    assert set(article) >= {"id", "title", "url", "author", "published", "body", "claims"}
    assert article["published"] == "2023-12-12"
    assert len(article["claims"]) >= 28
    rated = 0
    for claim in article["claims"]:
        assert set(claim) >= {
            "id",
            "text",
            "summary",
            "speaker",
            "status",
            "rating",
            "quote",
            "sources",
        }
        quote = claim["quote"]
        assert article["body"][quote["start"] : quote["end"]] == quote["exact"]
        assert isinstance(claim["speaker"], str)
        for source in claim["sources"]:
            assert set(source) >= {"url", "title", "stance", "excerpt"}
            assert source["stance"] in {"supports", "refutes", "context"}
        rated += claim["rating"] is not None
    assert rated >= 4
    starts = [c["quote"]["start"] for c in article["claims"]]
    assert starts == sorted(starts)


def test_export_to_stdout(runner) -> None:
    runner.invoke(args=["seed"])
    result = runner.invoke(args=["export"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["articles"][0]["title"].startswith("What you need")


def _claimdesk(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from webapp.cli import main; main()", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=120,
    )


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMDESK_")}
    env.update(extra)
    return env


def test_an_unreachable_database_is_one_clean_line() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    env = _env(CLAIMDESK_DATABASE_URL=f"postgresql+psycopg://nobody@127.0.0.1:{port}/none")
    result = _claimdesk("init", env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: cannot use the database postgresql+psycopg://")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_malformed_database_url_is_one_clean_line() -> None:
    result = _claimdesk("init", env=_env(CLAIMDESK_DATABASE_URL="nonsense://x"))
    assert result.returncode == 1
    assert "the database URL is not valid" in result.stderr and "Traceback" not in result.stderr


def test_a_malformed_seed_file_names_its_line(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("article:\n  title: [unclosed\n", "utf-8")
    env = _env(CLAIMDESK_DATABASE_URL=sqlite_url(tmp_path / "x.sqlite3"))
    result = _claimdesk("seed", str(bad), env=env)
    assert result.returncode == 1
    assert re.search(r"bad\.yaml:\d+: malformed YAML", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    engine = make_engine(sqlite_url(tmp_path / "x.sqlite3"))
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(Claim)).scalar() == 0
    engine.dispose()


@contextlib.contextmanager
def claimdesk_run(database: Path) -> Iterator[tuple[str, list[str]]]:
    """Run `claimdesk run` on a free loopback port until it answers; yield its base URL.

    The list yielded with it receives the server's stderr once it has stopped.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = _env(CLAIMDESK_DATABASE_URL=sqlite_url(database))
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from webapp.cli import main; main()",
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base, stderr = f"http://127.0.0.1:{port}", []
    try:
        deadline = time.monotonic() + 60
        page = None
        while time.monotonic() < deadline and page is None:
            try:
                with urllib.request.urlopen(f"{base}/", timeout=2) as r:
                    page = r.read().decode()
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.3)
        assert page is not None, process.stderr.read() if process.poll() is not None else ""
        yield base, stderr
    finally:
        process.terminate()
        stderr.append(process.communicate(timeout=20)[1])


def test_run_prepares_an_empty_database_and_serves(tmp_path: Path) -> None:
    with claimdesk_run(tmp_path / "run.sqlite3") as (_, output):
        pass
    stderr = output[0]
    assert "one-time password" in stderr
    password = re.search(r"one-time password:\s+(\S+)", stderr).group(1)
    engine = make_engine(sqlite_url(tmp_path / "run.sqlite3"))
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(Claim)).scalar() >= 28
        hashed = connection.execute(
            sa.select(User.password_hash).where(User.username == "admin")
        ).scalar_one()
    engine.dispose()
    assert password not in hashed
    assert hashed.startswith("scrypt:")  # the real default, outside the test process


def test_demo_data_builds_a_desk_and_refuses_a_second(runner) -> None:
    result = runner.invoke(args=["demo-data", "--claims", "60", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "2 articles, 60 claims" in result.output
    again = runner.invoke(args=["demo-data", "--claims", "60"])
    assert again.exit_code == 1 and "already has articles or claims" in again.output


@pytest.mark.parametrize("command", ["init", "seed", "run", "serve", "export"])
def test_a_database_a_newer_claimdesk_upgraded_is_refused_by_every_command_that_uses_it(
    tmp_path: Path, command: str
) -> None:
    url = sqlite_url(tmp_path / "newer.sqlite3")
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        with engine.begin() as connection:  # what a newer Claimdesk's `init` leaves behind
            connection.execute(sa.text("UPDATE alembic_version SET version_num = 'f00dcafe9999'"))
        before = _dump(engine)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = str(s.getsockname()[1])
        extra = {"run": ["--port", port], "serve": ["--port", port], "export": ["--format", "json"]}
        args = [command, *extra.get(command, [])]
        result = _claimdesk(*args, env=_env(CLAIMDESK_DATABASE_URL=url))
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert "schema revision f00dcafe9999" in result.stderr
        assert "newer Claimdesk" in result.stderr and "claimdesk restore" in result.stderr
        assert "claimdesk init" not in result.stderr  # init cannot help here
        assert _dump(engine) == before  # nothing migrated, seeded or created
    finally:
        engine.dispose()


def _dump(engine: sa.Engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {
            table: [tuple(r) for r in connection.exec_driver_sql(f"SELECT * FROM {table}")]
            for table in sorted(sa.inspect(connection).get_table_names())
        }

"""Writing requests on SQLite: the write lock from the first statement, readers never blocked.

A request that may write (POST and friends) begins IMMEDIATE, so what it reads before
writing cannot be changed under it, and it never fails halfway with "database is
locked"; a reading request begins deferred and, under WAL, blocks no writer.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from models import Comment, Role
from models.db import make_engine, make_session_factory
from models.services import accounts
from webapp.db import get_session

from ..factories import PASSWORD, make_claim, make_user
from ..live import TOKEN_RE, Visitor, serve

VERSION_RE = re.compile(r'name="version"[^>]*value="(\d+)"')


def _file(app: Flask) -> str:
    database = sa.make_url(app.config["DATABASE_URL"]).database
    assert database
    return database


def _try_to_write(path: str) -> str:
    """From another connection, ask for the write lock without waiting; say what happened."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("CREATE TABLE IF NOT EXISTS lock_probe (x INTEGER)")
        other.execute("COMMIT")
        return "written"
    except sqlite3.OperationalError as exc:
        return str(exc)
    finally:
        other.close()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_writing_request_holds_the_write_lock_from_its_first_statement(
    app: Flask, method: str
) -> None:
    with app.test_request_context("/claims/1/comments", method=method):
        session = get_session()
        session.execute(sa.text("SELECT count(*) FROM claims"))  # a read, nothing written yet
        assert session.connection().exec_driver_sql("SELECT 1").scalar() == 1
        assert _try_to_write(_file(app)) == "database is locked"
        session.rollback()
        assert _try_to_write(_file(app)) == "written"  # released with the transaction


@pytest.mark.sqlite_only
def test_a_reading_request_blocks_no_writer_and_keeps_its_snapshot(app: Flask) -> None:
    with app.test_request_context("/claims/", method="GET"):
        session = get_session()
        before = session.execute(sa.text("SELECT count(*) FROM sqlite_master")).scalar()
        assert _try_to_write(_file(app)) == "written"  # a deferred BEGIN took no lock
        after = session.execute(sa.text("SELECT count(*) FROM sqlite_master")).scalar()
        assert after == before  # one consistent snapshot for the whole request
    with app.test_request_context("/claims/", method="GET"):
        fresh = get_session().execute(sa.text("SELECT count(*) FROM sqlite_master")).scalar()
        assert fresh == before + 1


@pytest.mark.sqlite_only
def test_savepoints_work_inside_an_immediate_transaction(app: Flask, session) -> None:
    claim = make_claim(session)
    author = make_user(session, Role.REVIEWER)
    session.commit()
    with app.test_request_context("/", method="POST"):
        writer = get_session()
        claim_id, author_id = claim.id, author.id
        with writer.begin_nested() as nested:
            writer.add(Comment(claim_id=claim_id, author_id=author_id, body="dropped"))
            writer.flush()
            nested.rollback()
        writer.add(Comment(claim_id=claim_id, author_id=author_id, body="kept"))
        writer.commit()
    session.rollback()
    bodies = session.scalars(sa.select(Comment.body).where(Comment.claim_id == claim.id)).all()
    assert bodies == ["kept"]


def _probe_write_lock(
    app: Flask, monkeypatch: pytest.MonkeyPatch, name: str, seen: list[tuple[str, str]]
) -> None:
    """Wrap accounts.<name>: each call first records whether another connection can write."""
    real = getattr(accounts, name)

    def probing(*args, **kwargs):
        seen.append((name, _try_to_write(_file(app))))
        return real(*args, **kwargs)

    monkeypatch.setattr(accounts, name, probing)


def _log_in(app: Flask, username: str):
    client = app.test_client()
    token = TOKEN_RE.search(client.get("/login").text)
    assert token
    form = {"username": username, "password": PASSWORD, "csrf_token": token.group(1)}
    return client, client.post("/login", data=form)


@pytest.mark.sqlite_only
def test_logging_in_holds_no_write_lock_while_the_password_is_checked(
    app: Flask, session, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = make_user(session, Role.REVIEWER)
    session.commit()
    during: list[tuple[str, str]] = []
    _probe_write_lock(app, monkeypatch, "check_password_hash", during)
    _, answer = _log_in(app, member.username)
    assert answer.status_code == 302
    # scrypt takes long, and many log in at once: other writers must not queue behind it
    assert during == [("check_password_hash", "written")]


@pytest.mark.sqlite_only
def test_changing_ones_password_holds_no_write_lock_while_scrypt_runs(
    app: Flask, session, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = make_user(session, Role.REVIEWER)
    session.commit()
    client, answer = _log_in(app, member.username)
    assert answer.status_code == 302
    during: list[tuple[str, str]] = []
    _probe_write_lock(app, monkeypatch, "check_password_hash", during)
    _probe_write_lock(app, monkeypatch, "generate_password_hash", during)
    token = TOKEN_RE.search(client.get("/account").text)
    assert token
    new = "plover mosaic tundra lantern"
    answer = client.post(
        "/account/password",
        data={"current": PASSWORD, "new": new, "confirm": new, "csrf_token": token.group(1)},
    )
    assert answer.status_code == 302
    assert during == [("check_password_hash", "written"), ("generate_password_hash", "written")]
    monkeypatch.undo()
    session.expire_all()
    assert accounts.authenticate(session, member.username, new) is not None


def _member_round(base: str, username: str, claim_id: int, rounds: int, start: threading.Barrier):
    """Log in, then read the claim page and write on it `rounds` times; return the statuses."""
    visitor = Visitor(base, timeout=60)
    assert visitor.log_in(username, PASSWORD).status == 302
    page = f"/claims/{claim_id}"
    answers: list[tuple[str, int, str]] = []
    start.wait(timeout=60)
    for n in range(rounds):
        shown = visitor.get(page)
        answers.append(("read", shown.status, shown.text))
        version = VERSION_RE.search(shown.text)
        assert version, "no version on the claim page"
        comment = visitor.post_form(
            f"{page}/comments", {"comment": f"{username} note {n}"}, token_from=page
        )
        answers.append(("comment", comment.status, comment.text))
        # read-then-write on the claim itself: the first wins, the rest are told it changed
        start_review = visitor.post_form(
            f"{page}/review", {"version": version.group(1)}, token_from=page
        )
        answers.append(("review", start_review.status, start_review.text))
    return answers


def test_concurrent_read_then_write_requests_never_fail(db_url: str, tmp_path: Path) -> None:
    members, rounds = 6, 5
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session:
        names = [make_user(session, Role.REVIEWER).username for _ in range(members)]
        claim_id = make_claim(session).id
        session.commit()
    from webapp import create_app
    from webapp.db import database

    app = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "test"})
    app.instance_path = str(tmp_path / "instance")
    start = threading.Barrier(members)
    try:
        with serve(app) as base, ThreadPoolExecutor(members) as pool:
            jobs = [
                pool.submit(_member_round, base, name, claim_id, rounds, start) for name in names
            ]
            answers = [answer for job in jobs for answer in job.result(timeout=300)]
    finally:
        database(app).dispose()
    failures = [(kind, status) for kind, status, _ in answers if status >= 500]
    assert failures == []
    assert not [kind for kind, _, text in answers if "database is locked" in text]
    statuses = Counter((kind, status) for kind, status, _ in answers)
    assert statuses[("read", 200)] == members * rounds
    assert statuses[("comment", 302)] == members * rounds  # every comment saved
    assert statuses[("review", 302)] == 1  # one review started; the others refused (409)
    assert statuses[("review", 409)] == members * rounds - 1
    with engine.connect() as connection:
        saved = connection.scalar(
            sa.select(sa.func.count()).select_from(Comment).where(Comment.claim_id == claim_id)
        )
    engine.dispose()
    assert saved == members * rounds

"""claimdesk copy-db: a demo desk moved to PostgreSQL and back, row for row, and still working."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import ApiToken, Claim, Comment, User, migrate
from models.db import make_engine, sqlite_url
from models.errors import Conflict, ValidationError
from models.ops.copy import copy_desk
from models.ops.tables import desk_sums, search_rows, tallies
from models.services import tokens
from tests.webapp.conftest import login

from .desk_data import ADMIN, fill_desk

DEMO_CLAIMS = 2_000


@pytest.fixture(scope="module")
def demo_desk(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> str:
    """A SQLite demo desk of 2,000 claims with a row in every table (see desk_data.py)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(sqlite_url(path))
    fill_desk(engine, DEMO_CLAIMS)
    engine.dispose()
    return sqlite_url(path)


def _sums(url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return desk_sums(connection), tallies(connection), search_rows(connection)
    finally:
        engine.dispose()


def _copy(source_url: str, target_url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(source_url)
    try:
        return copy_desk(engine, target_url, batch_rows=500)
    finally:
        engine.dispose()


def _the_app_works_on(url: str) -> None:
    """Log in, open the claim list and a search, and use the copied API token."""
    from webapp import create_app
    from webapp.db import database

    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "copy-test"})
    try:
        engine = database(app).engine
        with orm.Session(engine) as session:
            admin = session.scalars(sa.select(User).where(User.username == ADMIN)).one()
            claim = session.scalars(sa.select(Claim).order_by(Claim.id).limit(1)).one()
            word = max(re.findall(r"[^\W\d_]{4,}", claim.text), key=len)
        client = app.test_client()
        assert login(client, admin).status_code == 302  # the password hash came across
        listing = client.get("/claims/")
        assert listing.status_code == 200
        assert client.get(f"/claims/{claim.id}").status_code == 200
        found = client.get(f"/claims/?q={word}&ids={claim.id}")  # the search index was built
        assert found.status_code == 200 and f"/claims/{claim.id}" in found.get_data(as_text=True)
        missed = client.get(f"/claims/?q=zzzqqq{word}&ids={claim.id}")
        assert f"/claims/{claim.id}" not in missed.get_data(as_text=True)
        # a new row gets a fresh id (PostgreSQL's sequences were moved past the copied ids)
        with orm.Session(engine) as session, session.begin():
            admin = session.get(User, admin.id)
            _, secret = tokens.create_token(session, admin, "made on the copy", actor=admin)
            session.add(Comment(claim_id=claim.id, author_id=admin.id, body="on the copy"))
        with orm.Session(engine) as session:
            assert session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 2
        api = client.get("/api/v1/claims", headers={"Authorization": f"Bearer {secret}"})
        assert api.status_code == 200
    finally:
        database(app).dispose()


def test_a_demo_desk_copied_to_another_sqlite_file_matches_and_works(
    demo_desk: str, tmp_path: Path
) -> None:
    target = sqlite_url(tmp_path / "copy.sqlite3")
    report = _copy(demo_desk, target)
    assert report.sums["claims"].rows == DEMO_CLAIMS + 1  # and one on a replaced text
    assert report.rows == sum(s.rows for s in report.sums.values())
    assert _sums(target) == _sums(demo_desk)
    assert migrate.current_revision(make_engine(target)) == migrate.head_revision()
    _the_app_works_on(target)


@pytest.mark.postgres
def test_a_demo_desk_moves_to_postgresql_and_back_row_for_row(
    demo_desk: str, postgres_url: str, tmp_path: Path
) -> None:
    report = _copy(demo_desk, postgres_url)
    assert set(report.sums) >= {"claims", "claim_events", "desk_events", "api_tokens", "users"}
    original = _sums(demo_desk)
    assert _sums(postgres_url) == original  # rows, checksums, tallies, search documents
    back = sqlite_url(tmp_path / "back.sqlite3")
    _copy(postgres_url, back)
    assert _sums(back) == original
    _the_app_works_on(postgres_url)


def test_copy_db_refuses_a_target_that_is_not_empty(demo_desk: str, tmp_path: Path) -> None:
    target = sqlite_url(tmp_path / "used.sqlite3")
    engine = make_engine(target)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    engine.dispose()
    with pytest.raises(Conflict, match=r"is not empty \(1 table, e\.g\. notes"):
        _copy(demo_desk, target)
    with pytest.raises(ValidationError, match="the desk's own database"):
        _copy(demo_desk, demo_desk)
    with pytest.raises(ValidationError, match="not a valid database URL"):
        _copy(demo_desk, "nosuchdb://x")


def test_copy_db_refuses_a_source_behind_head(tmp_path: Path) -> None:
    old = sqlite_url(tmp_path / "old.sqlite3")
    engine = make_engine(old)
    migrate.upgrade(engine, "0009")
    engine.dispose()
    target = tmp_path / "copy.sqlite3"
    with pytest.raises(ValidationError, match="run claimdesk init"):
        _copy(old, sqlite_url(target))
    assert not target.exists()


def test_a_copy_that_fails_midway_leaves_the_target_empty(
    demo_desk: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.ops import copy as copying

    def broken(source, target):  # type: ignore[no-untyped-def]
        raise ValidationError("the copy does not match (forced for this test)")

    monkeypatch.setattr(copying, "_check", lambda src, dst, report: broken(src, dst))
    target = sqlite_url(tmp_path / "copy.sqlite3")
    with pytest.raises(ValidationError, match="forced for this test"):
        _copy(demo_desk, target)
    engine = make_engine(target)
    assert sa.inspect(engine).get_table_names() == []  # schema and rows rolled back together
    engine.dispose()


def test_copy_db_refuses_a_desk_with_a_table_it_does_not_know(
    tmp_path: Path, sqlite_template: Path
) -> None:
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(sqlite_url(path))
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE local_notes (id INTEGER PRIMARY KEY)")
    engine.dispose()
    with pytest.raises(ValidationError, match="does not know, so it cannot copy them: local_notes"):
        _copy(sqlite_url(path), sqlite_url(tmp_path / "copy.sqlite3"))

"""The claim list sends as many SQL statements on a desk of 600 claims as on one of 30:
plain, filtered, sorted, a later page, the last page and back. Pages by key and a capped
count make every view a fixed handful of statements; an OFFSET page or a lazy load per
row would make the larger desk's count grow.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import Claim, Role
from models.db import make_engine, sqlite_url
from models.demo import DemoSpec, build_demo_desk
from models.services import accounts
from webapp import create_app
from webapp.db import database

from ..factories import PASSWORD
from .conftest import login

SIZES = (30, 600)
PER_PAGE = 10  # so that the small desk has pages too

# what a member asks for: a fixed query string, or one read from the page before
VIEWS = [
    "/claims/",
    "/claims/?status=unreviewed",
    "/claims/?status=In+review&sort=updated",
    "/claims/?speaker={speaker}",
    "/claims/?speaker={speaker_name}",
    "/claims/?article={article}",
    "/claims/?rating=none&sort=status",
    "/claims/?assignee=me",
    "/claims/?assignee=none&sort=created",
    "/claims/?stance=refutes",
    "/claims/?q=market",
    "/claims/?status=bogus&speaker=Nobody",  # values dropped with a note
    "next of /claims/",
    "next of /claims/?sort=updated",
    "last of /claims/",
    "prev of last of /claims/",
    "last of /claims/?status=unreviewed",
    "next of /claims/?status=unreviewed&sort=status",
]


@pytest.fixture(scope="module")
def desks(tmp_path_factory, sqlite_template: Path) -> Iterator[dict[int, object]]:
    """A demo desk of each size in a fresh migrated file, served by its own app."""
    made = {}
    for size in SIZES:
        path = tmp_path_factory.mktemp(f"desk{size}") / "claimdesk.sqlite3"
        shutil.copyfile(sqlite_template, path)
        engine = make_engine(sqlite_url(path))
        build_demo_desk(engine, DemoSpec(claims=size, seed=3))
        with orm.Session(engine) as session, session.begin():
            accounts.create_user(session, "counter", Role.REVIEWER, PASSWORD)
            facts = {
                "speaker": session.scalar(
                    sa.select(Claim.speaker_id)
                    .where(Claim.speaker_id.is_not(None))
                    .group_by(Claim.speaker_id)
                    .order_by(sa.func.count().desc(), Claim.speaker_id)
                    .limit(1)
                ),
                "article": session.scalar(sa.select(sa.func.max(Claim.article_id))),
            }
            facts["speaker_name"] = session.scalar(
                sa.text("SELECT name FROM speakers WHERE id = :id"), {"id": facts["speaker"]}
            )
        engine.dispose()
        app = create_app({"TESTING": True, "DATABASE_URL": sqlite_url(path), "SECRET_KEY": "count"})
        app.config["CLAIMS_PER_PAGE"] = PER_PAGE
        made[size] = (app, facts)
    yield made
    for app, _ in made.values():
        database(app).dispose()


def _follow(client, view: str, facts: dict[str, object]) -> str:
    """Return the URL a view names: its own, or a pager link of the page it follows."""
    rel, _, rest = view.partition(" of ")
    if not rest:
        return view.format(**facts)
    page = client.get(_follow(client, rest, facts)).get_data(as_text=True)
    match = re.search(rf'rel="{rel}" href="([^"]+)"', page)
    assert match, f"no {rel} link on {rest}"
    return unescape(match.group(1))


def _statements(app, url: str) -> tuple[int, str]:
    """Request `url` as the member and return the statements it sent, and the page."""
    client = app.test_client()
    login(client, type("Member", (), {"username": "counter"}))
    counted: list[str] = []
    engine = database(app).engine

    def count(conn, cursor, statement, *args) -> None:
        counted.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, url
    return len(counted), response.get_data(as_text=True)


@pytest.mark.parametrize("view", VIEWS)
def test_the_claim_list_sends_as_many_statements_on_a_larger_desk(desks, view) -> None:
    counts = {}
    for size, (app, facts) in desks.items():
        client = app.test_client()
        login(client, type("Member", (), {"username": "counter"}))
        url = _follow(client, view, facts)
        counts[size], page = _statements(app, url)
        assert re.search(r'<td><a href="/claims/\d+">', page) or "No claim matches" in page
    assert counts[SIZES[0]] == counts[SIZES[1]], counts
    # the member's session and inbox count, a name or id looked up, the page, and the
    # count: the withdrawn ids, those the filter keeps, the filter's own index
    assert counts[SIZES[1]] <= 9, counts

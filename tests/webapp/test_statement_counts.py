"""Every list and detail page sends as many SQL statements on a large desk as on a small one.

Two demo desks (models/demo.py: 60 and 1,200 claims, the same 2,000 speakers and 24
members) are built into fresh migrated SQLite files and served by the real app; a
logged-in admin (the API: an admin's token) opens each page of PAGES on both, while a
`before_cursor_execute` listener on the app's engine counts what the request sends. A
page whose count differs between the desks reads row by row somewhere (a lazy load, a
query per article): it would send thousands at a million claims. Each page must also
stay under 150 KB, which no page that embeds the whole desk does.

A new page is one more row in PAGES.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from models import Role
from models.db import make_engine, make_session_factory, sqlite_url
from models.demo import DemoSpec, build_demo_desk
from models.services import accounts, tokens

from ..factories import PASSWORD

SMALL, LARGE = 60, 1_200
HTML_MAX = 150 * 1024
TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

# Each page by name: its path, with {article}, {claim}, {source}, {speaker} and {member}
# filled from the desk at hand (the busiest speaker, the most cited source, the newest
# approved claim).
PAGES: dict[str, str] = {
    "dashboard": "/",
    "dashboard, my queue in one article": "/?article={article}",
    "article list": "/articles/",
    "article page": "/articles/{article}",
    "article page, a claim just logged": "/articles/{article}?logged={claim}",
    "new claim in an article": "/articles/{article}/claims/new",
    "claim list": "/claims/",
    "claim list, filtered": "/claims/?status=approved&speaker={speaker}",
    "claim page": "/claims/{claim}",
    "source list": "/sources/",
    "source page": "/sources/{source}",
    "speaker list": "/speakers/",
    "speaker page": "/speakers/{speaker}",
    "users": "/users/",
    "a member": "/users/{member}",
    "account": "/account",
    "API tokens": "/account/tokens",
    "inbox": "/inbox/",
    "report preview, an article": "/reports/preview?article={article}",
    "report preview, the desk": "/reports/preview",
    "lookup": "/lookup/speakers?q=ada",
    "API articles": "/api/v1/articles",
    "API article": "/api/v1/articles/{article}",
    "API claims": "/api/v1/claims",
    "API claim": "/api/v1/claims/{claim}",
    "API sources": "/api/v1/sources",
    "API source": "/api/v1/sources/{source}",
    "API speakers": "/api/v1/speakers",
    "API speaker": "/api/v1/speakers/{speaker}",
    "API inbox": "/api/v1/inbox",
    "withdrawn claims": "/withdrawn/?kind=claims",
    "withdrawn articles": "/withdrawn/?kind=articles",
    "withdrawn sources": "/withdrawn/?kind=sources",
    "withdraw a claim": "/withdrawn/claims/{claim}",
}


@dataclass
class Visit:
    """What one request of a page cost: statements, bytes, status."""

    statements: int
    size: int
    status: int


def _facts(engine: sa.Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        scalar = connection.scalar
        return {
            "article": scalar(sa.text("SELECT max(id) / 2 + 1 FROM articles")),
            # a claim in the same state on both desks: its history names the same kinds of
            # things (members, a verdict), each looked up once
            "claim": scalar(sa.text("SELECT max(id) FROM claims WHERE status = 'approved'")),
            "speaker": scalar(
                sa.text(
                    "SELECT speaker_id FROM claims WHERE speaker_id IS NOT NULL "
                    "GROUP BY speaker_id ORDER BY count(*) DESC, speaker_id LIMIT 1"
                )
            ),
            "source": scalar(
                sa.text(
                    "SELECT source_id FROM claim_sources GROUP BY source_id "
                    "ORDER BY count(*) DESC, source_id LIMIT 1"
                )
            ),
            "member": scalar(sa.text("SELECT min(id) FROM users WHERE username LIKE 'demo%'")),
        }


def _visit_all(path: Path, claims: int) -> dict[str, Visit]:
    """Build a demo desk of `claims` at `path`, serve it, and visit every page once."""
    from webapp import create_app
    from webapp.db import database

    url = sqlite_url(path)
    engine = make_engine(url)
    build_demo_desk(engine, DemoSpec(claims=claims, seed=7))
    with make_session_factory(engine, writes=True)() as session:
        admin = accounts.create_user(session, "counter", Role.ADMIN, PASSWORD, actor=None)
        _, secret = tokens.create_token(session, admin, "counts", actor=admin)
        # some claims withdrawn (as many more on the larger desk), for the withdrawn view
        session.execute(
            sa.text(
                "UPDATE claims SET withdrawn_at = created_at, withdrawn_by_id = :admin, "
                "withdrawn_reason = 'counted' WHERE status = 'unreviewed' AND id % 7 = 0"
            ),
            {"admin": admin.id},
        )
        session.commit()
    facts = _facts(engine)
    engine.dispose()

    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "counts"})
    statements = [0]

    def count(*args: Any) -> None:
        statements[0] += 1

    sa.event.listen(database(app).engine, "before_cursor_execute", count)
    client = app.test_client()
    token = TOKEN_RE.search(client.get("/login").get_data(as_text=True))
    assert token
    login = {"username": "counter", "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=login).status_code == 302
    visits = {}
    try:
        for name, page in PAGES.items():
            headers = {"Authorization": f"Bearer {secret}"} if page.startswith("/api/") else {}
            statements[0] = 0
            response = client.get(page.format(**facts), headers=headers)
            visits[name] = Visit(statements[0], len(response.get_data()), response.status_code)
    finally:
        database(app).dispose()
    return visits


@pytest.fixture(scope="module")
def visits(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[dict[int, dict[str, Visit]]]:
    """Every page visited on the small and on the large desk."""
    folder = tmp_path_factory.mktemp("counts")
    measured = {}
    for claims in (SMALL, LARGE):
        path = folder / f"desk-{claims}.sqlite3"
        shutil.copyfile(sqlite_template, path)
        measured[claims] = _visit_all(path, claims)
    yield measured


@pytest.mark.parametrize("page", list(PAGES))
def test_a_page_sends_as_many_statements_on_a_larger_desk(visits, page: str) -> None:
    small, large = visits[SMALL][page], visits[LARGE][page]
    assert small.status == large.status == 200, (small, large)
    assert large.statements == small.statements, (
        f"{page}: {small.statements} statements at {SMALL} claims, {large.statements} at {LARGE}"
    )


@pytest.mark.parametrize("page", list(PAGES))
def test_no_page_embeds_the_whole_desk(visits, page: str) -> None:
    if page == "report preview, the desk":
        pytest.skip("the report of the whole desk is the whole desk, by design")
    assert visits[LARGE][page].size <= HTML_MAX, f"{page}: {visits[LARGE][page].size} bytes"

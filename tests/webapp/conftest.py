"""Web-test helpers: members of each role, logging in, and CSRF tokens from real pages.

CSRF protection stays on in the tests: every POST carries the token a real page gave.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import orm

from models import Role

from ..conftest import expect_seeded
from ..factories import PASSWORD, make_user

TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    """Return the CSRF token of the client's session, read from a real form."""
    page = client.get(path).get_data(as_text=True)
    match = TOKEN_RE.search(page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, user, password: str = PASSWORD):
    """Log `user` in through the login form; return the response."""
    token = csrf_token(client, "/login")
    return client.post(
        "/login", data={"username": user.username, "password": password, "csrf_token": token}
    )


def post(client, path: str, data: dict | None = None, *, token_from: str = "/account", **kw):
    """POST a form the way a browser would: with the session's CSRF token."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client, token_from))
    return client.post(path, data=data, **kw)


@pytest.fixture
def members(session: orm.Session) -> SimpleNamespace:
    """One committed member per role, plus a second reviewer."""
    people = SimpleNamespace(
        admin=make_user(session, Role.ADMIN, username="ada", display_name="Ada Admin"),
        editor=make_user(session, Role.EDITOR, username="eddie", display_name="Eddie Editor"),
        reviewer=make_user(session, Role.REVIEWER, username="rita", display_name="Rita Reviewer"),
        reviewer2=make_user(session, Role.REVIEWER, username="rory", display_name="Rory Reviewer"),
    )
    session.commit()
    return people


@pytest.fixture
def seeded(session: orm.Session) -> orm.Session:
    """The seed fact-check, committed (the database is a copy of one seeded once)."""
    return expect_seeded(session)


@pytest.fixture
def as_role(client, members):
    """Log the client in as the member of the given role name; return the member."""

    def log_in(role: str):
        user = getattr(members, role)
        response = login(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return log_in

"""Several app servers on one database: what docs/deploy.md promises about them.

A load balancer may send a member's requests to any server: a login made on one must hold
on the others, which takes nothing but the same secret key (sessions are signed cookies,
the rest is in the database).
"""

from __future__ import annotations

from flask import Flask

from models import Role
from models.db import make_engine, make_session_factory
from webapp import create_app
from webapp.db import database

from ..factories import PASSWORD, make_user
from ..live import TOKEN_RE


def _member(db_url: str) -> str:
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session:
        name = make_user(session, Role.REVIEWER).username
        session.commit()
    engine.dispose()
    return name


def _log_in(app: Flask, username: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    token = TOKEN_RE.search(client.get("/login").text)
    assert token
    answer = client.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert answer.status_code == 302
    return client


def test_a_login_on_one_server_holds_on_another_with_the_same_secret(db_url: str) -> None:
    username = _member(db_url)
    one = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "shared-secret"})
    two = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "shared-secret"})
    other = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "another-secret"})
    try:
        cookie = _log_in(one, username).get_cookie("session")
        assert cookie is not None
        for app, status in ((two, 200), (other, 302)):
            client = app.test_client()
            client.set_cookie("session", cookie.value)
            answer = client.get("/claims/")
            assert answer.status_code == status
            if status == 302:  # a server with another secret key sends the member to log in
                assert answer.location.startswith("/login")
    finally:
        for app in (one, two, other):
            database(app).dispose()

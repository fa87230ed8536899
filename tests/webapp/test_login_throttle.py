"""Login throttling: per account and per address, 429 with Retry-After, no hashing once
throttled, the same answer for unknown and known usernames, counters shared by processes.
"""

from __future__ import annotations

import sqlalchemy as sa

from models import ThrottleCounter
from models.services import accounts
from webapp import create_app
from webapp.db import database

from ..factories import PASSWORD
from .conftest import login, post


def _attempt(client, username: str, password: str = "not the password"):
    return post(client, "/login", {"username": username, "password": password}, token_from="/login")


def test_an_account_is_throttled_after_repeated_failures(app, client, members) -> None:
    for _ in range(5):
        assert _attempt(client, "rita").status_code == 401
    response = _attempt(client, "rita")
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 61  # the rest of the minute
    assert "Too many failed logins" in response.get_data(as_text=True)
    # even the right password waits: the guesser learns nothing more
    assert _attempt(client, "rita", PASSWORD).status_code == 429
    # another member is not held up by Rita's throttle (from another address)
    other = app.test_client()
    response = other.post(
        "/login",
        data={"username": "rory", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert response.status_code in (302, 400)  # 400: no CSRF token in this bare post


def test_unknown_and_known_usernames_are_answered_alike(client, members) -> None:
    answers = {}
    for name in ("rita", "nobody-here"):
        statuses = [_attempt(client, name).status_code for _ in range(6)]
        answers[name] = statuses
    assert answers["rita"] == answers["nobody-here"] == [401] * 5 + [429]


def test_successful_logins_are_not_counted(client, members) -> None:
    for _ in range(8):
        assert login(client, members.reviewer).status_code == 302
        post(client, "/logout")
    assert _attempt(client, "rita").status_code == 401


def test_a_throttled_attempt_costs_no_password_hash(client, members, monkeypatch) -> None:
    hashed = []
    real = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash", lambda *a: hashed.append(1) or real(*a))
    for _ in range(5):
        _attempt(client, "rita")
    assert len(hashed) == 5
    for _ in range(20):
        assert _attempt(client, "rita").status_code == 429
    assert len(hashed) == 5


def test_one_address_trying_many_accounts_is_throttled(app, client, members) -> None:
    app.config["LOGIN_LIMITS_PER_ADDRESS"] = "4 per minute"
    statuses = [_attempt(client, f"guess{n}").status_code for n in range(5)]
    assert statuses == [401] * 4 + [429]


def test_the_counters_are_shared_by_every_server_process(app, client, members, db_url) -> None:
    """A second app on the same database (another worker) sees the first one's count."""
    other = create_app({"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "test-secret"})
    try:
        second = other.test_client()
        for _ in range(3):
            assert _attempt(client, "rita").status_code == 401
        for _ in range(2):
            assert _attempt(second, "rita").status_code == 401
        assert _attempt(client, "rita").status_code == 429
        assert _attempt(second, "rita").status_code == 429
        with database(app).engine.connect() as connection:
            keys = connection.scalars(sa.select(ThrottleCounter.key)).all()
        assert any("account:rita" in key for key in keys)
    finally:
        database(other).dispose()

"""Login sessions end when they should: logout, password change, reset, deactivation, time.

A session cookie names the member and their session epoch; each of those events raises
the epoch, so the cookie stops working on every device, copies included.
"""

from __future__ import annotations

import pytest

from models.services import accounts, tokens
from webapp import security

from ..factories import PASSWORD
from .conftest import login, post

NEW_PASSWORD = "plover mosaic tundra lantern"


def _copy_session(source, target) -> None:
    cookie = source.get_cookie("session")
    assert cookie is not None
    target.set_cookie("session", cookie.value)


def _logged_in(client) -> bool:
    return client.get("/").status_code == 200


def test_a_cookie_copied_before_logout_stops_working(app, client, members) -> None:
    login(client, members.reviewer)
    thief = app.test_client()
    _copy_session(client, thief)
    assert _logged_in(thief)
    post(client, "/logout")
    assert not _logged_in(client)
    assert not _logged_in(thief)  # the copy was issued in the ended epoch


def test_a_password_change_ends_the_members_other_sessions(app, client, members) -> None:
    login(client, members.reviewer)
    laptop = app.test_client()
    login(laptop, members.reviewer)
    response = post(
        client,
        "/account/password",
        {"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _logged_in(client)  # the session that changed it goes on
    assert not _logged_in(laptop)
    assert login(laptop, members.reviewer, password=NEW_PASSWORD).status_code == 302


def test_deactivation_ends_sessions_and_revokes_tokens_for_good(
    app, client, members, session
) -> None:
    token, secret = tokens.create_token(session, members.reviewer, "cms", actor=None)
    session.commit()
    reviewer = app.test_client()
    login(reviewer, members.reviewer)
    cookie = reviewer.get_cookie("session").value

    login(client, members.admin)
    form = {"display_name": "Rita Reviewer", "role": "reviewer", "version": "1"}
    assert post(client, f"/users/{members.reviewer.id}", form).status_code == 302  # inactive
    assert not _logged_in(reviewer)
    form.update(active="y", version="2")
    assert post(client, f"/users/{members.reviewer.id}", form).status_code == 302  # active again

    # reactivated: the old cookie and the old token stay dead; a new login works
    revived = app.test_client()
    revived.set_cookie("session", cookie)
    assert not _logged_in(revived)
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/articles", headers=headers).status_code == 401
    session.expire_all()
    assert session.get(type(token), token.id).revoked_by_id == members.admin.id
    assert login(revived, members.reviewer).status_code == 302


@pytest.mark.parametrize(
    ("idle", "after", "still_in"),
    [
        (600, [600], True),  # ten minutes away
        (600, [8 * 3600 + 1], False),  # past the idle timeout
        (600, [7 * 3600] * 4, False),  # busy all day, but past the absolute limit
    ],
)
def test_sessions_expire_when_idle_and_after_a_maximum_age(
    app, client, members, monkeypatch, idle, after, still_in
) -> None:
    now = [1_800_000_000.0]
    monkeypatch.setattr(security, "_clock", lambda: now[0])
    login(client, members.reviewer)
    assert _logged_in(client)
    for step in after:
        now[0] += step
        answer = client.get("/")
    assert (answer.status_code == 200) is still_in
    if not still_in:
        assert answer.location.startswith("/login")
        assert "Your session has ended" in client.get("/login").get_data(as_text=True)


def test_the_session_cookie_has_a_lifetime(app, client, members) -> None:
    login(client, members.reviewer)
    cookie = client.get_cookie("session")
    assert cookie.expires is not None
    assert cookie.http_only and cookie.same_site == "Lax"


def test_a_session_without_its_epoch_is_refused(app, client, members) -> None:
    """A cookie naming only the member id (as before epochs) opens nothing."""
    with app.test_request_context():
        assert security._load_user(str(members.reviewer.id)) is None
        assert security._load_user(f"{members.reviewer.id}:0") is not None
        assert security._load_user(f"{members.reviewer.id}:1") is None
        assert security._load_user("１:0") is None  # full-width digit


def test_end_sessions_raises_the_epoch(session, members) -> None:
    before = members.reviewer.session_epoch
    accounts.end_sessions(members.reviewer)
    assert members.reviewer.session_epoch == before + 1


def test_a_password_change_is_refused_if_the_sessions_end_while_it_is_hashed(
    app, client, members, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new hash is computed before the writing transaction; a logout everywhere (or a
    deactivation) that lands in between wins, and the old password stays."""
    from models import User
    from webapp.db import database

    login(client, members.reviewer)
    real_hash = accounts.hash_password

    def hash_while_another_device_logs_out(password: str) -> str:
        with database(app).write_sessions() as other:
            member = other.get(User, members.reviewer.id)
            assert member is not None
            accounts.end_sessions(member)
            other.commit()
        return real_hash(password)

    monkeypatch.setattr(accounts, "hash_password", hash_while_another_device_logs_out)
    response = post(
        client,
        "/account/password",
        {"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert "Your password was not changed" in client.get("/login").text
    monkeypatch.undo()
    fresh = app.test_client()
    assert login(fresh, members.reviewer, password=NEW_PASSWORD).status_code != 302
    assert login(fresh, members.reviewer).status_code == 302

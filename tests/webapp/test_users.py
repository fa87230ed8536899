"""The users pages: only admins manage members; the desk always keeps an active admin."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import Role, User

from ..factories import PASSWORD, make_claim
from .conftest import login, post


def _user(session, username: str) -> User | None:
    session.expire_all()
    return session.scalar(sa.select(User).where(User.username == username))


def _count(session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(User))


def _new_user(**overrides) -> dict:
    data = {
        "username": "Nadia.K",
        "display_name": "Nadia Kowalski",
        "role": "editor",
        "password": "a long first password",
        "confirm": "a long first password",
    }
    data.update(overrides)
    return data


def test_the_list_shows_every_member_with_their_assigned_claims(
    client, members, session, as_role
) -> None:
    claim = make_claim(session)
    claim.assignee = members.reviewer
    members.reviewer2.active = False
    session.commit()
    as_role("admin")

    page = client.get("/users/").get_data(as_text=True)

    for user in (members.admin, members.editor, members.reviewer, members.reviewer2):
        assert f"<code>{user.username}</code>" in page and user.display_name in page
    rita = page[page.index("<code>rita</code>") :].split("</tr>")[0]
    assert "reviewer" in rita and "Yes" in rita and rita.rstrip().endswith("1</td>")
    rory = page[page.index("<code>rory</code>") :].split("</tr>")[0]
    assert "cannot log in" in rory and rory.rstrip().endswith("0</td>")
    assert "<time" in rita  # the created date


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_non_admins_get_a_page_naming_the_admin_role(client, members, as_role, role) -> None:
    as_role(role)
    paths = ["/users/", "/users/new", f"/users/{members.reviewer.id}"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "you need the admin role" in response.get_data(as_text=True)
    # No link to the users pages either.
    assert 'href="/users/"' not in client.get("/").get_data(as_text=True)


def test_an_admin_creates_a_member_who_can_log_in(client, members, session, as_role) -> None:
    as_role("admin")
    response = post(client, "/users/new", _new_user(), token_from="/users/new")
    assert response.status_code == 302 and response.location == "/users/"
    assert "Nadia Kowalski (nadia.k) can now log in" in client.get("/users/").get_data(as_text=True)

    nadia = _user(session, "nadia.k")
    assert nadia.role is Role.EDITOR and nadia.active
    assert "a long first password" not in nadia.password_hash
    post(client, "/logout")
    response = login(client, nadia, password="a long first password")
    assert response.status_code == 302 and response.location == "/account"
    # The admin knows this password: the desk waits until Nadia has chosen her own.
    blocked = client.get("/sources/new")
    assert blocked.status_code == 302 and blocked.location == "/account"
    assert "Choose your own password" in client.get("/account").get_data(as_text=True)
    new = "plover mosaic tundra lantern"
    form = {"current": "a long first password", "new": new, "confirm": new}
    response = post(client, "/account/password", form)
    assert response.status_code == 302
    assert client.get("/sources/new").status_code == 200  # an editor's page
    assert _user(session, "nadia.k").must_change_password is False


@pytest.mark.parametrize(
    ("overrides", "field", "message", "status"),
    [
        ({"username": "rita"}, "username", "is taken", 409),
        ({"username": "no spaces please"}, "username", "a username is 2–40 characters", 422),
        ({"username": ""}, "username", "This field is required.", 422),
        ({"password": "short", "confirm": "short"}, "password", "at least 12 characters", 422),
        ({"confirm": "something else"}, "confirm", "Does not match.", 422),
        ({"role": "owner"}, "role", "Not a valid choice", 422),
    ],
)
def test_bad_new_user_input_keeps_the_typed_text_and_changes_nothing(
    client, members, session, as_role, overrides, field, message, status
) -> None:
    as_role("admin")
    before = _count(session)
    response = post(client, "/users/new", _new_user(**overrides), token_from="/users/new")
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert f'id="{field}-errors"' in page and message in page
    assert 'value="Nadia Kowalski"' in page
    assert _count(session) == before


def test_an_admin_changes_a_members_name_role_and_active_flag(
    client, members, session, as_role
) -> None:
    as_role("admin")
    page = client.get(f"/users/{members.reviewer.id}").get_data(as_text=True)
    assert 'value="Rita Reviewer"' in page and '<option selected value="reviewer">' in page

    response = post(
        client,
        f"/users/{members.reviewer.id}",
        {"display_name": "Rita R.", "role": "editor", "active": "y", "version": "1"},
        token_from=f"/users/{members.reviewer.id}",
    )
    assert response.status_code == 302 and response.location == "/users/"
    rita = _user(session, "rita")
    assert rita.display_name == "Rita R." and rita.role is Role.EDITOR and rita.active


def test_a_deactivated_member_cannot_log_in_and_is_logged_out(
    client, app, members, session, as_role
) -> None:
    # Rita is logged in on her own browser when the admin deactivates her.
    rita_browser = app.test_client()
    assert login(rita_browser, members.reviewer).status_code == 302
    assert rita_browser.get("/").status_code == 200

    as_role("admin")
    response = post(
        client,
        f"/users/{members.reviewer.id}",
        {"display_name": "Rita Reviewer", "role": "reviewer", "version": "1"},  # unticked: inactive
        token_from=f"/users/{members.reviewer.id}",
    )
    assert response.status_code == 302
    assert _user(session, "rita").active is False

    assert rita_browser.get("/").status_code == 302
    fresh = app.test_client()
    assert login(fresh, members.reviewer).status_code == 401


@pytest.mark.parametrize(
    "change",
    [
        {"display_name": "Ada Admin", "role": "editor", "active": "y", "version": "1"},
        {"display_name": "Ada Admin", "role": "admin", "version": "1"},  # deactivating herself
    ],
    ids=["demote", "deactivate"],
)
def test_the_last_active_admin_cannot_be_demoted_or_deactivated(
    client, members, session, as_role, change
) -> None:
    as_role("admin")
    response = post(
        client, f"/users/{members.admin.id}", change, token_from=f"/users/{members.admin.id}"
    )
    assert response.status_code == 409
    assert "the desk needs at least one active admin" in response.get_data(as_text=True)
    ada = _user(session, "ada")
    assert ada.role is Role.ADMIN and ada.active
    assert client.get("/users/").status_code == 200  # still an admin


def test_an_admin_may_step_down_when_another_admin_remains(
    client, members, session, as_role
) -> None:
    members.editor.role = Role.ADMIN
    session.commit()
    as_role("admin")
    response = post(
        client,
        f"/users/{members.admin.id}",
        {"display_name": "Ada", "role": "editor", "active": "y", "version": "1"},
        token_from=f"/users/{members.admin.id}",
    )
    # She may no longer see the users pages, so she lands on the dashboard.
    assert response.status_code == 302 and response.location == "/"
    assert _user(session, "ada").role is Role.EDITOR
    assert client.get("/users/").status_code == 403


def test_an_empty_display_name_is_refused(client, members, session, as_role) -> None:
    as_role("admin")
    response = post(
        client,
        f"/users/{members.editor.id}",
        {"display_name": "  ", "role": "reviewer", "active": "y", "version": "1"},
        token_from=f"/users/{members.editor.id}",
    )
    assert response.status_code == 422
    assert 'id="display_name-errors"' in response.get_data(as_text=True)
    eddie = _user(session, "eddie")
    assert eddie.display_name == "Eddie Editor" and eddie.role is Role.EDITOR


def test_an_admin_resets_a_members_password(client, app, members, session, as_role) -> None:
    editors_browser = app.test_client()
    assert login(editors_browser, members.editor).status_code == 302
    as_role("admin")
    path = f"/users/{members.editor.id}/password"
    response = post(
        client,
        path,
        {"password": "short", "confirm": "short"},
        token_from=f"/users/{members.editor.id}",
    )
    assert response.status_code == 422
    assert "at least 12 characters" in response.get_data(as_text=True)

    response = post(
        client,
        path,
        {"password": "fresh start words", "confirm": "fresh start words"},
        token_from=f"/users/{members.editor.id}",
    )
    assert response.status_code == 302 and response.location == f"/users/{members.editor.id}"

    # the editor's open session has ended; the new password works once, to choose another
    assert editors_browser.get("/").status_code == 302
    other = app.test_client()
    assert login(other, members.editor, password=PASSWORD).status_code == 401
    response = login(other, members.editor, password="fresh start words")
    assert response.status_code == 302 and response.location == "/account"
    assert other.get("/claims/").location == "/account"


def test_a_missing_user_is_404(client, members, as_role) -> None:
    as_role("admin")
    assert client.get("/users/9999").status_code == 404


def test_user_forms_without_a_csrf_token_are_refused(client, members, session, as_role) -> None:
    as_role("admin")
    before = _count(session)
    assert client.post("/users/new", data=_new_user()).status_code == 400
    response = client.post(
        f"/users/{members.reviewer.id}", data={"display_name": "X", "role": "admin", "active": "y"}
    )
    assert response.status_code == 400
    response = client.post(
        f"/users/{members.reviewer.id}/password",
        data={"password": "p" * 12, "confirm": "p" * 12, "csrf_token": "forged"},
    )
    assert response.status_code == 400
    assert _count(session) == before
    rita = _user(session, "rita")
    assert rita.role is Role.REVIEWER and rita.display_name == "Rita Reviewer"
    other_login = login(client.application.test_client(), members.reviewer)
    assert other_login.status_code == 302  # her password is unchanged

"""Logging in and out; anonymous visitors see only the login page."""

from __future__ import annotations

import pytest

from .conftest import csrf_token, login, post


@pytest.mark.parametrize(
    "path", ["/", "/articles/", "/claims/", "/sources/", "/speakers/", "/users/", "/account"]
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_login_page_uses_plain_words(client) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert ">Username</label>" in page and ">Password</label>" in page
    assert 'value="Log in"' in page


def test_login_and_logout(client, members) -> None:
    response = login(client, members.reviewer)
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/").status_code == 200
    response = post(client, "/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_refused_without_saying_which_part(client, members) -> None:
    response = login(client, members.reviewer, password="not the password")
    assert response.status_code == 401
    assert "Unknown username or wrong password." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_an_inactive_member_cannot_log_in(client, members, session) -> None:
    members.reviewer.active = False
    session.commit()
    assert login(client, members.reviewer).status_code == 401


def test_login_without_a_csrf_token_is_refused(client, members) -> None:
    response = client.post("/login", data={"username": "rita", "password": "x" * 12})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_login_does_not_redirect_off_site(client, members) -> None:
    token = csrf_token(client)
    response = client.post(
        "/login?next=//evil.example.org/",
        data={"username": "rita", "password": "correct horse battery", "csrf_token": token},
    )
    assert response.status_code == 302 and response.location == "/"


def test_change_own_password(client, members) -> None:
    login(client, members.reviewer)
    response = post(
        client, "/account/password", {"current": "wrong", "new": "n" * 10, "confirm": "n" * 10}
    )
    assert response.status_code == 422
    response = post(
        client,
        "/account/password",
        {
            "current": "correct horse battery",
            "new": "brand new words",
            "confirm": "brand new words",
        },
    )
    assert response.status_code == 302
    post(client, "/logout")
    assert login(client, members.reviewer, password="brand new words").status_code == 302

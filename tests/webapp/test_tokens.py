"""The API token pages: one's own at /account/tokens, anyone's for an admin."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from models import ApiToken
from models.errors import PermissionDenied
from models.services import tokens

from .conftest import csrf_token, post

SECRET_RE = re.compile(r'<code id="new-token"[^>]*>(cdk_[A-Za-z0-9_-]+)</code>')


def _rows(session, user) -> list[ApiToken]:
    session.expire_all()
    return list(session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)))


def _api_status(client, secret: str) -> int:
    return client.get("/api/v1/articles", headers={"Authorization": f"Bearer {secret}"}).status_code


@pytest.mark.parametrize("path", ["/account/tokens", "/users/1/tokens"])
def test_anonymous_visitors_are_sent_to_log_in(client, members, path) -> None:
    response = client.get(path)
    assert response.status_code == 302 and response.location.startswith("/login")


def test_the_account_page_links_to_the_tokens(client, as_role) -> None:
    as_role("reviewer")
    assert 'href="/account/tokens"' in client.get("/account").get_data(as_text=True)


@pytest.mark.parametrize("role", ["reviewer", "editor", "admin"])
def test_create_a_token_see_it_once_use_it_revoke_it(client, session, as_role, role) -> None:
    user = as_role(role)
    page = client.get("/account/tokens")
    assert page.status_code == 200 and "No token yet." in page.get_data(as_text=True)

    response = post(
        client,
        "/account/tokens",
        {"name": "CMS import", "lifetime": "30"},
        token_from="/account/tokens",
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    secret = SECRET_RE.search(html).group(1)
    assert "only time the token is shown" in html
    assert 'value="CMS import"' not in html  # the form is blank again
    [row] = _rows(session, user)
    assert row.name == "CMS import" and row.token_hash == tokens.digest(secret)
    assert row.expires_at is not None
    assert secret not in row.token_hash + row.prefix

    listing = client.get("/account/tokens").get_data(as_text=True)
    assert secret not in listing  # never shown again
    assert "CMS import" in listing and f"{row.prefix}…" in listing
    assert _api_status(client, secret) == 200

    response = post(client, f"/account/tokens/{row.id}/revoke", token_from="/account/tokens")
    assert response.status_code == 302 and response.location == "/account/tokens"
    assert _rows(session, user)[0].revoked_at is not None
    assert _api_status(client, secret) == 401
    assert "Revoked" in client.get("/account/tokens").get_data(as_text=True)


def test_a_nameless_token_is_refused_with_the_form_again(client, session, as_role) -> None:
    user = as_role("editor")
    response = post(
        client, "/account/tokens", {"name": "  ", "lifetime": "90"}, token_from="/account/tokens"
    )
    assert response.status_code == 422
    assert "Give the token a name." in response.get_data(as_text=True)
    assert _rows(session, user) == []


def test_a_token_name_too_long_is_refused_and_kept(client, session, as_role) -> None:
    user = as_role("reviewer")
    name = "n" * 101
    response = post(
        client, "/account/tokens", {"name": name, "lifetime": "0"}, token_from="/account/tokens"
    )
    assert response.status_code == 422
    assert f'value="{name}"' in response.get_data(as_text=True)
    assert _rows(session, user) == []


def test_creating_without_a_csrf_token_is_refused(client, session, as_role) -> None:
    user = as_role("reviewer")
    response = client.post("/account/tokens", data={"name": "sneaky", "lifetime": "0"})
    assert response.status_code == 400
    assert _rows(session, user) == []


def test_revoking_without_a_csrf_token_is_refused(client, session, members, as_role) -> None:
    user = as_role("reviewer")
    token, _ = tokens.create_token(session, user, "keep", actor=None)
    session.commit()
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 400
    assert _rows(session, user)[0].revoked_at is None


def test_one_cannot_revoke_someone_elses_token_from_ones_own_page(
    client, session, members, as_role
) -> None:
    token, _ = tokens.create_token(session, members.editor, "eddie's", actor=None)
    session.commit()
    as_role("reviewer")
    response = post(client, f"/account/tokens/{token.id}/revoke", token_from="/account/tokens")
    assert response.status_code == 404
    assert _rows(session, members.editor)[0].revoked_at is None


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_only_an_admin_reaches_someone_elses_tokens(client, session, members, as_role, role):
    token, _ = tokens.create_token(session, members.reviewer2, "rory's", actor=None)
    session.commit()
    as_role(role)
    base = f"/users/{members.reviewer2.id}/tokens"
    response = client.get(base)
    assert response.status_code == 403
    assert "admin" in response.get_data(as_text=True)
    token_value = csrf_token(client, "/account/tokens")
    data = {"name": "mine now", "lifetime": "0", "csrf_token": token_value}
    assert client.post(base, data=data).status_code == 405  # nobody creates others' tokens
    revoke = client.post(f"{base}/{token.id}/revoke", data={"csrf_token": token_value})
    assert revoke.status_code == 403
    rows = _rows(session, members.reviewer2)
    assert [r.name for r in rows] == ["rory's"] and rows[0].revoked_at is None


def test_an_admin_lists_and_revokes_a_members_tokens_but_cannot_create_one(
    client, session, members, as_role
) -> None:
    token, secret = tokens.create_token(session, members.reviewer, "rita's cms", actor=None)
    session.commit()
    as_role("admin")
    base = f"/users/{members.reviewer.id}/tokens"
    page = client.get(base).get_data(as_text=True)
    assert "Rita Reviewer" in page and "rita&#39;s cms" in page
    assert 'action="/account/tokens"' not in page  # no creation form for someone else
    assert "Only Rita Reviewer can create a token" in page

    # No route mints a token for someone else, and the service refuses too: an admin
    # holding a reviewer's token could approve their own proposal as that reviewer.
    response = post(client, base, {"name": "for Rita", "lifetime": "365"}, token_from=base)
    assert response.status_code == 405
    with pytest.raises(PermissionDenied, match="Only Rita Reviewer"):
        tokens.create_token(session, members.reviewer, "for Rita", actor=members.admin)
    assert [r.name for r in _rows(session, members.reviewer)] == ["rita's cms"]

    assert _api_status(client, secret) == 200
    response = post(client, f"{base}/{token.id}/revoke", token_from=base)
    assert response.status_code == 302 and response.location == base
    assert _rows(session, members.reviewer)[0].revoked_by_id == members.admin.id
    assert _api_status(client, secret) == 401


def test_an_admin_gets_404_for_an_unknown_member(client, members, as_role) -> None:
    as_role("admin")
    assert client.get("/users/999/tokens").status_code == 404

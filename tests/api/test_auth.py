"""Who may use the API: bearer tokens only, hashed at rest, refused once revoked."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
import sqlalchemy as sa

from models import ApiToken
from models.services import tokens
from models.tables.base import utcnow

from ..webapp.conftest import login
from .conftest import error_of

# every endpoint that needs a token, with a body that would be valid
ENDPOINTS = [
    ("GET", "/api/v1/articles"),
    ("GET", "/api/v1/articles/1"),
    ("GET", "/api/v1/claims"),
    ("GET", "/api/v1/claims/1"),
    ("GET", "/api/v1/sources"),
    ("GET", "/api/v1/sources/1"),
    ("GET", "/api/v1/speakers"),
    ("GET", "/api/v1/speakers/1"),
    ("POST", "/api/v1/claims/1/verdict"),
    ("POST", "/api/v1/claims/1/approve"),
    ("POST", "/api/v1/claims/1/sources"),
    ("POST", "/api/v1/claims/1/comments"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_every_endpoint_refuses_a_request_without_a_token(client, method, path) -> None:
    response = client.open(path, method=method, json={"version": 1, "body": "x"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Bearer" in error_of(response)["message"]


@pytest.mark.parametrize(
    "header",
    [
        "Bearer cdk_not-a-token-the-desk-made",
        "Bearer not-even-shaped-like-one",
        "Bearer ",
        "Basic cml0YTpwYXNzd29yZA==",
        "cdk_token-without-a-scheme",
    ],
)
def test_a_bad_token_is_refused(client, keys, header) -> None:
    response = client.get("/api/v1/claims", headers={"Authorization": header})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    error_of(response)


def test_a_good_token_opens_the_api_and_the_scheme_is_case_insensitive(client, keys) -> None:
    response = client.get("/api/v1/claims", headers={"Authorization": f"bearer {keys.editor}"})
    assert response.status_code == 200
    assert response.get_json()["items"] == []


def test_a_revoked_token_is_refused(api, session, members, keys) -> None:
    assert api.get("/api/v1/articles").status_code == 200
    token = session.scalar(sa.select(ApiToken).where(ApiToken.user_id == members.reviewer.id))
    tokens.revoke_token(session, token, actor=members.reviewer)
    session.commit()
    response = api.get("/api/v1/articles")
    assert response.status_code == 401
    assert "revoked" in error_of(response)["message"]


def test_an_expired_token_is_refused(api, session, members) -> None:
    _, secret = tokens.create_token(
        session, members.editor, "short-lived", actor=None, expires_at=utcnow() + dt.timedelta(1)
    )
    session.commit()
    assert api.get("/api/v1/articles", token=secret).status_code == 200
    session.execute(
        sa.update(ApiToken)
        .where(ApiToken.name == "short-lived")
        .values(expires_at=utcnow() - dt.timedelta(seconds=1))
    )
    session.commit()
    assert api.get("/api/v1/articles", token=secret).status_code == 401


def test_the_token_of_an_inactive_member_is_refused(api, session, members) -> None:
    members.reviewer.active = False
    session.commit()
    assert api.get("/api/v1/articles", as_="reviewer").status_code == 401
    assert api.get("/api/v1/articles", as_="editor").status_code == 200


def test_the_login_cookie_does_not_open_the_api(client, members) -> None:
    assert login(client, members.admin).status_code == 302
    assert client.get("/account").status_code == 200  # logged in on the desk
    response = client.get("/api/v1/claims")
    assert response.status_code == 401


def test_api_answers_set_no_cookie_and_are_not_cached(api) -> None:
    response = api.get("/api/v1/articles")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_writes_need_no_csrf_token(api, sourced_claim) -> None:
    response = api.post(f"/api/v1/claims/{sourced_claim.id}/comments", {"body": "Checked."})
    assert response.status_code == 201


@pytest.mark.sqlite_only  # reads the SQLite file itself
def test_tokens_are_stored_hashed_never_in_clear(session, keys, db_url) -> None:
    rows = session.scalars(sa.select(ApiToken)).all()
    assert len(rows) == 4
    secrets = {keys.admin, keys.editor, keys.reviewer, keys.reviewer2}
    assert {row.token_hash for row in rows} == {tokens.digest(s) for s in secrets}
    assert {row.prefix for row in rows} == {s[: tokens.SHOWN_PREFIX_CHARS] for s in secrets}
    # nowhere in the database file, in any table
    with sqlite3.connect(sa.make_url(db_url).database) as raw:
        dump = "\n".join(raw.iterdump())
    assert tokens.digest(keys.admin) in dump
    for secret in secrets:
        assert secret not in dump


def test_last_use_is_recorded_at_most_once_a_minute(session, members) -> None:
    _, secret = tokens.create_token(session, members.editor, "cms", actor=None)
    start = utcnow()
    assert tokens.authenticate_token(session, secret, now=start) is members.editor
    token = session.scalar(sa.select(ApiToken).where(ApiToken.name == "cms"))
    assert token.last_used_at == start
    tokens.authenticate_token(session, secret, now=start + dt.timedelta(seconds=30))
    assert token.last_used_at == start
    later = start + dt.timedelta(seconds=61)
    tokens.authenticate_token(session, secret, now=later)
    assert token.last_used_at == later


def test_an_api_request_records_the_time_of_use(api, session, members) -> None:
    token = session.scalar(sa.select(ApiToken).where(ApiToken.user_id == members.editor.id))
    assert token.last_used_at is None
    assert api.get("/api/v1/articles", as_="editor").status_code == 200
    session.expire_all()
    assert token.last_used_at is not None


def test_the_openapi_document_needs_no_token(client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json()["openapi"].startswith("3.1")


def test_an_unknown_api_path_answers_json_404(client) -> None:
    response = client.get("/api/v1/verdicts")
    assert response.status_code == 404
    assert "/api/v1/verdicts" in error_of(response)["message"]


def test_a_wrong_method_answers_json_405_with_allow(api) -> None:
    response = api.client.delete("/api/v1/claims/1")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
    error_of(response)

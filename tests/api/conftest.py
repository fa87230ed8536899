"""API-test helpers: a token per role, and a client that sends it as a bearer token."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import orm

from models import Claim
from models.services import sourcing, tokens

from ..factories import make_claim, make_source
from ..webapp.conftest import members, seeded

__all__ = ["members", "seeded"]  # fixtures shared with the web tests

ROLES = ["reviewer", "editor", "admin"]


@pytest.fixture
def keys(session: orm.Session, members: SimpleNamespace) -> SimpleNamespace:
    """One committed API token per member, by the member's role name."""
    made = {}
    for role in ("admin", "editor", "reviewer", "reviewer2"):
        _, made[role] = tokens.create_token(
            session, getattr(members, role), f"{role} script", actor=None
        )
    session.commit()
    return SimpleNamespace(**made)


class Api:
    """The test client, speaking JSON with a bearer token."""

    def __init__(self, client, keys: SimpleNamespace) -> None:
        self.client = client
        self.keys = keys

    def _headers(self, as_: str | None, token: str | None) -> dict[str, str]:
        secret = token if token is not None else getattr(self.keys, as_) if as_ else None
        return {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, *, as_: str | None = "reviewer", token: str | None = None, **kw):
        return self.client.get(path, headers=self._headers(as_, token), **kw)

    def post(
        self,
        path: str,
        body: Any = None,
        *,
        as_: str | None = "reviewer",
        token: str | None = None,
        **kw,
    ):
        return self.client.post(path, json=body, headers=self._headers(as_, token), **kw)


@pytest.fixture
def api(client, keys) -> Api:
    return Api(client, keys)


@pytest.fixture
def sourced_claim(session: orm.Session, members) -> Claim:
    """A committed unreviewed claim with one supporting source linked."""
    claim = make_claim(session)
    sourcing.link_source(
        session, claim, make_source(session), "supports", "80% share in 2023", actor=None
    )
    session.commit()
    return claim


def error_of(response) -> dict[str, Any]:
    """Return the API error object of a refused request, checking its shape."""
    body = response.get_json()
    assert body is not None, response.get_data(as_text=True)
    error = body["error"]
    assert set(error) >= {"status", "message", "field"}
    assert error["status"] == response.status_code
    assert error["message"]
    return error

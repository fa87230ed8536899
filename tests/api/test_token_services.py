"""The token services: who may create and revoke, and what authenticates."""

from __future__ import annotations

import datetime as dt

import pytest

from models import Role
from models.errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from models.services import tokens
from models.tables.base import utcnow

from ..factories import make_user


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.EDITOR, Role.ADMIN])
def test_every_member_may_create_and_revoke_their_own(session, role) -> None:
    user = make_user(session, role)
    token, secret = tokens.create_token(session, user, "  my script ", actor=user)
    assert token.name == "my script" and token.created_by is user
    assert secret.startswith("cdk_") and len(secret) > 40
    assert token.prefix == secret[:12] and token.token_hash == tokens.digest(secret)
    assert tokens.authenticate_token(session, secret) is user
    tokens.revoke_token(session, token, actor=user)
    assert token.state == "revoked" and token.revoked_by is user
    assert tokens.authenticate_token(session, secret) is None


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.EDITOR, Role.ADMIN])
def test_nobody_creates_a_token_for_someone_else(session, role) -> None:
    """A token acts as its member: an admin holding a reviewer's could approve their own
    proposal as that reviewer. Admins list and revoke others' tokens, never create them."""
    owner = make_user(session, Role.REVIEWER)
    other = make_user(session, role)
    with pytest.raises(PermissionDenied, match=r"Only .* can create a token"):
        tokens.create_token(session, owner, "theirs", actor=other)
    assert tokens.list_tokens(session, owner, actor=owner) == []


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.EDITOR])
def test_only_an_admin_lists_and_revokes_someone_elses_tokens(session, role) -> None:
    owner = make_user(session, Role.REVIEWER)
    other = make_user(session, role)
    token, _ = tokens.create_token(session, owner, "theirs", actor=owner)
    with pytest.raises(PermissionDenied) as refused:
        tokens.revoke_token(session, token, actor=other)
    assert refused.value.needed_role == "admin"
    with pytest.raises(PermissionDenied):
        tokens.list_tokens(session, owner, actor=other)
    admin = make_user(session, Role.ADMIN)
    tokens.revoke_token(session, token, actor=admin)
    [listed] = tokens.list_tokens(session, owner, actor=admin)
    assert listed.revoked_by is admin


def test_refused_tokens(session) -> None:
    user = make_user(session)
    with pytest.raises(ValidationError) as empty:
        tokens.create_token(session, user, "   ", actor=user)
    assert empty.value.field == "name"
    with pytest.raises(ValidationError):
        tokens.create_token(session, user, "x" * 101, actor=user)
    with pytest.raises(ValidationError) as past:
        tokens.create_token(
            session, user, "old", actor=None, expires_at=utcnow() - dt.timedelta(days=1)
        )
    assert past.value.field == "expires_at"
    user.active = False
    with pytest.raises(RuleViolation):
        tokens.create_token(session, user, "inactive", actor=None)


def test_revoking_twice_keeps_the_first_time(session) -> None:
    user = make_user(session)
    token, _ = tokens.create_token(session, user, "twice", actor=user)
    tokens.revoke_token(session, token, actor=user)
    first = token.revoked_at
    tokens.revoke_token(session, token, actor=user)
    assert token.revoked_at == first


@pytest.mark.parametrize("secret", [None, "", "cdk_", "cdk_" + "x" * 300, "Bearer cdk_abc"])
def test_what_is_not_a_token_authenticates_no_one(session, secret) -> None:
    make_user(session)
    assert tokens.authenticate_token(session, secret) is None


def test_a_token_is_found_only_under_its_owner(session) -> None:
    owner, other = make_user(session), make_user(session)
    token, _ = tokens.create_token(session, owner, "mine", actor=owner)
    assert tokens.require_token(session, owner, token.id) is token
    with pytest.raises(NotFound):
        tokens.require_token(session, other, token.id)
    with pytest.raises(NotFound):
        tokens.require_token(session, owner, token.id + 100)


def test_an_expiry_date_ends_the_token(session) -> None:
    user = make_user(session)
    soon = utcnow() + dt.timedelta(hours=1)
    token, secret = tokens.create_token(session, user, "soon", actor=user, expires_at=soon)
    assert tokens.authenticate_token(session, secret) is user
    later = soon + dt.timedelta(seconds=1)
    assert tokens.authenticate_token(session, secret, now=later) is None
    assert token.is_expired(later) and not token.is_expired()

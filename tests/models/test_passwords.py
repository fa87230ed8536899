"""Password rules: long enough, not common, not all digits, not the member's own name."""

from __future__ import annotations

import pytest

from models import Role
from models.errors import ValidationError
from models.services import accounts

from ..factories import make_user


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password", "at least 12 characters"),
        ("12345678", "at least 12 characters"),
        ("123456789012", "only digits"),
        ("passwordpassword", "too easy to guess"),
        ("qwertyuiopasdf", "too easy to guess"),
        ("iloveyou1234", "too easy to guess"),
        ("eddieeddieeddie", "username or name"),  # the username typed three times
        ("Eddie Editor 2024", "username or name"),
        ("x" * 201, "at most 200"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as refused:
        accounts.check_password(password, username="eddie", display_name="Eddie Editor")
    assert refused.value.field == "password"


@pytest.mark.parametrize(
    "password", ["plover mosaic tundra lantern", "Tr0ub4dor&3xyz", "newsroom desk 42 blue"]
)
def test_strong_passwords_pass(password: str) -> None:
    assert accounts.check_password(password, username="eddie", display_name="Eddie Editor")


def test_every_way_in_checks_the_rules(session) -> None:
    user = make_user(session, Role.EDITOR, username="eddie", display_name="Eddie Editor")
    with pytest.raises(ValidationError):
        accounts.create_user(session, "nina", Role.REVIEWER, "nina12345678")
    with pytest.raises(ValidationError):
        accounts.set_password(session, user, "eddie-eddie-eddie", actor=user)
    admin = make_user(session, Role.ADMIN)
    with pytest.raises(ValidationError):
        accounts.set_password(session, user, "qwertyuiopasdf", actor=admin)


def test_a_password_set_by_someone_else_must_be_changed(session) -> None:
    user = make_user(session, Role.EDITOR, username="eddie", display_name="Eddie Editor")
    admin = make_user(session, Role.ADMIN)
    accounts.set_password(session, user, "plover mosaic tundra lantern", actor=admin)
    assert user.must_change_password
    accounts.set_password(session, user, "harbour violet sextant", actor=user)
    assert not user.must_change_password

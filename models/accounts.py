"""Desk members: create them, check their passwords, change their role."""

from __future__ import annotations

import re
import secrets

import sqlalchemy as sa
from sqlalchemy import orm
from werkzeug.security import check_password_hash, generate_password_hash

from .enums import Role
from .errors import Conflict, NotFound, RuleViolation, ValidationError
from .permissions import Action, require
from .user import User

# werkzeug's salted scrypt. The test suite swaps in a cheap method (tests/conftest.py) so
# that thousands of test users don't spend minutes hashing; nothing else should change it.
HASH_METHOD = "scrypt"

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,39}$")
PASSWORD_MIN = 8


def parse_role(value: str) -> Role:
    """Return the Role named `value`, refusing anything else with the list of roles."""
    try:
        return Role(value.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValidationError(
            f"unknown role {value!r}; choose one of {names}", field="role"
        ) from None


def check_username(username: str) -> str:
    """Return the username lower-cased, refusing one that is not 2–40 plain characters."""
    username = (username or "").strip().lower()
    if not USERNAME_RE.match(username):
        raise ValidationError(
            "a username is 2–40 characters: letters, digits, '.', '_' or '-', "
            "starting with a letter or digit",
            field="username",
        )
    return username


def check_password(password: str) -> str:
    """Return `password`, refusing one shorter than PASSWORD_MIN characters."""
    if len(password or "") < PASSWORD_MIN:
        raise ValidationError(
            f"a password needs at least {PASSWORD_MIN} characters", field="password"
        )
    return password


def hash_password(password: str) -> str:
    """Return the salted hash stored for `password`."""
    return generate_password_hash(password, method=HASH_METHOD)


def get_user(session: orm.Session, username: str) -> User | None:
    """Return the user called `username` (any case), or None."""
    return session.scalar(sa.select(User).where(User.username == username.strip().lower()))


def create_user(
    session: orm.Session,
    username: str,
    role: Role | str,
    password: str | None,
    *,
    display_name: str | None = None,
    actor: User | None = None,
) -> User:
    """Add a desk member; a None password leaves the account without a usable password."""
    require(actor, Action.MANAGE_USERS)
    username = check_username(username)
    role = role if isinstance(role, Role) else parse_role(role)
    if get_user(session, username) is not None:
        raise Conflict(f"the username {username!r} is taken", field="username")
    if password is None:
        password_hash = hash_password(secrets.token_urlsafe(32))
    else:
        password_hash = hash_password(check_password(password))
    display_name = (display_name or "").strip() or username
    if len(display_name) > 120:
        raise ValidationError("a display name has at most 120 characters", field="display_name")
    user = User(
        username=username, display_name=display_name, role=role, password_hash=password_hash
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: orm.Session, username: str, password: str) -> User | None:
    """Return the active user whose username and password match, or None."""
    user = get_user(session, username or "")
    if user is None or not user.active:
        # Hash anyway so a missing user takes as long as a wrong password.
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    return user if check_password_hash(user.password_hash, password or "") else None


def set_password(session: orm.Session, user: User, password: str, *, actor: User | None) -> None:
    """Give `user` a new password (their own, or anyone's for an admin)."""
    if actor is not None and actor.id != user.id:
        require(actor, Action.MANAGE_USERS)
    user.password_hash = hash_password(check_password(password))


def update_user(
    session: orm.Session,
    user: User,
    *,
    actor: User | None,
    role: Role | None = None,
    active: bool | None = None,
    display_name: str | None = None,
) -> None:
    """Change a member's role, active flag or name, never leaving the desk without an admin."""
    require(actor, Action.MANAGE_USERS)
    losing_admin = (
        user.role is Role.ADMIN
        and user.active
        and ((role is not None and role is not Role.ADMIN) or active is False)
    )
    if losing_admin:
        admins = session.scalar(
            sa.select(sa.func.count())
            .select_from(User)
            .where(User.role == Role.ADMIN, User.active.is_(True))
        )
        if (admins or 0) <= 1:
            raise RuleViolation("the desk needs at least one active admin", field="role")
    if role is not None:
        user.role = role
    if active is not None:
        user.active = active
    if display_name is not None:
        display_name = display_name.strip()
        if not 1 <= len(display_name) <= 120:
            raise ValidationError("a display name has 1–120 characters", field="display_name")
        user.display_name = display_name


def require_user(session: orm.Session, user_id: int) -> User:
    """Return the user with `user_id` or raise NotFound."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    return user


_DUMMY_HASH = generate_password_hash("claimdesk-timing-equaliser")

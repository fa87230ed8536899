"""Desk members: create them, check their passwords, change their role, end their sessions."""

from __future__ import annotations

import re
import secrets

import sqlalchemy as sa
from sqlalchemy import orm
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from ..errors import Conflict, RuleViolation, ValidationError
from ..permissions import Action, require
from ..tables.enums import Role
from ..tables.user import User
from ..text.inputs import clean_plain, control_character
from .locking import check_version
from .tokens import revoke_all_tokens

# werkzeug's salted scrypt. The test suite swaps in a cheap method (tests/conftest.py) so
# that thousands of test users don't spend minutes hashing; nothing else should change it.
HASH_METHOD = "scrypt"

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,39}$")
PASSWORD_MIN = 12
PASSWORD_MAX = 200
# zxcvbn's 0–4 scale; 3 means about 10^8 guesses or more (an offline attack on a slow
# hash such as scrypt has to work for it). It knows the 30,000 most common passwords,
# keyboard walks, repeats, dates and l33t spellings, and the words given as user_inputs.
PASSWORD_MIN_SCORE = 3
STRENGTH_CHECKED_CHARS = 100  # zxcvbn slows down on very long input; the rest only helps


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


def check_password(password: str, *, username: str = "", display_name: str = "") -> str:
    """Return `password`, refusing one that is short, common, all digits or like the name.

    The rules hold for every password a member chooses or is given; the message says
    what to do instead.
    """
    password = password or ""
    if len(password) < PASSWORD_MIN:
        raise ValidationError(
            f"a password needs at least {PASSWORD_MIN} characters; a few unrelated words "
            "make one that is easy to remember",
            field="password",
        )
    if len(password) > PASSWORD_MAX:
        raise ValidationError(f"a password has at most {PASSWORD_MAX} characters", field="password")
    if password.isdigit():
        raise ValidationError("a password cannot be only digits", field="password")
    names = [n.casefold() for n in (username, display_name, *display_name.split()) if len(n) > 2]
    folded = password.casefold()
    if any(name in folded for name in names):
        raise ValidationError(
            "a password cannot contain the member's username or name", field="password"
        )
    verdict = zxcvbn(password[:STRENGTH_CHECKED_CHARS], user_inputs=[*names, "claimdesk"])
    if verdict["score"] < PASSWORD_MIN_SCORE:
        feedback = verdict["feedback"]
        advice = " ".join(
            part for part in (feedback.get("warning"), *feedback.get("suggestions", [])) if part
        )
        raise ValidationError(
            "this password is too easy to guess" + (f": {advice}" if advice else ""),
            field="password",
        )
    return password


def hash_password(password: str) -> str:
    """Return the salted hash stored for `password`."""
    return generate_password_hash(password, method=HASH_METHOD)


def get_user(session: orm.Session, username: str) -> User | None:
    """Return the user called `username` (any case), or None."""
    username = username.strip().lower()
    if control_character(username):  # no username holds one (check_username)
        return None
    return session.scalar(sa.select(User).where(User.username == username))


def create_user(
    session: orm.Session,
    username: str,
    role: Role | str,
    password: str | None,
    *,
    display_name: str | None = None,
    actor: User | None = None,
    must_change_password: bool = False,
) -> User:
    """Add a desk member; a None password leaves the account without a usable password.

    `must_change_password` is for a password someone else chose (an admin, the first
    run): the member must replace it before using the desk.
    """
    require(actor, Action.MANAGE_USERS)
    username = check_username(username)
    role = role if isinstance(role, Role) else parse_role(role)
    if get_user(session, username) is not None:
        raise Conflict(f"the username {username!r} is taken", field="username")
    display_name = clean_plain((display_name or "").strip(), "display_name") or username
    if len(display_name) > 120:
        raise ValidationError("a display name has at most 120 characters", field="display_name")
    if password is None:
        password_hash = hash_password(secrets.token_urlsafe(32))
    else:
        checked = check_password(password, username=username, display_name=display_name)
        password_hash = hash_password(checked)
    user = User(
        username=username,
        display_name=display_name,
        role=role,
        password_hash=password_hash,
        must_change_password=must_change_password,
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
    """Give `user` a new password (their own, or anyone's for an admin).

    Every session the member has open ends (the one changing its own password logs in
    again at once). A password an admin sets must be replaced at the next login.
    """
    store_password(user, new_password_hash(user, password, actor=actor), actor=actor)


def new_password_hash(user: User, password: str, *, actor: User | None) -> str:
    """Check `password` for `user` against the rules and return its hash; nothing is stored.

    Apart from store_password so that a caller can run scrypt (tens of milliseconds of
    CPU) before it opens the transaction that stores the hash, not inside it.
    """
    _may_set_password(user, actor)
    checked = check_password(password, username=user.username, display_name=user.display_name)
    return hash_password(checked)


def store_password(
    user: User, password_hash: str, *, actor: User | None, session_epoch: int | None = None
) -> None:
    """Store a hash from new_password_hash as `user`'s password and end their sessions.

    With `session_epoch` (the epoch the change was asked under), refuse if the member's
    sessions were ended since: another password change, a logout everywhere or an
    admin's deactivation came first, and the request's session is no longer valid.
    """
    own = _may_set_password(user, actor)
    if session_epoch is not None and (user.session_epoch or 0) != session_epoch:
        raise Conflict(
            "your sessions were ended while the password was being changed; log in again"
        )
    user.password_hash = password_hash
    user.must_change_password = not own and actor is not None
    end_sessions(user)


def _may_set_password(user: User, actor: User | None) -> bool:
    """Refuse an actor who may not set `user`'s password; tell whether it is their own."""
    own = actor is not None and actor.id == user.id
    if not own:
        require(actor, Action.MANAGE_USERS)
    return own


def end_sessions(user: User) -> None:
    """End every login session of `user`, on every device (their cookies stop working)."""
    user.session_epoch = (user.session_epoch or 0) + 1


def update_user(
    session: orm.Session,
    user: User,
    *,
    actor: User | None,
    role: Role | None = None,
    active: bool | None = None,
    display_name: str | None = None,
    expected_version: int | None = None,
) -> None:
    """Change a member's role, active flag or name, never leaving the desk without an admin.

    Deactivating a member also ends their sessions and revokes their API tokens, so
    that reactivating them later revives neither.
    """
    require(actor, Action.MANAGE_USERS)
    check_version(user, expected_version, "member")
    losing_admin = (
        user.role is Role.ADMIN
        and user.active
        and ((role is not None and role is not Role.ADMIN) or active is False)
    )
    if losing_admin and count_admins_locked(session) <= 1:
        raise RuleViolation("the desk needs at least one active admin", field="role")
    deactivating = active is False and user.active
    if display_name is not None:
        display_name = clean_plain(display_name.strip(), "display_name")
        if not 1 <= len(display_name) <= 120:
            raise ValidationError("a display name has 1–120 characters", field="display_name")
        user.display_name = display_name
    if role is not None:
        user.role = role
    if active is not None:
        user.active = active
    if deactivating:
        end_sessions(user)
        revoke_all_tokens(session, user, actor=actor)


def count_admins_locked(session: orm.Session) -> int:
    """Count the active admins, locking their rows until the transaction ends.

    Two admins stepping down at once must not both see "one other admin is left". On
    PostgreSQL the rows are locked (FOR UPDATE), so the second check waits for the first
    change and counts again; on SQLite a writing session holds the database's write lock
    from BEGIN (models.db), which serialises the two the same way.
    """
    rows = session.scalars(
        sa.select(User.id).where(User.role == Role.ADMIN, User.active.is_(True)).with_for_update()
    ).all()
    return len(rows)


_DUMMY_HASH = generate_password_hash("claimdesk-timing-equaliser")

"""API tokens: create, list, revoke and check the secrets members use for the JSON API.

A token's secret is shown once, when it is created; the desk keeps its digest (to find
it again) and a short prefix (so people can tell their tokens apart), never the secret.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import orm

from ..errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from ..permissions import Action, require
from ..tables.api_token import NAME_MAX, SHOWN_PREFIX_CHARS, ApiToken
from ..tables.base import utcnow
from ..text.inputs import clean_text

if TYPE_CHECKING:
    from ..tables.user import User

TOKEN_PREFIX = "cdk_"  # marks a Claimdesk token, so a leaked one is easy to recognise
SECRET_BYTES = 32
SECRET_MAX = 200  # anything longer is not one of ours; refuse before hashing it
# Recording every request's time would write on every read; once a minute is plenty.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def digest(secret: str) -> str:
    """Return the hex SHA-256 digest under which a token's secret is looked up."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _require_manage(actor: User | None, owner: User) -> None:
    """Refuse unless `actor` is `owner` (and may hold tokens) or an admin."""
    if actor is not None and actor.id == owner.id:
        require(actor, Action.MANAGE_OWN_TOKENS)
    else:
        require(actor, Action.MANAGE_USERS)


def _require_own(actor: User | None, owner: User) -> None:
    """Refuse unless `actor` is `owner`: a token's secret goes only to its member.

    An admin who could mint a token for a reviewer would hold that reviewer's identity
    (and could, say, approve their own proposal as the reviewer). Admins list and revoke
    others' tokens; they never create them.
    """
    if actor is not None and actor.id != owner.id:
        raise PermissionDenied(
            f"Only {owner.display_name} can create a token for their account; "
            "admins may list and revoke members' tokens, not create them.",
            needed_role=None,
        )
    require(actor, Action.MANAGE_OWN_TOKENS)


def create_token(
    session: orm.Session,
    user: User,
    name: str,
    *,
    actor: User | None,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Give `user` a new token; return it with its secret, which is shown this once only."""
    _require_own(actor, user)
    label = clean_text(name, "name", limit=NAME_MAX)
    if not user.active:
        raise RuleViolation(f"{user.display_name} is not an active member", field="name")
    if expires_at is not None and expires_at <= utcnow():
        raise ValidationError("the expiry date must be in the future", field="expires_at")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(SECRET_BYTES)
    token = ApiToken(
        user=user,
        name=label,
        token_hash=digest(secret),
        prefix=secret[:SHOWN_PREFIX_CHARS],
        created_by=actor,
        expires_at=expires_at,
    )
    session.add(token)
    session.flush()
    return token, secret


def revoke_token(session: orm.Session, token: ApiToken, *, actor: User | None) -> None:
    """Revoke the token for good (revoking a revoked token changes nothing)."""
    _require_manage(actor, token.user)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        token.revoked_by = actor


def revoke_all_tokens(session: orm.Session, user: User, *, actor: User | None) -> int:
    """Revoke every token of `user` still in force; return how many (deactivation)."""
    live = session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ).all()
    for token in live:
        token.revoked_at = utcnow()
        token.revoked_by = actor
    return len(live)


def list_tokens(session: orm.Session, user: User, *, actor: User | None) -> list[ApiToken]:
    """Return `user`'s tokens, newest first (for the owner or an admin)."""
    _require_manage(actor, user)
    return list(
        session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def require_token(session: orm.Session, user: User, token_id: int) -> ApiToken:
    """Return `user`'s token `token_id`, or raise NotFound (also for someone else's)."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(f"no token {token_id} for {user.username}")
    return token


def authenticate_token(
    session: orm.Session, secret: str | None, *, now: dt.datetime | None = None
) -> User | None:
    """Return the active member a token's secret belongs to, or None.

    The lookup goes through the digest, so no stored value is compared with the secret
    character by character. Revoked and expired tokens, and inactive members, are
    refused. The time of use is written at most once a minute per token.
    """
    if not secret or len(secret) > SECRET_MAX or not secret.startswith(TOKEN_PREFIX):
        return None
    wanted = digest(secret)
    token = session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == wanted))
    if token is None or not hmac.compare_digest(token.token_hash, wanted):
        return None
    now = now or utcnow()
    if token.revoked_at is not None or token.is_expired(now) or not token.user.active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
    return token.user

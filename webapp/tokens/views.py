"""API tokens: members create and revoke their own; admins list and revoke anyone's."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from models import User
from models.errors import DomainError, NotFound
from models.permissions import Action
from models.services import tokens
from models.tables.base import utcnow

from ..db import get_session
from ..errors import form_error
from ..lookup import get_or_404
from ..security import actor, requires
from .forms import RevokeForm, TokenForm

bp = Blueprint("tokens", __name__)


def _page(owner: User, form: TokenForm | None = None, *, secret: str | None = None) -> str:
    own = owner.id == actor().id
    return render_template(
        "tokens/index.html",
        owner=owner,
        own=own,
        tokens=tokens.list_tokens(get_session(), owner, actor=actor()),
        # a blank form after a creation: TokenForm() alone would refill it from the POST
        form=form or TokenForm(formdata=None),
        revoke_form=RevokeForm(),
        secret=secret,
        revoke_endpoint="tokens.own_revoke" if own else "tokens.member_revoke",
    )


def _create(owner: User) -> ResponseReturnValue:
    # Only ever called for the member themselves: nobody mints a token for someone else.
    session = get_session()
    form = TokenForm()
    if form.validate_on_submit():
        days = int(form.lifetime.data or 0)
        expires_at = utcnow() + dt.timedelta(days=days) if days else None
        try:
            _, secret = tokens.create_token(
                session, owner, form.name.data, actor=actor(), expires_at=expires_at
            )
        except DomainError as exc:
            status = form_error(form, exc, "name")
            return _page(owner, form), status
        session.commit()
        # Not post/redirect/get on purpose: the secret must appear in this one answer
        # only. A flash would carry it in the (signed, not encrypted) session cookie.
        response = make_response(_page(owner, secret=secret))
        response.headers["Cache-Control"] = "no-store"
        return response
    return _page(owner, form), 422


def _revoke(owner: User, token_id: int, back: str) -> ResponseReturnValue:
    session = get_session()
    if RevokeForm().validate_on_submit():
        try:
            token = tokens.require_token(session, owner, token_id)
        except NotFound:
            abort(404, description="There is no such token.")
        tokens.revoke_token(session, token, actor=actor())
        session.commit()
        flash(f"The token “{token.name}” is revoked; it no longer opens the API.", "success")
    return redirect(back)


@bp.get("/account/tokens")
@requires(Action.MANAGE_OWN_TOKENS)
def own() -> ResponseReturnValue:
    """List your own API tokens, with the form to create one."""
    return _page(actor())


@bp.post("/account/tokens")
@requires(Action.MANAGE_OWN_TOKENS)
def own_create() -> ResponseReturnValue:
    """Create an API token for yourself and show its secret once."""
    return _create(actor())


@bp.post("/account/tokens/<int:token_id>/revoke")
@requires(Action.MANAGE_OWN_TOKENS)
def own_revoke(token_id: int) -> ResponseReturnValue:
    """Revoke one of your own API tokens."""
    return _revoke(actor(), token_id, url_for("tokens.own"))


@bp.get("/users/<int:user_id>/tokens")
@requires(Action.MANAGE_USERS)
def member(user_id: int) -> ResponseReturnValue:
    """List a member's API tokens (admins only)."""
    return _page(get_or_404(User, user_id, "member"))


@bp.post("/users/<int:user_id>/tokens/<int:token_id>/revoke")
@requires(Action.MANAGE_USERS)
def member_revoke(user_id: int, token_id: int) -> ResponseReturnValue:
    """Revoke a member's API token (admins only)."""
    owner = get_or_404(User, user_id, "member")
    return _revoke(owner, token_id, url_for("tokens.member", user_id=owner.id))

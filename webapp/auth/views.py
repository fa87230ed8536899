"""Log in, log out, change one's own password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from models import User
from models.errors import DomainError
from models.services import accounts

from ..db import database, get_session, reads_only
from ..errors import form_error
from ..security import actor, redirect_next, start_session
from .forms import LoginForm, LogoutForm, PasswordForm

bp = Blueprint("auth", __name__)


PASSWORD_HINT = (
    f"At least {accounts.PASSWORD_MIN} characters, not a common password and not your "
    "name: a few unrelated words are easy to remember and hard to guess."
)


def _account_page(form: PasswordForm) -> str:
    return render_template("auth/account.html", form=form, password_hint=PASSWORD_HINT)


@bp.get("/login")
def login() -> str | Response:
    """Show the login form."""
    if current_user.is_authenticated:
        return redirect_next()
    return render_template("auth/login.html", form=LoginForm())


@bp.post("/login")
@reads_only  # checks a password, writes nothing: no write lock while scrypt runs
def login_submit() -> tuple[str, int] | Response:
    """Log the member in, or show the form again with one vague message."""
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(get_session(), form.username.data, form.password.data)
        if user is not None:
            start_session(user)
            if user.must_change_password:
                flash(f"Welcome, {user.display_name}. First, choose your own password.", "info")
                return redirect(url_for("auth.account"))
            flash(f"Welcome, {user.display_name}.", "success")
            return redirect_next()
        # End this request's (writing) transaction now: the throttle counts the failure
        # after the view, on a connection of its own, and must not wait for this one.
        get_session().rollback()
        form.form_errors.append("Unknown username or wrong password.")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form), 422


@bp.post("/logout")
def logout() -> Response:
    """Log out everywhere (copies of the session cookie stop working too)."""
    if LogoutForm().validate_on_submit():
        if current_user.is_authenticated:
            accounts.end_sessions(actor())
            get_session().commit()
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.get("/account")
def account() -> str:
    """Show the member's own account page."""
    return _account_page(PasswordForm())


@bp.post("/account/password")
@reads_only  # two scrypt runs: checking the current password and hashing the new one
def change_password() -> tuple[str, int] | Response:
    """Change the member's own password after checking the current one.

    The request reads; scrypt runs outside any write lock, and a short writing session
    of its own stores the new hash (on SQLite, other members' writes would otherwise
    queue behind both scrypt runs).
    """
    form = PasswordForm()
    session = get_session()
    user = actor()
    if form.validate_on_submit():
        if accounts.authenticate(session, user.username, form.current.data) is None:
            form.current.errors.append("This is not your current password.")
        else:
            try:
                new_hash = accounts.new_password_hash(user, form.new.data, actor=user)
            except DomainError as exc:
                return _account_page(form), form_error(form, exc, "new")
            with database().write_sessions() as writer:
                member = writer.get_one(User, user.id)  # members are never deleted
                try:
                    accounts.store_password(
                        member, new_hash, actor=member, session_epoch=user.session_epoch
                    )
                except DomainError as exc:
                    logout_user()
                    flash(f"Your password was not changed: {exc.message}.", "error")
                    return redirect(url_for("auth.login"))
                writer.commit()
            session.commit()  # ends the reading transaction
            start_session(member)  # the other sessions have ended; this one goes on
            flash("Your password is changed; you are logged out everywhere else.", "success")
            return redirect(url_for("desk.dashboard"))
    return _account_page(form), 422

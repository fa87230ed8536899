"""Log in, log out, change one's own password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from models import accounts
from models.errors import DomainError

from ..db import get_session
from ..errors import form_error
from ..security import actor, redirect_next
from .forms import LoginForm, LogoutForm, PasswordForm

bp = Blueprint("auth", __name__)


@bp.get("/login")
def login() -> str | Response:
    """Show the login form."""
    if current_user.is_authenticated:
        return redirect_next()
    return render_template("auth/login.html", form=LoginForm())


@bp.post("/login")
def login_submit() -> tuple[str, int] | Response:
    """Log the member in, or show the form again with one vague message."""
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(get_session(), form.username.data, form.password.data)
        if user is not None:
            login_user(user)
            flash(f"Welcome, {user.display_name}.", "success")
            return redirect_next()
        form.form_errors.append("Unknown username or wrong password.")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form), 422


@bp.post("/logout")
def logout() -> Response:
    """Log out and return to the login page."""
    if LogoutForm().validate_on_submit():
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.get("/account")
def account() -> str:
    """Show the member's own account page."""
    return render_template("auth/account.html", form=PasswordForm())


@bp.post("/account/password")
def change_password() -> tuple[str, int] | Response:
    """Change the member's own password after checking the current one."""
    form = PasswordForm()
    session = get_session()
    user = actor()
    if form.validate_on_submit():
        if accounts.authenticate(session, user.username, form.current.data) is None:
            form.current.errors.append("This is not your current password.")
        else:
            try:
                accounts.set_password(session, user, form.new.data, actor=user)
            except DomainError as exc:
                return render_template("auth/account.html", form=form), form_error(form, exc, "new")
            session.commit()
            flash("Your password is changed.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form), 422

"""Logging in, login sessions, CSRF, and the one place where a route states the action it needs.

A login session is Flask's signed cookie naming the member and their session epoch
(User.get_id). It ends when the member logs out, changes their password, is reset or
deactivated (each raises the epoch, so copies of the cookie stop working too), after
SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_MAX_AGE seconds after login.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect

from models import User
from models.permissions import REQUIRED_ROLE, Action, allowed
from models.read.inbox import member_with_unread_count
from models.text.inputs import whole_number

from .db import get_session

login_manager = LoginManager()
csrf = CSRFProtect()

# Endpoints an anonymous visitor may reach; everything else sends them to the login page.
PUBLIC_ENDPOINTS = {"auth.login", "auth.login_submit", "static"}
# What a member who must first replace a password someone else chose may reach.
PASSWORD_CHANGE_ENDPOINTS = {"auth.account", "auth.change_password", "auth.logout", "static"}
SEEN_RESOLUTION = 60  # seconds: the last-seen time is rewritten at most once a minute
_clock = time.time  # the sessions' clock (tests move it forward)

F = TypeVar("F", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    """Bind Flask-Login and CSRF protection, and close the desk to anonymous visitors."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to use the desk."
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    # The cookie itself expires too, not only the server's idea of the session.
    app.permanent_session_lifetime = app.config["SESSION_MAX_AGE"]
    app.before_request(_require_login)


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    ident, _, epoch_text = user_id.partition(":")
    member_id, epoch = whole_number(ident, minimum=1), whole_number(epoch_text)
    if member_id is None or epoch is None:
        return None  # a cookie from before session epochs, or a forged one
    found = member_with_unread_count(get_session(), member_id)
    if found is None:
        return None
    user, unread = found
    if not user.active or user.session_epoch != epoch:
        return None
    g.unread_count = unread  # the top bar's count (webapp/inbox/views.unread_label)
    return user


def start_session(user: User) -> None:
    """Log `user` in on this browser, starting the session's idle and absolute clocks."""
    login_user(user)
    session.permanent = True
    session["login_at"] = session["seen_at"] = int(_clock())


def _session_expired(now: int) -> bool:
    config = current_app.config
    login_at, seen_at = session.get("login_at"), session.get("seen_at")
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        return True
    return (
        now - seen_at > config["SESSION_IDLE_TIMEOUT"] or now - login_at > config["SESSION_MAX_AGE"]
    )


def _require_login() -> Any:
    if request.blueprint == "api":
        return None
    if current_user.is_authenticated:
        now = int(_clock())
        if _session_expired(now):
            logout_user()
            session.pop("login_at", None)
            session.pop("seen_at", None)
            flash("Your session has ended; please log in again.", "info")
            if request.endpoint in PUBLIC_ENDPOINTS:
                return None
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if now - session["seen_at"] >= SEEN_RESOLUTION:
            session["seen_at"] = now
        if actor().must_change_password and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:
            flash("Choose your own password before you use the desk.", "info")
            return redirect(url_for("auth.account"))
        return None
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    return login_manager.unauthorized()


def actor() -> User:
    """Return the logged-in desk member (the views run only for logged-in users)."""
    return current_user._get_current_object()  # type: ignore[attr-defined]


def can(action: Action | str) -> bool:
    """Tell whether the current user may do `action` (for templates: show or hide)."""
    if not isinstance(action, Action):  # Action is a StrEnum: a member is a str too
        action = Action[action]
    return current_user.is_authenticated and allowed(actor(), action)


def requires(action: Action) -> Callable[[F], F]:
    """Answer 403, naming the role needed, unless the current user may do `action`."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not allowed(actor(), action):
                needed = REQUIRED_ROLE[action].value
                abort(403, description=f"To {action.value} you need the {needed} role.")
            return view(*args, **kwargs)

        wrapped.required_action = action  # type: ignore[attr-defined]  # read by the tests
        return wrapped  # type: ignore[return-value]

    return decorate


def safe_next(target: str | None) -> str:
    r"""Return `target` if it is a path on this site, else the dashboard (no open redirect).

    The parsed address decides, not the raw string: urlsplit (like Werkzeug and browsers)
    drops tabs and newlines, so "/\t/evil.example" would become "//evil.example". An
    address with a control character or an unusual space is refused outright.
    """
    if not target or not target.isprintable() or "\\" in target:
        return url_for("desk.dashboard")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or target.startswith("//"):
        return url_for("desk.dashboard")
    return target


def redirect_next() -> Any:
    """Redirect to the ?next= page the login was asked for, if it is local."""
    return redirect(safe_next(request.args.get("next")))

"""Logging in, CSRF, and the one place where a route states the action it needs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, redirect, request, url_for
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

from models import User
from models.permissions import REQUIRED_ROLE, Action, allowed

from .db import get_session

login_manager = LoginManager()
csrf = CSRFProtect()

# Endpoints an anonymous visitor may reach; everything else sends them to the login page.
PUBLIC_ENDPOINTS = {"auth.login", "auth.login_submit", "static"}

F = TypeVar("F", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    """Bind Flask-Login and CSRF protection, and close the desk to anonymous visitors."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to use the desk."
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    app.before_request(_require_login)


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    try:
        user = get_session().get(User, int(user_id))
    except ValueError:
        return None
    return user if user is not None and user.active else None


def _require_login() -> Any:
    if request.endpoint in PUBLIC_ENDPOINTS or request.blueprint == "api":
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


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
    """Return `target` if it is a path on this site, else the dashboard (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("desk.dashboard")


def redirect_next() -> Any:
    """Redirect to the ?next= page the login was asked for, if it is local."""
    return redirect(safe_next(request.args.get("next")))

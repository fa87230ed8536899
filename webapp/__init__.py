"""Claimdesk's web app: built only in create_app()."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from models.db import database_url

from . import db
from .config import DATABASE_FILENAME, Defaults


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app: defaults, CLAIMDESK_* variables, then `test_config`."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Defaults)
    app.config.from_prefixed_env("CLAIMDESK")
    if test_config:
        app.config.update(test_config)

    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = database_url(Path(app.instance_path) / DATABASE_FILENAME)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))

    db.init_app(app, app.config["DATABASE_URL"])

    from . import errors, headers, inputs, security, throttle
    from .api import bp as api_bp
    from .articles.importing import bp as importing_bp
    from .articles.revisions import bp as revisions_bp
    from .articles.suggestions import bp as suggestions_bp
    from .articles.views import bp as articles_bp
    from .auth.views import bp as auth_bp
    from .claims.bulk import bp as bulk_bp
    from .claims.views import bp as claims_bp
    from .commands import register_commands
    from .desk.views import bp as desk_bp
    from .inbox.views import bp as inbox_bp
    from .inbox.views import unread_label
    from .pickers.views import bp as pickers_bp
    from .reports.views import bp as reports_bp
    from .search.views import bp as search_bp
    from .sources.views import bp as sources_bp
    from .speakers.views import bp as speakers_bp
    from .tokens.views import bp as tokens_bp
    from .users.views import bp as users_bp
    from .withdrawals.views import bp as withdrawals_bp

    inputs.init_app(app)  # before the blueprints (routes) and CSRF (reads the form)
    headers.init_app(app)  # before security: its hook must see Flask-Login's cookies
    security.init_app(app)
    errors.init_app(app)
    app.jinja_env.globals["can"] = security.can
    app.context_processor(lambda: {"inbox_unread": unread_label()})  # the top bar's count
    for blueprint in (auth_bp, desk_bp, articles_bp, claims_bp, sources_bp, speakers_bp, users_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(reports_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(tokens_bp)
    app.register_blueprint(pickers_bp)
    app.register_blueprint(inbox_bp)
    app.register_blueprint(withdrawals_bp)
    app.register_blueprint(bulk_bp)
    app.register_blueprint(importing_bp)
    app.register_blueprint(suggestions_bp)
    app.register_blueprint(revisions_bp)
    security.csrf.exempt(api_bp)  # token-authenticated: no cookie, so nothing to forge
    throttle.init_app(app)  # wraps the login view registered above
    register_commands(app)
    return app


def _instance_secret(instance: Path) -> str:
    """Return the instance folder's secret key, creating it once (owner-only) if missing."""
    path = instance / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        instance.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key

"""The users pages."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.get("/")
def index() -> str:
    """List the users."""
    return render_template("users/index.html")

"""The sources pages."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("sources", __name__, url_prefix="/sources")


@bp.get("/")
def index() -> str:
    """List the sources."""
    return render_template("sources/index.html")

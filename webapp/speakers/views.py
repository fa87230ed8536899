"""The speakers pages."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("speakers", __name__, url_prefix="/speakers")


@bp.get("/")
def index() -> str:
    """List the speakers."""
    return render_template("speakers/index.html")

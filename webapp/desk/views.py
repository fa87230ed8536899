"""The dashboard: progress per article, my queue, recent activity."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("desk", __name__)


@bp.get("/")
def dashboard() -> str:
    """Show the desk's dashboard."""
    return render_template("desk/dashboard.html")

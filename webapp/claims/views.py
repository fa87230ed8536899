"""The claims pages."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("claims", __name__, url_prefix="/claims")


@bp.get("/")
def index() -> str:
    """List the claims."""
    return render_template("claims/index.html")

"""The articles pages."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("articles", __name__, url_prefix="/articles")


@bp.get("/")
def index() -> str:
    """List the articles."""
    return render_template("articles/index.html")

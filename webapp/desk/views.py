"""The dashboard: the desk's totals, the articles people work on, my queue, activity."""

from __future__ import annotations

from flask import Blueprint, render_template

from models.read.activity import recent_activity
from models.read.articles import articles_by_id, recently_active
from models.read.progress import article_progress, desk_totals
from models.read.queue import queue_groups
from models.read.ratings import list_ratings

from ..db import get_session
from ..security import actor

bp = Blueprint("desk", __name__)

REPORT_FORMATS = ("html", "pdf", "md", "csv", "json", "claimreview")
RECENT_ARTICLES = 10  # the rest are a click away, on the article list


@bp.get("/")
def dashboard() -> str:
    """Show the desk's dashboard."""
    session = get_session()
    recent = articles_by_id(session, recently_active(session, limit=RECENT_ARTICLES))
    return render_template(
        "desk/dashboard.html",
        articles=article_progress(session, recent),
        total=desk_totals(session),
        ratings=list_ratings(session),
        queue=queue_groups(session, actor()),
        activity=recent_activity(session),
        formats=REPORT_FORMATS,
    )

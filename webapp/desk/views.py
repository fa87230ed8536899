"""The dashboard: progress per article, my queue, recent activity."""

from __future__ import annotations

from flask import Blueprint, render_template

from models.read.activity import recent_activity
from models.read.progress import article_progress, desk_progress
from models.read.queue import queue_groups
from models.read.ratings import list_ratings

from ..db import get_session
from ..security import actor

bp = Blueprint("desk", __name__)

REPORT_FORMATS = ("html", "pdf", "md", "csv", "json", "claimreview")


@bp.get("/")
def dashboard() -> str:
    """Show the desk's dashboard."""
    session = get_session()
    articles = article_progress(session)
    return render_template(
        "desk/dashboard.html",
        articles=articles,
        total=desk_progress(articles),
        ratings=list_ratings(session),
        queue=queue_groups(session, actor()),
        activity=recent_activity(session),
        formats=REPORT_FORMATS,
    )

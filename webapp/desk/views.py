"""The dashboard: the desk's totals, the articles people work on, my queue, activity."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request

from models import Article
from models.errors import ValidationError
from models.read.activity import recent_activity
from models.read.articles import articles_by_id, recently_active
from models.read.progress import article_progress, desk_totals
from models.read.queue import queue_groups
from models.read.ratings import list_ratings
from models.read.similar import TEXT_MAX, check_text, find_similar

from ..db import get_session
from ..inputs import query_number
from ..security import actor

bp = Blueprint("desk", __name__)

REPORT_FORMATS = ("html", "pdf", "md", "csv", "json", "claimreview")
RECENT_ARTICLES = 10  # the rest are a click away, on the article list


@bp.get("/")
def dashboard() -> str:
    """Show the desk's dashboard (with ?article=, my queue in that article only)."""
    session = get_session()
    recent = articles_by_id(session, recently_active(session, limit=RECENT_ARTICLES))
    article_id = query_number("article")
    queue_article = None
    if article_id is not None:
        # a row, not the entity: always one statement, never its body
        title = sa.select(Article.id, Article.title).where(Article.id == article_id)
        queue_article = session.execute(title).first()
        if queue_article is None:
            abort(404, description=f"There is no article {article_id}.")
    return render_template(
        "desk/dashboard.html",
        articles=article_progress(session, recent),
        total=desk_totals(session),
        ratings=list_ratings(session),
        queue=queue_groups(session, actor(), article_id=article_id),
        queue_article=queue_article,
        activity=recent_activity(session),
        formats=REPORT_FORMATS,
    )


@bp.get("/check")
def check_sentence() -> tuple[str, int]:
    """Show what the desk already knows about a sentence: the claims most like it."""
    text = request.args.get("text")
    found, problem, status = None, None, 200
    if text is not None:
        try:
            found = find_similar(get_session(), check_text(text))
        except ValidationError as exc:
            problem, status = exc.message, 422
    return render_template(
        "desk/check.html", text=text or "", found=found, problem=problem, text_max=TEXT_MAX
    ), status

"""The top bar's search: the whole desk grouped by kind, or one kind a page at a time."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from models.read.fulltext import KINDS
from models.read.search_results import search_desk, search_kind
from models.text.inputs import whole_number

from ..db import get_session
from ..inputs import list_search

bp = Blueprint("search", __name__, url_prefix="/search")

PER_PAGE = 50  # matches on one kind's page


@bp.get("/")
def results() -> str:
    """Show what matches the words: a few of each kind, or one kind's page (?kind=)."""
    text, note = list_search(request.args.get("q"))
    kind = request.args.get("kind", "")
    if not text:
        return render_template("search/results.html", text="", note=note, desk=None, page=None)
    session = get_session()
    if kind in KINDS:
        # a number that is not an id from this list just starts the list again
        before = whole_number(request.args.get("before"), minimum=1)
        page = search_kind(session, text, kind, before=before, limit=PER_PAGE)
        return render_template("search/results.html", text=text, note=note, desk=None, page=page)
    desk = search_desk(session, text)
    return render_template("search/results.html", text=text, note=note, desk=desk, page=None)

"""What a picker offers as someone types: a few matching records, as JSON.

Any `<input data-lookup="KIND">` asks `GET /lookup/KIND?q=…` (static/lookup.js) and
shows the answer as a list under the field. The field works without it: the form
sends whatever was typed, a name or an id, and the view it reaches resolves that.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, jsonify, request
from sqlalchemy import orm
from werkzeug.wrappers import Response

from models.permissions import Action
from models.read.articles import find_articles
from models.read.matching import Match
from models.read.people import find_members, find_speakers
from models.read.sources import find_sources

from ..db import get_session
from ..security import requires

bp = Blueprint("pickers", __name__, url_prefix="/lookup")

FINDERS: dict[str, Callable[[orm.Session, str], list[Match]]] = {
    "articles": find_articles,
    "speakers": find_speakers,
    "sources": find_sources,
    "members": find_members,
}


@bp.get("/<kind>")
@requires(Action.VIEW)
def lookup(kind: str) -> Response:
    """Answer the records of `kind` matching ?q= as [{"id", "label"}], at most ten."""
    finder = FINDERS.get(kind)
    if finder is None:
        abort(404, description=f"Nothing to look up under {kind!r}: try {', '.join(FINDERS)}.")
    matches = finder(get_session(), request.args.get("q", ""))
    response = jsonify([match.as_json() for match in matches])
    response.headers["Cache-Control"] = "private, no-store"  # the desk changes as people work
    return response

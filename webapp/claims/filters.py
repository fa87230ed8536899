"""The claim list's query string, read leniently, and the filter bar that shows it back.

The query string is the whole state of a list view (filters, sort, page), so a view can
be bookmarked or sent to a colleague. The grammar is models.read.claim_query's, shared
with the API, the downloads and the CLI; here a value it refuses is left out and the
page says which and why, instead of answering with an error page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import orm

from models import User
from models.read import claims
from models.read.claim_filter import NO_RATING
from models.read.claim_query import ClaimQuery, Dropped, parse_claim_query
from models.read.keyset import KeysetPage, end_of
from models.read.ratings import list_ratings

from ..db import get_session
from ..security import actor
from .forms import ClaimFilterForm, options

EXPORT_FORMATS = [
    ("html", "HTML"),
    ("pdf", "PDF"),
    ("md", "Markdown"),
    ("csv", "CSV"),
    ("json", "JSON"),
    ("claimreview", "ClaimReview"),
]

# How the list introduces a value it did not use, by parameter.
LEADS = {
    "article": "Not filtered by article",
    "speaker": "Not filtered by speaker",
    "status": "Not filtered by status",
    "rating": "Not filtered by verdict",
    "assignee": "Not filtered by assignee",
    "stance": "Not filtered by source stance",
    "q": "Not searched",
    "sort": "Not sorted as asked",
}
PAGE_LEAD = "Showing the first page"  # a cursor that could not be used


def list_query(session: orm.Session, args: Mapping[str, str], me: User) -> ClaimQuery:
    """Read the list's query string for `me`, leaving out what cannot be used.

    With words and no sort chosen the list is newest first, as search results are: read
    from the search index in that order, a page costs the same however many claims match.
    """
    default = "created" if (args.get("q") or "").strip() else "position"
    return parse_claim_query(session, args, strict=False, me=me, default_sort=default)


def note(dropped: Dropped) -> str:
    """Return the sentence that tells why a parameter was left out."""
    return f"{LEADS.get(dropped.param, PAGE_LEAD)}: {dropped.reason}."


def filter_form(query: ClaimQuery, session: orm.Session) -> ClaimFilterForm:
    """Return the filter bar showing the values the list used."""
    form = ClaimFilterForm(data={**query.params, "sort": query.sort})
    form.rating.choices = options(
        [
            ("", "Any verdict"),
            (NO_RATING, "No verdict yet"),
            *((r.slug, r.label) for r in list_ratings(session)),
        ]
    )
    return form


def pager_links(page: KeysetPage[Any], query: ClaimQuery) -> list[tuple[str, str, dict[str, str]]]:
    """Return (rel, label, query arguments) for the first, previous, next and last pages.

    Only the links that lead somewhere: none back from the first page, none on from the
    last. Each keeps the view's filters and sort.
    """
    links = []
    before, after = page.prev_cursor, page.next_cursor
    if page.has_prev:
        links.append(("first", "« First", query.link_params()))
        if before is not None:
            links.append(("prev", "‹ Previous", query.link_params(before=before.encode())))
    if after is not None:
        links.append(("next", "Next ›", query.link_params(after=after.encode())))
        links.append(("last", "Last »", query.link_params(before=end_of(page.order).encode())))
    return links


def render_claim_list(status: int = 200, **bulk_state: object) -> ResponseReturnValue:
    """Render the claim list of this request's query string; a refused bulk action
    passes its message, its refusals and the selection and values typed, to keep."""
    session = get_session()
    query = list_query(session, request.args, actor())
    page = claims.claim_page(
        session,
        query.claim_filter,
        sort=query.sort,
        after=query.after,
        before=query.before,
        limit=int(current_app.config.get("CLAIMS_PER_PAGE", 50)),
    )
    html = render_template(
        "claims/index.html",
        form=filter_form(query, session),
        page=page,
        counted=claims.count_claims(session, query.claim_filter),
        count_cap=claims.COUNT_CAP,
        pages=pager_links(page, query),
        notes=[note(dropped) for dropped in query.dropped],
        query=query,
        export_formats=EXPORT_FORMATS,
        **bulk_state,
    )
    return html, status

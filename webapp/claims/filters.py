"""Read the claim list's query string into a ClaimFilter, and write it back into URLs.

The query string is the whole state of a list view (filters, sort, page), so a view can
be bookmarked or sent to a colleague. A value that makes no sense (an unknown status, a
page that is not a number) is ignored rather than answered with an error page; search
words that cannot be used are dropped with a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import orm
from werkzeug.datastructures import MultiDict

from models import ClaimStatus, Stance, User
from models.read.articles import article_choices
from models.read.claim_filter import NO_RATING, ClaimFilter
from models.read.claims import SORTS
from models.read.people import member_choices, speaker_names
from models.read.ratings import list_ratings
from models.text.inputs import control_character, whole_number

from ..inputs import list_search
from .forms import ClaimFilterForm, options

ME = "me"
NOBODY = "none"
NAME_MAX = 200  # a speaker's name (models.services.speakers.create_speaker)


@dataclass
class ListQuery:
    """A parsed claim-list URL: the filter, the order, the page and the clean parameters."""

    claim_filter: ClaimFilter
    sort: str = "position"
    page: int = 1
    params: dict[str, str] = field(default_factory=dict)  # only the values that were used
    note: str | None = None  # why a value was not used, when the list should say so

    def url_args(self, **changes: Any) -> dict[str, Any]:
        """Return the parameters for url_for: filters and sort, with `changes` applied."""
        args: dict[str, Any] = dict(self.params)
        if self.sort != "position":
            args["sort"] = self.sort
        args.update(changes)
        return {key: value for key, value in args.items() if value not in (None, "")}


def _int(value: str | None) -> int | None:
    return whole_number(value, minimum=1)


def _name(value: str | None, limit: int) -> str:
    """Return a name from a select (speaker, rating) on one line, or "" if it is nonsense."""
    name = " ".join((value or "").split())[:limit]
    return "" if control_character(name) else name


def parse_list_query(args: MultiDict[str, str], user: User) -> ListQuery:
    """Turn the list's query string into a filter for `user` ("me" means them)."""
    criteria: dict[str, Any] = {}
    params: dict[str, str] = {}

    article_id = _int(args.get("article"))
    if article_id is not None:
        criteria["article_id"] = article_id
        params["article"] = str(article_id)

    speaker = _name(args.get("speaker"), NAME_MAX)
    if speaker:
        criteria["speaker"] = speaker
        params["speaker"] = speaker

    status = args.get("status") or ""
    if status in {s.value for s in ClaimStatus}:
        criteria["status"] = ClaimStatus(status)
        params["status"] = status

    rating = _name(args.get("rating"), 40)
    if rating:
        criteria["rating"] = NO_RATING if rating == NO_RATING else rating
        params["rating"] = rating

    assignee = (args.get("assignee") or "").strip()
    if assignee == ME:
        criteria["assignee_id"] = user.id
        params["assignee"] = ME
    elif assignee == NOBODY:
        criteria["unassigned"] = True
        params["assignee"] = NOBODY
    elif _int(assignee) is not None:
        criteria["assignee_id"] = _int(assignee)
        params["assignee"] = assignee

    stance = args.get("stance") or ""
    if stance in {s.value for s in Stance}:
        criteria["stance"] = Stance(stance)
        params["stance"] = stance

    text, note = list_search(args.get("q"))
    if text:
        criteria["text"] = text
        params["q"] = text

    sort = args.get("sort") or "position"
    if sort not in SORTS:
        sort = "position"
    page = _int(args.get("page")) or 1
    return ListQuery(ClaimFilter(**criteria), sort=sort, page=page, params=params, note=note)


def export_args(query: ListQuery, user: User) -> dict[str, str]:
    """Return the filter parameters for a report download of the same claims.

    "me" is resolved to the member's id: an exported file is about claims, not viewers.
    """
    args = dict(query.params)
    if args.get("assignee") == ME:
        args["assignee"] = str(user.id)
    return args


def filter_form(args: MultiDict[str, str], session: orm.Session) -> ClaimFilterForm:
    """Return the filter bar showing the values of the query string."""
    form = ClaimFilterForm(args)
    form.article.choices = options(
        [("", "Any article"), *((str(i), title) for i, title in article_choices(session))]
    )
    form.speaker.choices = options(
        [("", "Anyone"), *((name, name) for name in speaker_names(session))]
    )
    form.rating.choices = options(
        [
            ("", "Any verdict"),
            (NO_RATING, "No verdict yet"),
            *((r.slug, r.label) for r in list_ratings(session)),
        ]
    )
    form.assignee.choices = options(
        [
            ("", "Anyone"),
            (ME, "Me"),
            (NOBODY, "Nobody"),
            *((str(i), name) for i, name in member_choices(session)),
        ]
    )
    return form

"""The claim filter's grammar: one reader of query parameters for every channel.

The claim list, its export buttons, report downloads and the preview, the API's claim
list and `claimdesk export` all hand their parameters to `parse_claim_query`, so a
value means the same thing everywhere:

    article   an article id, or its exact title
    speaker   a speaker id, or a name or alias in any case and spacing
    status    a status slug or label in any case ("In review" = "in_review")
    rating    a verdict slug or label in any case, or "none" (no verdict yet)
    assignee  a member id or username, "me" (whoever asks) or "none" (unassigned)
    stance    supports, refutes or context: claims with a source taking that stance
    q         search words (all must match)
    ids       claim ids separated by commas (at most 500): these claims only
    sort      position, updated, created, status or id
    after, before (or cursor = after)   a page of the list, as an opaque cursor

Strict channels (API, downloads, CLI) refuse a bad value with a ValidationError or a
NotFound naming the parameter and what it may be; the HTML list (lenient) drops the
value and keeps the refusal's reason to show beside the list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from ..errors import DomainError, NotFound, ValidationError
from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.enums import ClaimStatus, Stance
from ..tables.speaker import Speaker, SpeakerAlias, alias_key
from ..tables.user import User
from ..text.inputs import clean_plain, is_digits, parse_whole_number
from .claim_filter import NO_RATING, ClaimFilter
from .claims import ORDERS
from .keyset import Cursor, Order, decode_cursor
from .ratings import list_ratings
from .search import check_search

FILTER_PARAMS = ("article", "speaker", "status", "rating", "assignee", "stance", "q", "ids")
IDS_MAX = 500  # claims a selection may name (the claim list's bulk export)
ME = "me"  # the assignee who asks
NOBODY = "none"  # no assignee
NAME_MAX = 300  # longer than any title or speaker name the desk stores
SHOWN_MATCHES = 5  # ids listed when a title names several articles


@dataclass(frozen=True)
class Dropped:
    """A parameter the lenient reading left out, and why."""

    param: str
    value: str
    reason: str


@dataclass(frozen=True)
class ClaimQuery:
    """A parsed claim query: the filter, the order, the page, and the parameters used."""

    claim_filter: ClaimFilter
    sort: str
    default_sort: str = "position"
    after: Cursor | None = None
    before: Cursor | None = None
    params: Mapping[str, str] = field(default_factory=dict)  # filter values as used
    dropped: tuple[Dropped, ...] = ()
    me_id: int | None = None

    def link_params(self, **changes: str | None) -> dict[str, str]:
        """Return the query string of this view (filters and sort) with `changes` applied.

        A change to None removes that parameter; pages are chosen by passing `after` or
        `before`.
        """
        args = dict(self.params)
        if self.sort != self.default_sort:
            args["sort"] = self.sort
        args.update(changes)  # type: ignore[arg-type]
        return {key: value for key, value in args.items() if value not in (None, "")}

    def export_params(self) -> dict[str, str]:
        """Return the filter for a download of these claims: "me" becomes the member's id.

        A file is passed around; it is about claims, not about whoever opens it.
        """
        args = dict(self.params)
        if args.get("assignee") == ME and self.me_id is not None:
            args["assignee"] = str(self.me_id)
        return args


Reader = Callable[[str, orm.Session, "int | None"], tuple[dict[str, Any], str]]


def parse_claim_query(
    session: orm.Session,
    params: Mapping[str, str],
    *,
    strict: bool,
    me: User | None = None,
    default_sort: str = "position",
) -> ClaimQuery:
    """Read a claim query from `params` (a query string's first values, CLI options).

    `me` is the member asking (for assignee=me). Strict: raise the first bad value's
    DomainError. Lenient: leave bad values out and list them in `dropped`. Parameters
    the grammar does not know are ignored.
    """
    me_id = me.id if me is not None else None
    criteria: dict[str, Any] = {}
    used: dict[str, str] = {}
    dropped: list[Dropped] = []

    def attempt(name: str, read: Callable[..., Any], *args: Any) -> Any:
        value = (params.get(name) or "").strip()
        if not value:
            return None
        try:
            return read(value, *args)
        except DomainError as exc:
            if strict:
                raise
            dropped.append(Dropped(name, value, exc.message))
            return None

    for name in FILTER_PARAMS:
        found = attempt(name, READERS[name], session, me_id)
        if found is not None:
            criteria.update(found[0])
            used[name] = found[1]

    sort = attempt("sort", _sort) or default_sort
    order = ORDERS[sort]
    after = attempt("after", _cursor, order, "after") or attempt("cursor", _cursor, order, "cursor")
    before = attempt("before", _cursor, order, "before")
    if after is not None and before is not None:
        refusal = ValidationError(
            "a page is after a cursor or before one, not both", field="before"
        )
        if strict:
            raise refusal
        dropped.append(Dropped("before", params.get("before", ""), refusal.message))
        before = None
    return ClaimQuery(
        claim_filter=ClaimFilter(**criteria),
        sort=sort,
        default_sort=default_sort,
        after=after,
        before=before,
        params=used,
        dropped=tuple(dropped),
        me_id=me_id,
    )


# --- one reader per parameter: (criteria, the value as written back into links) ---------


def _article(value: str, session: orm.Session, me_id: int | None) -> tuple[dict[str, Any], str]:
    if is_digits(value):
        article_id = parse_whole_number(value, "article")
        if session.scalar(sa.select(Article.id).where(Article.id == article_id)) is None:
            raise NotFound(f"there is no article {article_id}", field="article")
        return {"article_id": article_id}, str(article_id)
    title = clean_plain(value, "article")
    ids = [] if len(title) > NAME_MAX else _ids_titled(session, title)
    if not ids:
        raise NotFound(
            f"no article is titled {title!r}; give its id or its exact title", field="article"
        )
    if len(ids) > 1:
        shown = ", ".join(map(str, ids[:SHOWN_MATCHES]))
        raise ValidationError(
            f"several articles are titled {title!r}; give the id of one: {shown}", field="article"
        )
    return {"article_id": ids[0]}, title


def _ids_titled(session: orm.Session, title: str) -> list[int]:
    stmt = sa.select(Article.id).where(Article.title == title).order_by(Article.id)
    return list(session.scalars(stmt.limit(SHOWN_MATCHES + 1)))


def _speaker(value: str, session: orm.Session, me_id: int | None) -> tuple[dict[str, Any], str]:
    if is_digits(value):
        speaker_id = parse_whole_number(value, "speaker")
        if session.scalar(sa.select(Speaker.id).where(Speaker.id == speaker_id)) is None:
            raise NotFound(f"there is no speaker {speaker_id}", field="speaker")
        return {"speaker_id": speaker_id}, str(speaker_id)
    name = " ".join(clean_plain(value, "speaker").split())
    key = alias_key(name)
    known = len(key) <= NAME_MAX and session.scalar(
        sa.select(SpeakerAlias.speaker_id).where(SpeakerAlias.alias_key == key)
    )
    if not known:
        raise NotFound(f"no speaker is called {name!r}", field="speaker")
    # the name, not the id: a report's header then says whom it is about
    return {"speaker": name}, name


def _status(value: str, session: orm.Session, me_id: int | None) -> tuple[dict[str, Any], str]:
    key = "_".join(value.lower().replace("-", " ").split())
    try:
        status = ClaimStatus(key)
    except ValueError:
        valid = ", ".join(s.value for s in ClaimStatus)
        raise ValidationError(
            f"unknown status {value!r}; choose one of {valid}", field="status"
        ) from None
    return {"status": status}, status.value


def _rating(value: str, session: orm.Session, me_id: int | None) -> tuple[dict[str, Any], str]:
    clean_plain(value, "rating")
    wanted = " ".join(value.split()).casefold()
    if wanted == NO_RATING:
        return {"rating": NO_RATING}, NO_RATING
    scale = list_ratings(session)
    for rating in scale:
        if wanted in (rating.slug.casefold(), rating.label.casefold()):
            return {"rating": rating.slug}, rating.slug
    valid = ", ".join(r.slug for r in scale)
    raise ValidationError(
        f"unknown verdict {value!r}; choose one of {valid}, or {NO_RATING} for no verdict yet",
        field="rating",
    )


def _assignee(value: str, session: orm.Session, me_id: int | None) -> tuple[dict[str, Any], str]:
    clean_plain(value, "assignee")
    word = value.lower()
    if word == ME:
        if me_id is None:
            raise ValidationError(
                f"assignee {ME!r} means the member asking, and none is: give a username or id",
                field="assignee",
            )
        return {"assignee_id": me_id}, ME
    if word == NOBODY:
        return {"unassigned": True}, NOBODY
    if is_digits(value):
        condition = User.id == parse_whole_number(value, "assignee")
    else:
        condition = User.username == word
    user_id = None if len(word) > NAME_MAX else session.scalar(sa.select(User.id).where(condition))
    if user_id is None:
        raise NotFound(f"there is no member {value!r}", field="assignee")
    return {"assignee_id": user_id}, word


def _stance(value: str, session: orm.Session, me_id: int | None) -> tuple[dict[str, Any], str]:
    try:
        stance = Stance(value.lower())
    except ValueError:
        valid = ", ".join(s.value for s in Stance)
        raise ValidationError(
            f"unknown stance {value!r}; choose one of {valid}", field="stance"
        ) from None
    return {"stance": stance}, stance.value


def _words(value: str, session: orm.Session, me_id: int | None) -> tuple[dict[str, Any], str]:
    clean_plain(value, "q")  # before the split below, which would drop some of them
    words = check_search(" ".join(value.split())) or ""
    return {"text": words}, words


def _ids(value: str, session: orm.Session, me_id: int | None) -> tuple[dict[str, Any], str]:
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not parts:
        raise ValidationError("ids is a list of claim ids separated by commas", field="ids")
    if len(parts) > IDS_MAX:
        raise ValidationError(
            f"ids names {len(parts)} claims; a selection holds at most {IDS_MAX}", field="ids"
        )
    ids: list[int] = []
    for part in parts:
        if not is_digits(part):
            raise ValidationError(
                f"ids is a list of claim ids separated by commas, and {part[:20]!r} is not one",
                field="ids",
            )
        ids.append(parse_whole_number(part, "ids"))
    unique = tuple(sorted(set(ids)))
    known = set(session.scalars(sa.select(Claim.id).where(Claim.id.in_(unique))))
    missing = [i for i in unique if i not in known]
    if missing:
        shown = ", ".join(map(str, missing[:SHOWN_MATCHES]))
        raise NotFound(f"there is no claim {shown}", field="ids")
    return {"ids": unique}, ",".join(map(str, unique))


READERS: dict[str, Reader] = {
    "article": _article,
    "speaker": _speaker,
    "status": _status,
    "rating": _rating,
    "assignee": _assignee,
    "stance": _stance,
    "q": _words,
    "ids": _ids,
}


def _cursor(value: str, order: Order, field: str) -> Cursor:
    return decode_cursor(value, order, field=field)


def _sort(value: str) -> str:
    sort = value.lower()
    if sort not in ORDERS:
        raise ValidationError(
            f"unknown sort {value!r}; choose one of {', '.join(ORDERS)}", field="sort"
        )
    return sort

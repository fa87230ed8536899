"""Search across the desk: what the top bar's search box answers.

Every kind the desk holds (claims, articles, sources, speakers, comments) is searched
through its full-text index (`fulltext`), newest first. The whole desk answers with a
few of each kind and each kind's count up to a cap ("50+"); one kind answers a page at a
time by id. Either costs the same number of statements, each stopped early by a LIMIT,
on a desk of a thousand claims or a million.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.comment import Comment
from ..tables.source import Source
from ..tables.speaker import Speaker
from .claims import with_list_relations
from .fulltext import KINDS, index_id, matching_ids, search_words

SHOWN = 5  # of each kind on the whole desk's answer
COUNT_CAP = 50  # each kind is counted up to here, then "50+"
KIND_PAGE = 50  # rows on one kind's page

MODELS: dict[str, Any] = {
    "claims": Claim,
    "articles": Article,
    "sources": Source,
    "speakers": Speaker,
    "comments": Comment,
}


def _in_use(kind: str) -> sa.ColumnElement[bool]:
    """Return the condition that a match of `kind` is not withdrawn (nor on a withdrawn
    claim): a primary-key probe per match, so a LIMIT still stops the index's walk."""
    matched = index_id(kind)
    if kind == "comments":
        withdrawn = sa.exists().where(
            Comment.id == matched, Claim.id == Comment.claim_id, Claim.withdrawn_at.is_not(None)
        )
    elif kind in ("claims", "articles", "sources"):
        model = MODELS[kind]
        withdrawn = sa.exists().where(model.id == matched, model.withdrawn_at.is_not(None))
    else:
        return sa.true()
    return ~withdrawn


def _matching(kind: str, text: str, *, limit: int, before: int | None = None) -> sa.Select:
    """Return the ids of `kind` in use matching `text`, newest first (see matching_ids)."""
    return matching_ids(kind, text, limit=limit, before=before).where(_in_use(kind))


def _count_matching(kind: str, text: str, cap: int) -> sa.ScalarSelect[int]:
    capped = _matching(kind, text, limit=cap + 1).subquery()
    return sa.select(sa.func.count()).select_from(capped).scalar_subquery()


def _loading(kind: str, stmt: sa.Select) -> sa.Select:
    """Load what a result of `kind` shows along with it (never an article's body)."""
    if kind == "claims":
        return with_list_relations(stmt)
    if kind == "articles":
        return stmt.options(
            orm.load_only(Article.id, Article.title, Article.publisher, Article.published)
        )
    if kind == "comments":
        return stmt.options(
            orm.joinedload(Comment.author),
            orm.joinedload(Comment.claim).load_only(Claim.id, Claim.summary),
        )
    return stmt


@dataclass
class Group:
    """The matches of one kind: the newest few, and how many there are up to the cap."""

    kind: str
    items: list[Any]
    count: int  # at most cap + 1: more than cap means "cap+"
    cap: int = COUNT_CAP

    @property
    def capped(self) -> bool:
        """Tell whether there are more matches than were counted."""
        return self.count > self.cap

    @property
    def count_label(self) -> str:
        """Return the count as shown: "7", or "50+" past the cap."""
        return f"{self.cap}+" if self.capped else str(self.count)


@dataclass
class DeskResults:
    """The answer to one search of the whole desk: a group per kind, in KINDS order."""

    text: str
    searchable: bool  # False: no word with a letter or digit, so nothing was searched
    groups: list[Group]

    @property
    def found(self) -> bool:
        """Tell whether anything matched."""
        return any(group.count for group in self.groups)


@dataclass
class KindPage:
    """One page of the matches of one kind, newest first."""

    kind: str
    items: list[Any]
    next_before: int | None  # the id the next page starts below, or None at the end


def _load(session: orm.Session, kind: str, ids: sa.Select) -> list[Any]:
    """Return the rows whose ids `ids` selects, in its order (newest first)."""
    model = MODELS[kind]
    found = ids.subquery()
    stmt = sa.select(model).join(found, found.c.id == model.id).order_by(found.c.id.desc())
    return list(session.scalars(_loading(kind, stmt)).unique())


def search_desk(
    session: orm.Session, text: str, *, shown: int = SHOWN, cap: int = COUNT_CAP
) -> DeskResults:
    """Return the newest `shown` matches of each kind and each kind's count up to `cap`.

    One statement counts every kind; one more per kind that has matches fetches them.
    """
    if not search_words(text):
        return DeskResults(text, False, [Group(kind, [], 0, cap) for kind in KINDS])
    counts = session.execute(
        sa.select(*(_count_matching(kind, text, cap).label(kind) for kind in KINDS))
    ).one()
    groups = []
    for kind, count in zip(KINDS, counts, strict=True):
        items = _load(session, kind, _matching(kind, text, limit=shown)) if count else []
        groups.append(Group(kind, items, count, cap))
    return DeskResults(text, True, groups)


def search_kind(
    session: orm.Session,
    text: str,
    kind: str,
    *,
    before: int | None = None,
    limit: int = KIND_PAGE,
) -> KindPage:
    """Return up to `limit` matches of `kind` with an id below `before`, newest first."""
    ids = _matching(kind, text, limit=limit + 1, before=before)
    items = _load(session, kind, ids)
    if len(items) > limit:
        return KindPage(kind, items[:limit], items[limit - 1].id)
    return KindPage(kind, items, None)

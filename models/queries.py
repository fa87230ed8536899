"""Finding claims: one filter for the claim list, the API and the reports alike."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy import orm

from .article import Article, Speaker, SpeakerAlias
from .claim import Claim, Rating
from .enums import ClaimStatus, Stance
from .errors import ValidationError
from .inputs import clean_plain
from .intake import alias_key
from .source import ClaimSource

T = TypeVar("T")

NO_RATING = "none"  # the rating filter's value for "no verdict yet"
# Characters of search words: the claim list, the API, report downloads and the source
# list all stop here (SQLite also refuses a LIKE pattern past 50,000 bytes).
SEARCH_MAX = 200


def check_search(text: str | None, field: str = "q") -> str | None:
    """Return search words as given, refusing control characters or more than SEARCH_MAX."""
    if text is None:
        return None
    clean_plain(text, field)
    if len(text) > SEARCH_MAX:
        raise ValidationError(
            f"the search words have {len(text)} characters; at most {SEARCH_MAX} are searched",
            field=field,
        )
    return text


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims a list, an API page or a report is about; None means any."""

    article_id: int | None = None
    speaker_id: int | None = None
    speaker: str | None = None  # a name or alias, resolved case-insensitively
    status: ClaimStatus | None = None
    rating: str | None = None  # a rating slug, or NO_RATING
    assignee_id: int | None = None
    unassigned: bool = False
    stance: Stance | None = None  # has at least one source with this stance
    text: str | None = None  # words in the claim text, summary or quote

    def __post_init__(self) -> None:
        # Every list, API page and report is built on a ClaimFilter: checked here, no
        # channel can search with words the databases would refuse or choke on.
        check_search(self.text)
        for field, value in (("speaker", self.speaker), ("rating", self.rating)):
            if value is not None:
                clean_plain(value, field)

    def apply(self, stmt: sa.Select) -> sa.Select:
        """Narrow a SELECT over Claim to this filter."""
        if self.article_id is not None:
            stmt = stmt.where(Claim.article_id == self.article_id)
        if self.speaker_id is not None:
            stmt = stmt.where(Claim.speaker_id == self.speaker_id)
        if self.speaker:
            stmt = stmt.where(
                Claim.speaker.has(
                    Speaker.aliases.any(SpeakerAlias.alias_key == alias_key(self.speaker))
                )
            )
        if self.status is not None:
            stmt = stmt.where(Claim.status == self.status)
        if self.rating == NO_RATING:
            stmt = stmt.where(Claim.rating_id.is_(None))
        elif self.rating:
            stmt = stmt.where(Claim.rating.has(Rating.slug == self.rating))
        if self.assignee_id is not None:
            stmt = stmt.where(Claim.assignee_id == self.assignee_id)
        if self.unassigned:
            stmt = stmt.where(Claim.assignee_id.is_(None))
        if self.stance is not None:
            stmt = stmt.where(Claim.sources.any(ClaimSource.stance == self.stance))
        if self.text and self.text.strip():
            words = self.text.split()
            for word in words[:8]:
                pattern = (
                    "%" + word.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
                )
                stmt = stmt.where(
                    sa.or_(
                        Claim.text.ilike(pattern, escape="\\"),
                        Claim.summary.ilike(pattern, escape="\\"),
                        Claim.quote_exact.ilike(pattern, escape="\\"),
                    )
                )
        return stmt

    def is_empty(self) -> bool:
        """Tell whether no criterion is set."""
        return self == ClaimFilter()

    def as_params(self) -> dict[str, Any]:
        """Return the set criteria as plain values (for URLs and report headers)."""
        params: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, False, ""):
                params[f.name] = value.value if hasattr(value, "value") else value
        return params

    def with_(self, **changes: Any) -> ClaimFilter:
        """Return a copy with some criteria changed."""
        return replace(self, **changes)


# sort name: ORDER BY columns (always ending in a unique column, so pages are stable)
SORTS: dict[str, tuple[Any, ...]] = {
    "position": (Claim.article_id, Claim.quote_start, Claim.id),
    "updated": (Claim.updated_at.desc(), Claim.id.desc()),
    "created": (Claim.created_at.desc(), Claim.id.desc()),
    "status": (Claim.status, Claim.updated_at.desc(), Claim.id.desc()),
    "id": (Claim.id,),
}


@dataclass
class Page(Generic[T]):
    """One page of a list, with what a pager needs."""

    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _with_relations(stmt: sa.Select) -> sa.Select:
    return stmt.options(
        orm.joinedload(Claim.speaker),
        orm.joinedload(Claim.rating),
        orm.joinedload(Claim.assignee),
        # a list needs the article's title, never its whole body
        orm.joinedload(Claim.article).load_only(Article.id, Article.title),
    )


def list_claims(
    session: orm.Session,
    claim_filter: ClaimFilter,
    *,
    sort: str = "position",
    page: int = 1,
    per_page: int = 50,
) -> Page[Claim]:
    """Return one page of the filtered claims, in the chosen order.

    A page past the last (a shared link to a list that has since shrunk) is the last one.
    """
    order = SORTS.get(sort, SORTS["position"])
    base = claim_filter.apply(sa.select(Claim))
    total = session.scalar(sa.select(sa.func.count()).select_from(base.subquery())) or 0
    page = max(1, min(page, math.ceil(total / per_page)))
    stmt = _with_relations(base.order_by(*order).limit(per_page).offset((page - 1) * per_page))
    return Page(
        items=list(session.scalars(stmt).unique()), total=total, page=page, per_page=per_page
    )


def claims_after(
    session: orm.Session, claim_filter: ClaimFilter, *, after_id: int | None, limit: int
) -> list[Claim]:
    """Return up to `limit` filtered claims with an id above `after_id`, in id order.

    Keyset pagination: new claims get higher ids, so a client walking the cursor
    neither skips nor repeats a claim while others are being added.
    """
    stmt = claim_filter.apply(sa.select(Claim))
    if after_id is not None:
        stmt = stmt.where(Claim.id > after_id)
    stmt = _with_relations(stmt.order_by(Claim.id).limit(limit))
    return list(session.scalars(stmt).unique())

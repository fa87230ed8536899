"""Reading sources: the filtered list with stance counts, a source's claims, API pages,
and the short list a form offers."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.enums import SourceKind, Stance
from ..tables.source import ClaimSource, Source
from ..tables.speaker import Speaker
from .paging import Page, clamp_page, count_rows, rows_after
from .search import check_search, word_conditions


@dataclass(frozen=True)
class SourceFilter:
    """Which sources a list shows; None or empty means any."""

    kind: SourceKind | None = None
    text: str | None = None  # every word must appear in the title, address or publisher

    def __post_init__(self) -> None:
        check_search(self.text)

    def apply(self, stmt: sa.Select) -> sa.Select:
        """Narrow a SELECT over Source to this filter."""
        if self.kind is not None:
            stmt = stmt.where(Source.kind == self.kind)
        for condition in word_conditions(self.text, Source.title, Source.url, Source.publisher):
            stmt = stmt.where(condition)
        return stmt

    def is_empty(self) -> bool:
        """Tell whether no criterion is set."""
        return self.kind is None and not (self.text or "").strip()


@dataclass
class SourceRow:
    """A source with how many claims it supports, refutes and gives context to."""

    source: Source
    supports: int = 0
    refutes: int = 0
    context: int = 0

    @property
    def claims(self) -> int:
        return self.supports + self.refutes + self.context


# One page of the source list.
SourcePage = Page[SourceRow]


def _stance_count(stance: Stance) -> sa.ColumnElement[int]:
    return sa.func.count(ClaimSource.id).filter(ClaimSource.stance == stance)


def list_sources(
    session: orm.Session, source_filter: SourceFilter, *, page: int = 1, per_page: int = 25
) -> SourcePage:
    """Return one page of the filtered sources, newest first, each with its stance counts."""
    base = source_filter.apply(sa.select(Source.id))
    total = count_rows(session, base)
    page = clamp_page(page, total, per_page)
    stmt = (
        source_filter.apply(
            sa.select(
                Source,
                _stance_count(Stance.SUPPORTS),
                _stance_count(Stance.REFUTES),
                _stance_count(Stance.CONTEXT),
            )
        )
        .outerjoin(ClaimSource, ClaimSource.source_id == Source.id)
        .group_by(Source.id)
        .order_by(Source.created_at.desc(), Source.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    rows = [
        SourceRow(source, supports, refutes, context)
        for source, supports, refutes, context in session.execute(stmt)
    ]
    return SourcePage(items=rows, total=total, page=page, per_page=per_page)


@dataclass
class SourceUse:
    """The claims one source bears on, grouped by stance."""

    by_stance: dict[Stance, list[ClaimSource]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(len(links) for links in self.by_stance.values())


def source_links(session: orm.Session, source: Source) -> SourceUse:
    """Return the source's links to claims by stance, in article reading order."""
    stmt = (
        sa.select(ClaimSource)
        .join(ClaimSource.claim)
        .where(ClaimSource.source_id == source.id)
        .options(
            orm.contains_eager(ClaimSource.claim).options(
                orm.joinedload(Claim.rating),
                orm.joinedload(Claim.speaker).load_only(Speaker.id, Speaker.name),
                # the list needs the article's title, never its whole body
                orm.joinedload(Claim.article).load_only(Article.id, Article.title),
            ),
            orm.joinedload(ClaimSource.added_by),
        )
        .order_by(Claim.article_id, Claim.quote_start, Claim.id)
    )
    use = SourceUse(by_stance={stance: [] for stance in Stance})
    for link in session.scalars(stmt).unique():
        use.by_stance[link.stance].append(link)
    return use


def sources_after(session: orm.Session, *, after_id: int | None, limit: int) -> list[Source]:
    """Return up to `limit` sources with an id above `after_id` (the API's pages)."""
    return rows_after(session, Source, after_id=after_id, limit=limit)


def links_of_source(session: orm.Session, source_id: int) -> list[ClaimSource]:
    """Return the claims a source is linked to, with stance and excerpt, by claim id."""
    return list(
        session.scalars(
            sa.select(ClaimSource)
            .where(ClaimSource.source_id == source_id)
            .order_by(ClaimSource.claim_id)
        )
    )


def source_choices(session: orm.Session, *, exclude: Collection[int] = ()) -> list[tuple[int, str]]:
    """Return the recorded sources as (id, "title — publisher"), by title."""
    stmt = sa.select(Source.id, Source.title, Source.publisher).order_by(Source.title, Source.id)
    if exclude:
        stmt = stmt.where(Source.id.not_in(list(exclude)))
    return [
        (row.id, f"{row.title} — {row.publisher}" if row.publisher else row.title)
        for row in session.execute(stmt)
    ]

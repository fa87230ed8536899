"""Reading sources for their list and detail pages: filters, stance counts, pages."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import orm

from .article import Article, Speaker
from .claim import Claim
from .enums import SourceKind, Stance
from .queries import Page, check_search
from .source import ClaimSource, Source

TEXT_WORDS_MAX = 8  # words of a free-text search that are used; the rest are ignored


def _like(word: str) -> str:
    """Return a LIKE pattern matching `word` anywhere, its wildcards escaped."""
    escaped = word.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return f"%{escaped}%"


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
        for word in (self.text or "").split()[:TEXT_WORDS_MAX]:
            pattern = _like(word)
            stmt = stmt.where(
                sa.or_(
                    Source.title.ilike(pattern, escape="\\"),
                    Source.url.ilike(pattern, escape="\\"),
                    Source.publisher.ilike(pattern, escape="\\"),
                )
            )
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
    total = session.scalar(sa.select(sa.func.count()).select_from(base.subquery())) or 0
    page = max(1, min(page, max(1, math.ceil(total / per_page))))
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

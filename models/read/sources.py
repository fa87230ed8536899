"""Reading sources: the filtered list with stance counts, a source's claims, API pages,
and the matches a source picker offers."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import orm

from ..errors import DomainError
from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.enums import SourceKind, Stance
from ..tables.source import ClaimSource, Source
from ..tables.speaker import Speaker
from ..text.urls import url_spellings
from .fulltext import index_id, joined_matches, search_words
from .keyset import Cursor, KeysetPage, Order, count_up_to, keyset_page
from .matching import LOOKUP_LIMIT, Match, find_by_words
from .paging import rows_after
from .search import check_search


@dataclass(frozen=True)
class SourceFilter:
    """Which sources a list shows; None or empty means any."""

    kind: SourceKind | None = None
    text: str | None = None  # every word is in the title, address, publisher or an excerpt

    def __post_init__(self) -> None:
        check_search(self.text)

    def apply(self, stmt: sa.Select) -> sa.Select:
        """Narrow a SELECT over Source to this filter (sources in use only)."""
        stmt = stmt.where(Source.withdrawn_at.is_(None))
        if self.kind is not None:
            stmt = stmt.where(Source.kind == self.kind)
        if self.text:
            # read from the search index in its own order: see NEWEST_MATCHING
            stmt = stmt.where(joined_matches(Source.id, "sources", self.text))
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
    def id(self) -> int:
        """Return the source's id (the list's key)."""
        return self.source.id

    @property
    def claims(self) -> int:
        return self.supports + self.refutes + self.context


def _stance_counts(session: orm.Session, source_ids: list[int]) -> dict[int, dict[Stance, int]]:
    counts: dict[int, dict[Stance, int]] = {source_id: {} for source_id in source_ids}
    if source_ids:
        stmt = (
            sa.select(ClaimSource.source_id, ClaimSource.stance, sa.func.count())
            .join(Claim, Claim.id == ClaimSource.claim_id)
            .where(ClaimSource.source_id.in_(source_ids), Claim.withdrawn_at.is_(None))
            .group_by(ClaimSource.source_id, ClaimSource.stance)
        )
        for source_id, stance, count in session.execute(stmt):
            counts[source_id][stance] = count
    return counts


# The source list: newest recorded first.
NEWEST = Order("newest", (Source.id,), descending=True)
# The same order for a list with words, kept by the search index: read in it, a page
# stops at its end however many sources match.
NEWEST_MATCHING = Order("newest", (index_id("sources"),), descending=True)


COUNT_CAP = 10_000  # the list counts its sources up to here, then says "10,000+"


def count_sources(session: orm.Session, source_filter: SourceFilter) -> int:
    """Return how many sources the filter selects, counted up to COUNT_CAP + 1."""
    return count_up_to(session, source_filter.apply(sa.select(Source)), COUNT_CAP)


def list_sources(
    session: orm.Session,
    source_filter: SourceFilter,
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    per_page: int = 25,
) -> KeysetPage[SourceRow]:
    """Return one page of the filtered sources, newest first, each with its stance counts
    (counted for the page's sources only)."""
    # words with nothing to match join no index: the filter is then plainly false
    order = NEWEST_MATCHING if search_words(source_filter.text) else NEWEST
    page = keyset_page(
        session,
        source_filter.apply(sa.select(Source)),
        order,
        limit=per_page,
        after=after,
        before=before,
    )
    counts = _stance_counts(session, [source.id for source in page.items])
    rows = [
        SourceRow(
            source,
            counts[source.id].get(Stance.SUPPORTS, 0),
            counts[source.id].get(Stance.REFUTES, 0),
            counts[source.id].get(Stance.CONTEXT, 0),
        )
        for source in page.items
    ]
    return KeysetPage(rows, NEWEST, page.has_prev, page.has_next)


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
        .where(ClaimSource.source_id == source.id, Claim.withdrawn_at.is_(None))
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


def find_sources(session: orm.Session, typed: str, *, limit: int = LOOKUP_LIMIT) -> list[Match]:
    """Return the sources a picker offers for `typed`: the id it names, or the source at
    the address it is (in any spelling: http or https, www. or not), then those whose
    title, publisher, address or excerpts have words starting with each typed word,
    newest first."""
    found = find_by_words(
        session, "sources", typed, lambda ids: _sources_by_id(session, ids), _match, limit=limit
    )
    at_address = _source_at(session, typed)
    if at_address is None or limit < 1:
        return found
    return [_match(at_address), *(m for m in found if m.id != at_address.id)][:limit]


def _source_at(session: orm.Session, typed: str) -> Source | None:
    """Return the source in use recorded at the address `typed`, if it is one."""
    text = (typed or "").strip()
    if not text.lower().startswith(("http://", "https://")):
        return None
    try:
        spellings = url_spellings(text)
    except DomainError:
        return None  # not an address after all: the words alone answer
    return session.scalar(
        sa.select(Source)
        .where(Source.url.in_(spellings), Source.withdrawn_at.is_(None))
        .order_by(Source.id)
        .limit(1)
    )


def _sources_by_id(session: orm.Session, ids: list[int]) -> list[Source]:
    in_use = sa.select(Source).where(Source.id.in_(ids), Source.withdrawn_at.is_(None))
    found = {s.id: s for s in session.scalars(in_use)}
    return [found[i] for i in ids if i in found]


def _match(source: Source) -> Match:
    publisher = f" — {source.publisher}" if source.publisher else ""
    return Match(source.id, f"{source.title}{publisher}")

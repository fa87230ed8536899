"""Reading claims: the filtered list a page at a time by key, its capped count, one
claim's full record, an article's or a speaker's claims, and the relations each list
loads with its claims."""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.comment import Comment
from ..tables.source import ClaimSource
from .claim_filter import ClaimFilter, withdrawn_claim_ids
from .fulltext import (
    count_matching,
    index_id,
    joined_matches,
    matches,
    search_words,
    word_match,
)
from .keyset import Cursor, KeysetPage, Order, count_up_to, cursor_at, keyset_page

# The orders a claim list can take; each ends in the id, so every row has its own key.
ORDERS: dict[str, Order] = {
    order.name: order
    for order in (
        Order("position", (Claim.article_id, Claim.quote_start, Claim.id)),  # reading order
        Order("updated", (Claim.updated_at, Claim.id), descending=True),
        Order("created", (Claim.id,), descending=True),  # ids grow as claims are logged
        # within a status, the claim left alone longest first; the updated_at column
        # also lets SQLite seek to a cursor (it seeks on row values only up to the id)
        Order("status", (Claim.status, Claim.updated_at, Claim.id)),
        Order("id", (Claim.id,)),  # the API's order: a client walking it misses nothing new
    )
}
# "created" for a list with words: the search index read newest first, joined to the
# claims, so a LIMIT stops it however common the words. Its keys are the claims' ids, so
# its cursors are those of "created".
NEWEST_MATCHING = Order("created", (index_id("claims"),), descending=True)
# Words matching more claims than this are common: a list in another order is read in
# that order from its index, each claim checked against the matches (built once), and
# stops at the page's end; fewer matches are fetched and sorted, which is cheaper.
COMMON_WORDS = 1_000
COUNT_CAP = 10_000  # a list counts its claims up to here, then says "10,000+"
READING_ORDER = (Claim.quote_start, Claim.id)  # within one article


def with_list_relations(stmt: sa.Select) -> sa.Select:
    """Load what a row of a claim list shows: speaker, verdict, assignee, article title.

    A list needs the article's title, never its whole body.
    """
    return stmt.options(
        orm.joinedload(Claim.speaker),
        orm.joinedload(Claim.rating),
        orm.joinedload(Claim.assignee),
        orm.joinedload(Claim.article).load_only(Article.id, Article.title),
    )


def full_record() -> tuple[orm.interfaces.LoaderOption, ...]:
    """Return the loader options for everything one claim's page or API record shows."""
    return (
        orm.joinedload(Claim.article).load_only(
            Article.id, Article.title, Article.url, Article.publisher, Article.published
        ),
        orm.joinedload(Claim.speaker),
        orm.joinedload(Claim.rating),
        orm.joinedload(Claim.assignee),
        orm.joinedload(Claim.proposed_by),
        orm.joinedload(Claim.approved_by),
        orm.selectinload(Claim.sources).joinedload(ClaimSource.source),
        orm.selectinload(Claim.sources).joinedload(ClaimSource.added_by),
        orm.selectinload(Claim.comments).joinedload(Comment.author),
    )


# The relationships full_record loads, by name: keep the two together.
FULL_RECORD = frozenset(
    {"article", "speaker", "rating", "assignee", "proposed_by", "approved_by", "sources"}
    | {"comments"}
)


def load_claim(session: orm.Session, claim_id: int) -> Claim | None:
    """Return one claim with everything its full record shows, or None."""
    return session.scalar(sa.select(Claim).where(Claim.id == claim_id).options(*full_record()))


def with_full_record(session: orm.Session, claim: Claim) -> Claim:
    """Return `claim` with its full record loaded: as it is if nothing of it is missing.

    For a claim loaded plainly (to be changed), or expired by a rollback.
    """
    if FULL_RECORD.isdisjoint(sa.inspect(claim).unloaded):
        return claim
    return load_claim(session, claim.id) or claim


def claim_page(
    session: orm.Session,
    claim_filter: ClaimFilter,
    *,
    sort: str = "position",
    after: Cursor | None = None,
    before: Cursor | None = None,
    limit: int = 50,
) -> KeysetPage[Claim]:
    """Return one page of the filtered claims in the order `sort`, by key.

    `after` or `before` is a cursor of the same order; without either, the first page.
    Each row comes with what a list shows (speaker, verdict, assignee, article title).
    """
    if sort == "created" and search_words(claim_filter.text):
        stmt = sa.select(Claim).where(joined_matches(Claim.id, "claims", claim_filter.text))
        page = keyset_page(
            session,
            claim_filter.with_(text=None).apply(stmt),
            NEWEST_MATCHING,
            limit=limit,
            after=after,
            before=before,
            finish=with_list_relations,
        )
        return KeysetPage(page.items, ORDERS["created"], page.has_prev, page.has_next)
    stmt = claim_filter.apply(sa.select(Claim))
    if search_words(claim_filter.text) and _common(session, claim_filter.text):
        # `+ 0`: the matches no longer drive the query, the order's index does
        in_order = matches(Claim.id + sa.literal_column("0"), "claims", claim_filter.text)
        stmt = claim_filter.with_(text=None).apply(sa.select(Claim)).where(in_order)
    return keyset_page(
        session,
        stmt,
        ORDERS[sort],
        limit=limit,
        after=after,
        before=before,
        finish=with_list_relations,
    )


def _common(session: orm.Session, text: str | None) -> bool:
    found = session.scalar(sa.select(count_matching("claims", text, COMMON_WORDS))) or 0
    return found > COMMON_WORDS


def count_claims(session: orm.Session, claim_filter: ClaimFilter, cap: int | None = None) -> int:
    """Return how many claims the filter selects, counted up to cap + 1 (then: "more").

    The cap is COUNT_CAP unless given.
    """
    cap = COUNT_CAP if cap is None else cap
    if (claim_filter.text or "").strip() and claim_filter.with_(text=None).is_empty():
        # words alone: counted in the search index, never walking the claims, less the
        # withdrawn claims it holds (few: read from the withdrawn_at index, each checked
        # against the words); one statement
        withdrawn = (
            sa.select(sa.func.count(Claim.id))
            .where(
                Claim.withdrawn_at.is_not(None),
                sa.exists().where(
                    index_id("claims") == Claim.id, word_match("claims", claim_filter.text)
                ),
            )
            .scalar_subquery()
        )
        found, left_out = session.execute(
            sa.select(count_matching("claims", claim_filter.text, cap), withdrawn)
        ).one()
        return found if found > cap else max(found - left_out, 0)
    withdrawn_ids = withdrawn_claim_ids(session, cap)
    if withdrawn_ids is None:  # a desk that withdrew more than the cap: count them in place
        return count_up_to(session, claim_filter.apply(sa.select(Claim)), cap)
    everything = claim_filter.apply_criteria(sa.select(Claim))
    aside = everything.where(Claim.id.in_(withdrawn_ids))
    if claim_filter.withdrawn:
        return count_up_to(session, aside, cap)
    # Counted from the filter's own index (no table row visited), then the withdrawn
    # matches taken off: counting cap + those further keeps "more than cap" exact.
    left_out = count_up_to(session, aside, cap)
    found = count_up_to(session, everything, cap + left_out)
    return min(found - left_out, cap + 1)


def cursor_at_claim(claim: Claim, sort: str = "position") -> Cursor:
    """Return the cursor at `claim` in the order `sort`: the page after it starts next."""
    return cursor_at(ORDERS[sort], claim)


def load_sources(session: orm.Session, claims: list[Claim]) -> None:
    """Load the claims' source links (with their sources) in one statement.

    The API's list records show each claim's sources; one statement for the page instead
    of one per claim.
    """
    if not claims:
        return
    links: dict[int, list[ClaimSource]] = defaultdict(list)
    stmt = (
        sa.select(ClaimSource)
        .where(ClaimSource.claim_id.in_([c.id for c in claims]))
        .order_by(ClaimSource.id)
        .options(orm.joinedload(ClaimSource.source))
    )
    for link in session.scalars(stmt):
        links[link.claim_id].append(link)
    for claim in claims:
        orm.attributes.set_committed_value(claim, "sources", links[claim.id])


def article_claims(session: orm.Session, article_id: int) -> list[Claim]:
    """Return the article's claims in reading order, with speaker, verdict and assignee."""
    stmt = (
        sa.select(Claim)
        .where(Claim.article_id == article_id, Claim.withdrawn_at.is_(None))
        .order_by(*READING_ORDER)
    )
    return list(session.scalars(with_list_relations(stmt)))


def speaker_claims(session: orm.Session, speaker_id: int) -> list[Claim]:
    """Return the speaker's claims, by article and reading order."""
    stmt = (
        sa.select(Claim)
        .where(Claim.speaker_id == speaker_id, Claim.withdrawn_at.is_(None))
        .order_by(Claim.article_id, *READING_ORDER)
    )
    return list(session.scalars(with_list_relations(stmt)))


def claim_ids_of_article(session: orm.Session, article_id: int) -> list[int]:
    """Return the ids of the article's claims in reading order."""
    return list(
        session.scalars(
            sa.select(Claim.id)
            .where(Claim.article_id == article_id, Claim.withdrawn_at.is_(None))
            .order_by(*READING_ORDER)
        )
    )


def claim_ids_of_speaker(session: orm.Session, speaker_id: int) -> list[int]:
    """Return the ids of the speaker's claims, oldest first."""
    return list(
        session.scalars(
            sa.select(Claim.id)
            .where(Claim.speaker_id == speaker_id, Claim.withdrawn_at.is_(None))
            .order_by(Claim.id)
        )
    )

"""Which rows a report covers, as two ordered streams: its articles, and its claims.

A report of a million claims must not load them at once, nor ask the database once per
article or per claim. So the body is two statements, whatever the desk's size: one over
the articles in id order, one over the claims joined to everything a report prints
about them (speaker, rating, proposer and approver names, linked sources), in article
then reading order. Both are read a batch at a time (`yield_per`) as plain rows, through
the session's connection (no ORM objects to build, nothing left to lazy-load), and the
caller walks them side by side (`body.iter_articles`).

The joined tables are aliases: a claim filter's EXISTS subqueries name the real tables,
and must not be correlated to the rows joined here (a stance filter would then keep only
the sources with that stance, instead of the claims that have one).
"""

from __future__ import annotations

from collections.abc import Generator

import sqlalchemy as sa
from sqlalchemy import orm

from ..read.claim_filter import ClaimFilter
from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.rating import Rating
from ..tables.revision import ArticleRevision
from ..tables.source import ClaimSource, Source
from ..tables.speaker import Speaker
from ..tables.user import User

ARTICLE_BATCH = 100  # articles held at once (with their bodies, when the format prints them)
CLAIM_BATCH = 1000  # joined rows held at once: claims × linked sources
# A claim row is the claim's CLAIM_WIDTH columns, then its link's (see claim_rows).
CLAIM_WIDTH = 23


Rows = Generator[sa.Row, None, None]  # close() it to close the cursor early


def _stream(session: orm.Session, stmt: sa.Select, batch: int) -> Rows:
    """Yield a statement's rows a batch at a time, as rows, not ORM objects."""
    with session.connection().execute(stmt.execution_options(yield_per=batch)) as result:
        yield from result


def article_rows(session: orm.Session, claim_filter: ClaimFilter, *, with_body: bool) -> Rows:
    """Yield the articles the filter may touch in id order, each with its filtered claim count.

    The body is read only `with_body` (the JSON export prints it); otherwise it is None.
    """
    counted = claim_filter.apply(
        sa.select(sa.func.count(Claim.id)).where(Claim.article_id == Article.id)
    ).scalar_subquery()
    body = Article.body if with_body else sa.null()
    # when the current text came in, if it replaced another (models.services.revisions)
    revised = (
        sa.select(sa.func.max(ArticleRevision.replaced_at))
        .where(ArticleRevision.article_id == Article.id)
        .scalar_subquery()
    )
    stmt = (
        sa.select(
            Article.id,
            Article.title,
            Article.url,
            Article.author,
            Article.publisher,
            Article.published,
            Article.language,
            Article.revision,
            revised.label("revised_at"),
            body.label("body"),
            counted.label("claim_count"),
        )
        .where(Article.withdrawn_at.is_(None))
        .order_by(Article.id)
    )
    if claim_filter.article_id is not None:
        stmt = stmt.where(Article.id == claim_filter.article_id)
    yield from _stream(session, stmt, ARTICLE_BATCH)


def claim_rows(session: orm.Session, claim_filter: ClaimFilter) -> Rows:
    """Yield the filtered claims with all they print, one row per claim × linked source.

    Rows come in article order, then reading order (quote start, id), then link order; a
    claim without sources has one row whose link columns are None. Each row is the
    claim's CLAIM_WIDTH columns, in the order `body.claim_view` unpacks them, then the
    link's, in the order `body.source_view` does.
    """
    speaker = orm.aliased(Speaker)
    rating = orm.aliased(Rating)
    proposer = orm.aliased(User)
    approver = orm.aliased(User)
    link = orm.aliased(ClaimSource)
    source = orm.aliased(Source)
    stmt = (
        sa.select(
            Claim.article_id,
            Claim.id,
            Claim.text,
            Claim.summary,
            Claim.quote_exact,
            Claim.quote_prefix,
            Claim.quote_suffix,
            Claim.quote_start,
            Claim.quote_end,
            Claim.status,
            Claim.rating_explanation,
            Claim.proposed_at,
            Claim.approved_at,
            speaker.name.label("speaker_name"),
            speaker.same_as.label("speaker_same_as"),
            speaker.description.label("speaker_description"),
            rating.slug.label("rating_slug"),
            rating.label.label("rating_label"),
            rating.value.label("rating_value"),
            rating.description.label("rating_description"),
            proposer.display_name.label("proposed_by"),
            approver.display_name.label("approved_by"),
            Claim.anchor_method,
            link.id.label("link_id"),
            link.stance,
            link.excerpt,
            source.title.label("source_title"),
            source.url.label("source_url"),
            source.publisher.label("source_publisher"),
            source.published.label("source_published"),
            source.kind.label("source_kind"),
            source.archive_url.label("source_archive_url"),
        )
        .select_from(Claim)
        .outerjoin(speaker, Claim.speaker_id == speaker.id)
        .outerjoin(rating, Claim.rating_id == rating.id)
        .outerjoin(proposer, Claim.proposed_by_id == proposer.id)
        .outerjoin(approver, Claim.approved_by_id == approver.id)
        .outerjoin(link, link.claim_id == Claim.id)
        .outerjoin(source, link.source_id == source.id)
        .order_by(Claim.article_id, Claim.quote_start, Claim.id, link.id)
    )
    yield from _stream(session, claim_filter.apply(stmt), CLAIM_BATCH)

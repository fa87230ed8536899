"""The report's body as a stream: each article, then its claims in reading order.

Built from the two ordered row streams of `selection` (articles by id; claims by article,
reading order and link), walked side by side, so an export asks the database the same
number of questions for ten claims or a million, and holds one batch of rows at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import orm

from ..tables.enums import ClaimStatus
from ..tables.revision import AnchorMethod
from .model import ArticleView, ClaimView, ReportOptions, SourceView, VerdictView
from .selection import CLAIM_WIDTH, Rows, article_rows, claim_rows

ORGANIZATION_HINTS = ("organisation", "organization", "company", "agency", "ministry", "government")


def speaker_type(description: str | None) -> str:
    """Return the schema.org type of a speaker from its description.

    The speakers table does not record whether a speaker is a person; a description that
    opens with an organisation word ("Company …", "Agency …") marks an organisation.
    """
    if not description:
        return "Person"
    first = description.strip().split(" ", 1)[0].lower().strip(":,.")
    return "Organization" if first in ORGANIZATION_HINTS else "Person"


def verdict_of(
    status: ClaimStatus,
    rating: tuple[str | None, str, int | None, str],
    explanation: str | None,
    include_drafts: bool,
) -> VerdictView | None:
    """Return the verdict a report may show: approved, or proposed when drafts are wanted.

    `rating` is the stored rating's slug (None: no rating), label, value and description.
    """
    slug, label, value, description = rating
    if slug is None:
        return None
    if status is ClaimStatus.APPROVED:
        draft = False
    elif status is ClaimStatus.VERDICT_PROPOSED and include_drafts:
        draft = True
    else:
        return None
    return VerdictView(slug, label, value, description, explanation, draft)


def source_view(row: Sequence[Any]) -> SourceView:
    """Copy one linked source out of a claim row (the columns after CLAIM_WIDTH)."""
    _, stance, excerpt, title, url, publisher, published, kind, archive_url = row[CLAIM_WIDTH:]
    return SourceView(
        title=title,
        url=url,
        publisher=publisher,
        published=published,
        kind=kind.value,
        archive_url=archive_url,
        stance=stance.value,
        excerpt=excerpt,
    )


def claim_view(
    row: Sequence[Any], sources: tuple[SourceView, ...], include_drafts: bool
) -> ClaimView:
    """Copy what a report prints about a claim out of its first row, with its sources."""
    (
        article_id,
        claim_id,
        text,
        summary,
        quote,
        quote_prefix,
        quote_suffix,
        quote_start,
        quote_end,
        status,
        explanation,
        proposed_at,
        approved_at,
        speaker,
        speaker_same_as,
        speaker_description,
        rating_slug,
        rating_label,
        rating_value,
        rating_description,
        proposed_by,
        approved_by,
        anchor_method,
    ) = row[:CLAIM_WIDTH]
    return ClaimView(
        id=claim_id,
        article_id=article_id,
        anchor=f"claim-{claim_id}",
        text=text,
        summary=summary,
        quote=quote,
        quote_prefix=quote_prefix,
        quote_suffix=quote_suffix,
        quote_start=quote_start,
        quote_end=quote_end,
        speaker=speaker,
        speaker_same_as=speaker_same_as,
        speaker_type=speaker_type(speaker_description),
        status=status.value,
        status_label=status.label,
        verdict=verdict_of(
            status,
            (rating_slug, rating_label, rating_value, rating_description),
            explanation,
            include_drafts,
        ),
        rating_slug=rating_slug,
        proposed_by=proposed_by,
        proposed_at=proposed_at,
        approved_by=approved_by,
        approved_at=approved_at,
        sources=sources,
        lost=anchor_method is AnchorMethod.LOST,
    )


def claim_views(rows: Iterable[Sequence[Any]], include_drafts: bool) -> Iterator[ClaimView]:
    """Fold claim rows (one per claim × source, a claim's rows together) into claim views."""
    first: Sequence[Any] | None = None
    sources: list[SourceView] = []
    for row in rows:
        if first is not None and row[1] != first[1]:  # column 1: the claim's id
            yield claim_view(first, tuple(sources), include_drafts)
            first = None
        if first is None:
            first, sources = row, []
        if row[CLAIM_WIDTH] is not None:  # the link's id: None for a claim without sources
            sources.append(source_view(row))
    if first is not None:
        yield claim_view(first, tuple(sources), include_drafts)


def article_view(row: Any) -> ArticleView:
    """Copy an article's metadata (and its body, when it was read) out of its row."""
    return ArticleView(
        id=row.id,
        title=row.title,
        url=row.url,
        author=row.author,
        publisher=row.publisher,
        published=row.published,
        language=row.language,
        body=row.body,
        claim_count=row.claim_count,
        revision=row.revision,
        revised_at=row.revised_at,
    )


class _ClaimsByArticle:
    """The claim stream, handed out one article's claims at a time (articles ascending)."""

    def __init__(self, rows: Rows, include_drafts: bool) -> None:
        self._rows = rows
        self._claims = claim_views(rows, include_drafts)
        self._next: ClaimView | None = None
        self._started = False

    def close(self) -> None:
        """Close the claims' cursor, read to the end or not."""
        self._rows.close()

    def of(self, article_id: int) -> Iterator[ClaimView]:
        """Yield the claims of `article_id`, passing over any an earlier reader left."""
        if not self._started:
            self._started = True
            self._next = next(self._claims, None)
        while self._next is not None and self._next.article_id < article_id:
            self._next = next(self._claims, None)
        while self._next is not None and self._next.article_id == article_id:
            claim = self._next
            self._next = next(self._claims, None)
            yield claim


def iter_articles(
    session: orm.Session, options: ReportOptions, *, with_body: bool = False
) -> Iterator[tuple[ArticleView, Iterator[ClaimView]]]:
    """Yield each article the report covers with a lazy iterator over its claims.

    With criteria beyond the article, articles without a matching claim are left out.
    The body is read only `with_body`. An article's claims must be read before the next
    article is asked for (those left unread are passed over).
    """
    claim_filter = options.claim_filter
    skip_empty = not claim_filter.with_(article_id=None).is_empty()
    claims = _ClaimsByArticle(claim_rows(session, claim_filter), options.include_drafts)
    articles = article_rows(session, claim_filter, with_body=with_body)
    try:
        for row in articles:
            if skip_empty and not row.claim_count:
                continue
            yield article_view(row), claims.of(row.id)
    finally:
        # Close both cursors now, however far they were read: PostgreSQL's are server-side
        # and must be closed while the session's transaction is still open.
        articles.close()
        claims.close()


def iter_claims(
    session: orm.Session,
    options: ReportOptions,
    on_claim: Callable[[ClaimView], None] | None = None,
) -> Iterator[tuple[ArticleView, ClaimView]]:
    """Yield (article, claim) for every claim of the report, in article then reading order."""
    for article, claims in iter_articles(session, options):
        for claim in claims:
            if on_claim is not None:
                on_claim(claim)
            yield article, claim

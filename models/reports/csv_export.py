"""The CSV report: one row per claim × source (a claim without sources gets one row).

Made to open cleanly in a spreadsheet: a header row, optional UTF-8 byte order mark, and
every text cell that a spreadsheet would run as a formula prefixed with a single quote.
`quote_lost` says "yes" for a claim whose words the article's current text no longer
holds (its text was replaced): its `quote` is the words as they stood before.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import orm

from .body import iter_claims
from .model import ArticleView, ClaimView, ReportOptions, SourceView

BOM = "\ufeff"
# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice
# and Google Sheets; tab and carriage return can hide such a start, and a spreadsheet
# with East Asian input settings reads the full-width forms as the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_FORMULA_FIRST = frozenset(FORMULA_STARTS)  # each start is one character

COLUMNS = [
    "article_id",
    "article_title",
    "article_url",
    "claim_id",
    "claim_url",
    "summary",
    "text",
    "quote",
    "quote_lost",
    "speaker",
    "status",
    "verdict",
    "verdict_slug",
    "verdict_value",
    "verdict_draft",
    "explanation",
    "proposed_by",
    "proposed_at",
    "approved_by",
    "approved_at",
    "source_title",
    "source_url",
    "source_publisher",
    "source_published",
    "source_kind",
    "source_archive_url",
    "stance",
    "excerpt",
]


def neutralise(value: Any) -> Any:
    """Return a cell value that a spreadsheet shows as text, never runs as a formula."""
    return neutralise_cells([value])[0]


def neutralise_cells(values: list[Any]) -> list[Any]:
    """Return the cells, each neutralised (one comprehension: an export has millions)."""
    first = _FORMULA_FIRST
    return ["'" + v if isinstance(v, str) and v[:1] in first else v for v in values]


def _iso(value: Any) -> str:
    return value.isoformat() if value is not None else ""


def rows_of(article: ArticleView, claim: ClaimView, options: ReportOptions) -> list[list[Any]]:
    """Return the claim's rows: one per linked source, or one with empty source cells."""
    verdict = claim.verdict
    head = neutralise_cells(
        [
            article.id,
            article.title,
            article.url or "",
            claim.id,
            options.claim_url(claim.id),
            claim.summary,
            claim.text,
            claim.quote,
            "yes" if claim.lost else "no",
            claim.speaker or "",
            claim.status,
            verdict.label if verdict else "",
            verdict.slug if verdict else "",
            "" if verdict is None or verdict.value is None else verdict.value,
            ("yes" if verdict.draft else "no") if verdict else "",
            (verdict.explanation or "") if verdict else "",
            (claim.proposed_by or "") if verdict else "",
            _iso(claim.proposed_at) if verdict else "",
            (claim.approved_by or "") if verdict else "",
            _iso(claim.approved_at) if verdict else "",
        ]
    )
    sources: tuple[SourceView | None, ...] = claim.sources or (None,)
    rows = []
    for source in sources:
        tail = (
            neutralise_cells(
                [
                    source.title,
                    source.url,
                    source.publisher or "",
                    _iso(source.published),
                    source.kind,
                    source.archive_url or "",
                    source.stance,
                    source.excerpt or "",
                ]
            )
            if source
            else [""] * 8
        )
        rows.append(head + tail)
    return rows


def iter_csv(
    session: orm.Session,
    options: ReportOptions,
    *,
    on_claim: Callable[[ClaimView], None] | None = None,
    **_: Any,
) -> Iterator[str]:
    """Yield the CSV report in chunks (one per claim), header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def drain() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(COLUMNS)
    yield (BOM if options.bom else "") + drain()
    for article, claim in iter_claims(session, options, on_claim):
        writer.writerows(rows_of(article, claim, options))
        yield drain()

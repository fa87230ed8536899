"""The PDF report: the standalone HTML report laid out by WeasyPrint.

WeasyPrint lays out the whole document at once, so unlike the other formats a PDF is
built in memory: its memory grows with the number of claims (see bench/export.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from sqlalchemy import orm

from .claimreview_check import ReviewGuard
from .html import iter_html
from .model import ClaimView, ReportHead, ReportOptions


def render_pdf(
    session: orm.Session,
    options: ReportOptions,
    out: IO[bytes],
    *,
    guard: ReviewGuard | None = None,
    head: ReportHead | None = None,
    on_claim: Callable[[ClaimView], None] | None = None,
) -> None:
    """Render the report as PDF into a binary stream."""
    import weasyprint  # imported here: it is slow to import and only the PDF needs it

    html = "".join(iter_html(session, options, guard=guard, head=head, on_claim=on_claim))
    if guard is not None:
        guard.raise_if_failed()
    # The report is self-contained: a fetcher that allows no protocol at all keeps
    # rendering offline whatever a claim's text contains.
    offline = weasyprint.urls.URLFetcher(allowed_protocols=())
    document = weasyprint.HTML(string=html, url_fetcher=offline)
    document.write_pdf(out)

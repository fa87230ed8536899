"""Page 1 of the PDF: the summary says each count once, and the claims start on it."""

from __future__ import annotations

import io
import re

import pypdf

from .helpers import render, squash

LABELS = ["Unreviewed", "In review", "Verdict proposed", "Approved", "Verified", "Misleading"]


def _page_one(report_seed, options) -> str:
    reader = pypdf.PdfReader(io.BytesIO(render(report_seed, "pdf", options)))
    return squash(reader.pages[0].extract_text())


def test_the_summary_prints_each_count_once(report_seed, options) -> None:
    html = render(report_seed, "html", options).decode()
    summary = html.split('id="summary"')[1].split("</section>")[0]
    for label in LABELS:
        assert summary.count(f">{label}<") == 1, label
    page = _page_one(report_seed, options)
    before_claims = page.split("#1 ")[0]
    for label in LABELS:
        assert len(re.findall(rf"\b{label}\b", before_claims)) == 1, label


def test_the_first_claims_start_on_page_one(report_seed, options) -> None:
    page = _page_one(report_seed, options)
    assert "#1 In 2015 Xi Jinping said China wanted to become the global innovation leader" in page

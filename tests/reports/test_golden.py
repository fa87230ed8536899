"""Every format on the seed fact-check, with the clock and review times frozen.

Set CLAIMDESK_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then
read the diff before committing it.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pypdf
import pytest
import sqlalchemy as sa

from models import Claim

from .conftest import compare_golden
from .helpers import render, squash

GOLDEN_FORMATS = {
    "html": "seed.html",
    "md": "seed.md",
    "csv": "seed.csv",
    "json": "seed.json",
    "claimreview": "seed.claimreview.jsonld",
}


@pytest.mark.parametrize("fmt", list(GOLDEN_FORMATS))
def test_format_matches_its_golden_file(report_seed, options, fmt) -> None:
    compare_golden(GOLDEN_FORMATS[fmt], render(report_seed, fmt, options))


def test_markdown_with_drafts_matches_its_golden_file(report_seed, options) -> None:
    data = render(report_seed, "md", replace(options, include_drafts=True))
    compare_golden("seed-drafts.md", data)


def test_output_is_stable_between_runs(report_seed, options) -> None:
    assert render(report_seed, "html", options) == render(report_seed, "html", options)


def test_pdf_is_a_real_pdf_naming_every_claim(report_seed, options) -> None:
    data = render(report_seed, "pdf", options)
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    summaries = report_seed.scalars(sa.select(Claim.summary).order_by(Claim.id)).all()
    assert len(summaries) == 34
    missing = [s for s in summaries if squash(s) not in text]
    assert not missing, f"claims missing from the PDF: {missing}"
    assert "Methodology" in text and "Corrections" in text

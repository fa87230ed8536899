"""The CSV report: opens with the csv module, round-trips claims, neutralises formulas."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
import sqlalchemy as sa

from models import Claim
from models.reports.csv_export import COLUMNS, neutralise

from ..factories import make_article, make_claim, make_source
from .helpers import render


def read_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_every_claim_round_trips(report_seed, options) -> None:
    data = render(report_seed, "csv", options)
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = read_rows(data)
    assert list(rows[0]) == COLUMNS
    claims = report_seed.scalars(sa.select(Claim).order_by(Claim.id)).all()
    by_claim: dict[int, list[dict[str, str]]] = {}
    for row in rows:
        by_claim.setdefault(int(row["claim_id"]), []).append(row)
    assert sorted(by_claim) == [c.id for c in claims]
    for claim in claims:
        claim_rows = by_claim[claim.id]
        assert len(claim_rows) == max(1, len(claim.sources))
        for row in claim_rows:
            assert row["summary"] == claim.summary and row["text"] == claim.text
            assert row["quote"] == claim.quote_exact
            assert row["speaker"] == claim.speaker.name
            assert row["status"] == claim.status.value
        assert sorted(r["source_url"] for r in claim_rows if r["source_url"]) == sorted(
            link.source.url for link in claim.sources
        )


def test_bom_option(report_seed, options) -> None:
    data = render(report_seed, "csv", replace(options, bom=True))
    assert data.startswith(b"\xef\xbb\xbfarticle_id,")
    assert len(read_rows(data)) >= 34


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 claims", "'+33 claims"),
        ("-5%", "'-5%"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("plain", "plain"),
        ("", ""),
        (42, 42),
    ],
)
def test_neutralise(value, expected) -> None:
    assert neutralise(value) == expected


def test_formula_like_values_are_neutralised(session, options) -> None:
    article = make_article(session, title="=cmd|' /C calc'!A0")
    claim = make_claim(session, article, summary="+44 new models in June")
    bare = make_claim(
        session,
        article,
        quote="Services are 54% of GDP today",
        summary="Services are 54% of GDP",
    )
    source = make_source(session, title='=HYPERLINK("https://evil.example/","click")')
    from models.services import sourcing

    sourcing.link_source(session, claim, source, "refutes", "@SUM(1)", actor=None)
    session.commit()
    rows = read_rows(render(session, "csv", options))
    [row] = [r for r in rows if r["claim_id"] == str(claim.id)]
    assert row["summary"] == "'+44 new models in June"
    assert row["source_title"] == "'" + source.title
    assert row["excerpt"] == "'@SUM(1)"
    assert row["article_title"].startswith("'=")
    [bare_row] = [r for r in rows if r["claim_id"] == str(bare.id)]  # no source: one row
    assert bare_row["source_url"] == "" and bare_row["stance"] == ""
    for cells in rows:
        for value in cells.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value

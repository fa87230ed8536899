"""What the report says: verdicts and drafts, corrections, methodology, filters, streaming."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import sqlalchemy as sa

from models import Claim, ClaimStatus
from models.errors import NotFound, ValidationError
from models.read.claim_filter import ClaimFilter
from models.read.claim_query import parse_claim_query
from models.read.ratings import list_ratings
from models.reports.model import build_head
from models.services import workflow

from ..factories import make_article, make_claim
from .helpers import render


def _claims_by_status(session, status):
    return session.scalars(sa.select(Claim).where(Claim.status == status)).all()


def test_only_approved_verdicts_by_default(report_seed, options) -> None:
    md = render(report_seed, "md", options).decode()
    for claim in _claims_by_status(report_seed, ClaimStatus.APPROVED):
        section = md.split(f'<a id="claim-{claim.id}"></a>')[1].split("<a id=")[0]
        assert f"**Verdict:** **{claim.rating.label}**" in section
        assert "Approved by:" in section and "2024-05-22" in section
    for claim in _claims_by_status(report_seed, ClaimStatus.VERDICT_PROPOSED):
        section = md.split(f'<a id="claim-{claim.id}"></a>')[1].split("<a id=")[0]
        assert "no verdict yet" in section and claim.rating_explanation[:30] not in section
    assert "(draft)" not in md


def test_include_drafts_marks_proposed_verdicts(report_seed, options) -> None:
    drafts = replace(options, include_drafts=True)
    html = render(report_seed, "html", drafts).decode()
    data = json.loads(render(report_seed, "json", drafts))
    claims = {c["id"]: c for c in data["articles"][0]["claims"]}
    proposed = _claims_by_status(report_seed, ClaimStatus.VERDICT_PROPOSED)
    assert len(proposed) == 2
    for claim in proposed:
        block = html.split(f'id="claim-{claim.id}"')[1].split('class="claim"')[0]
        assert f"{claim.rating.label} (draft)" in block
        assert claims[claim.id]["verdict"]["draft"] is True
    assert "includes draft verdicts" in html


def test_summary_counts(report_seed, options) -> None:
    head = build_head(report_seed, options)
    assert head.total_claims == 34
    assert {c.key: c.count for c in head.by_status} == {
        "unreviewed": 26,
        "in_review": 2,
        "verdict_proposed": 2,
        "approved": 4,
    }
    assert sum(c.count for c in head.by_verdict) == 4
    html = render(report_seed, "html", options).decode()
    assert '<svg class="bar"' in html and "Claims by status" in html


def test_methodology_lists_the_scale(report_seed, options) -> None:
    html = render(report_seed, "html", options).decode()
    methodology = html.split('id="methodology"')[1]
    for rating in list_ratings(report_seed):
        assert rating.label in methodology and rating.description in methodology


def test_corrections_section_lists_reopened_verdicts(report_seed, options, members) -> None:
    claim = _claims_by_status(report_seed, ClaimStatus.APPROVED)[0]
    old_label = claim.rating.label
    workflow.reopen(report_seed, claim, "A newer dataset revises the figure.", actor=members.editor)
    report_seed.commit()
    for fmt in ("html", "md"):
        text = render(report_seed, fmt, options).decode()
        corrections = text.split("Corrections")[1]
        assert "A newer dataset revises the figure." in corrections
        assert old_label in corrections and "under review again" in corrections
    data = json.loads(render(report_seed, "json", options))
    [entry] = data["corrections"]
    assert entry["claim_id"] == claim.id and entry["previous_rating"] == old_label
    reviews = json.loads(render(report_seed, "claimreview", options))
    assert len(reviews) == 3 and all(not r["url"].endswith(f"#claim-{claim.id}") for r in reviews)


def test_json_extends_the_contract(report_seed, options) -> None:
    data = json.loads(render(report_seed, "json", options))
    assert {"articles", "report", "ratings", "corrections"} <= set(data)
    [article] = data["articles"]
    assert {"id", "title", "url", "author", "published", "body", "claims", "publisher"} <= set(
        article
    )
    for claim in article["claims"]:
        assert {"id", "text", "summary", "speaker", "status", "rating", "quote", "sources"} <= set(
            claim
        )
        assert {"exact", "prefix", "suffix", "start", "end"} == set(claim["quote"])
        assert (
            article["body"][claim["quote"]["start"] : claim["quote"]["end"]]
            == claim["quote"]["exact"]
        )
        assert {"verdict", "proposed_by", "approved_at", "url"} <= set(claim)
        for source in claim["sources"]:
            assert {"url", "title", "stance", "excerpt", "publisher", "archive_url"} <= set(source)
    approved = [c for c in article["claims"] if c["status"] == "approved"]
    assert all(c["verdict"]["label"] and c["approved_by"] for c in approved)
    assert data["report"]["summary"]["by_status"]["approved"] == 4


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"status": "approved"}, 4),
        ({"status": "in-review"}, 2),
        ({"rating": "false"}, 1),
        ({"rating": "none"}, 28),
        ({"speaker": "Sabrina"}, None),
        ({"stance": "refutes"}, None),
    ],
)
def test_filters_narrow_every_format(report_seed, options, criteria, expected) -> None:
    claim_filter = parse_claim_query(report_seed, criteria, strict=True).claim_filter
    narrowed = replace(options, claim_filter=claim_filter)
    count = report_seed.scalar(claim_filter.apply(sa.select(sa.func.count()).select_from(Claim)))
    if expected is not None:
        assert count == expected
    assert 0 < count < 34
    data = json.loads(render(report_seed, "json", narrowed))
    assert sum(len(a["claims"]) for a in data["articles"]) == count
    md = render(report_seed, "md", narrowed).decode()
    assert md.count('<a id="claim-') == count


@pytest.mark.parametrize(
    ("criteria", "error", "message"),
    [
        ({"status": "done"}, ValidationError, "choose one of unreviewed, in_review"),
        ({"rating": "pants-on-fire"}, ValidationError, "choose one of true, mostly-true"),
        ({"speaker": "Nobody Atall"}, NotFound, "no speaker is called"),
        ({"article": "999"}, NotFound, "there is no article 999"),
        ({"stance": "maybe"}, ValidationError, "choose one of supports"),
    ],
)
def test_bad_filter_values_are_refused_clearly(report_seed, criteria, error, message) -> None:
    with pytest.raises(error, match=message):
        parse_claim_query(report_seed, criteria, strict=True)


def test_an_empty_selection_still_makes_a_report(report_seed, options) -> None:
    narrowed = replace(options, claim_filter=ClaimFilter(text="no such words anywhere"))
    assert "No claims match" in render(report_seed, "html", narrowed).decode()
    assert json.loads(render(report_seed, "claimreview", narrowed)) == []


def test_html_escapes_claim_text(session, options) -> None:
    article = make_article(session, title="<script>alert(1)</script>")
    make_claim(session, article, summary="</script><b>bold</b>")
    session.commit()
    html = render(session, "html", options).decode()
    assert "<script>alert(1)" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)" in html


def _statements(engine, session, fmt, options) -> int:
    count = 0

    def counter(*_args) -> None:
        nonlocal count
        count += 1

    sa.event.listen(engine, "before_cursor_execute", counter)
    try:
        render(session, fmt, options)
    finally:
        sa.event.remove(engine, "before_cursor_execute", counter)
    return count


def _desk_with(session, n: int) -> None:
    body = " ".join(f"Fact {i:04d} is stated here." for i in range(n))
    article = make_article(session, body=body)
    for i in range(n):
        make_claim(session, article, quote=f"Fact {i:04d} is stated", summary=f"Fact {i}")
    session.commit()


@pytest.mark.parametrize("fmt", ["html", "md", "csv", "json", "claimreview"])
def test_statement_count_does_not_grow_with_claims(engine, session, options, fmt) -> None:
    _desk_with(session, 5)
    small = _statements(engine, session, fmt, options)
    _desk_with(session, 120)
    session.expunge_all()
    large = _statements(engine, session, fmt, options)
    # one more article means a few more statements, never one per claim
    assert large - small <= 4, (small, large)

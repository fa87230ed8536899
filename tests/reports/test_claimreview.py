"""ClaimReview markup: read back by extruct (HTML) and pyld (JSON-LD), and the checker."""

from __future__ import annotations

import copy
import json
from dataclasses import replace

import extruct
import pytest
import sqlalchemy as sa
from pyld import jsonld

from models import Claim, ClaimStatus
from models.reports.claimreview_check import check_document, check_html, check_text

from .conftest import BASE_URL, ORGANISATION
from .helpers import render

SCHEMA = "https://schema.org/"
REQUIRED = ("claimReviewed", "reviewRating", "url")


def offline_loader(url: str, options: dict | None = None) -> dict:
    """Resolve schema.org's context to a minimal local one; refuse anything else."""
    if url.rstrip("/") in {"https://schema.org", "http://schema.org"}:
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": {"@context": {"@vocab": SCHEMA}},
        }
    raise AssertionError(f"the test tried to fetch {url}")


def approved_claims(session) -> dict[int, Claim]:
    rows = session.scalars(sa.select(Claim).where(Claim.status == ClaimStatus.APPROVED))
    return {claim.id: claim for claim in rows}


def _value(node: dict, name: str):
    [item] = node[SCHEMA + name]
    return item.get("@value", item)


def test_claimreview_file_expands_to_one_review_per_approved_claim(report_seed, options) -> None:
    data = json.loads(render(report_seed, "claimreview", options))
    expanded = jsonld.expand(data, {"documentLoader": offline_loader})
    approved = approved_claims(report_seed)
    assert len(approved) == 4
    by_url = {}
    for node in expanded:
        assert node["@type"] == [SCHEMA + "ClaimReview"]
        for name in REQUIRED:
            assert SCHEMA + name in node, f"{name} missing"
        by_url.setdefault(_value(node, "url"), []).append(node)
    assert sorted(by_url) == sorted(f"{BASE_URL}#claim-{cid}" for cid in approved)
    for claim_id, claim in approved.items():
        [node] = by_url[f"{BASE_URL}#claim-{claim_id}"]
        assert _value(node, "claimReviewed") == claim.summary
        assert len(_value(node, "claimReviewed")) <= 75
        rating = _value(node, "reviewRating")
        assert rating["@type"] == [SCHEMA + "Rating"]
        assert _value(rating, "alternateName") == claim.rating.label
        assert _value(rating, "ratingValue") == claim.rating.value
        assert (_value(rating, "worstRating"), _value(rating, "bestRating")) == (1, 5)
        assert _value(rating, "ratingExplanation") == claim.rating_explanation
        assert _value(_value(node, "author"), "name") == ORGANISATION
        assert _value(node, "datePublished") == claim.approved_at.date().isoformat()
        item = _value(node, "itemReviewed")
        assert item["@type"] == [SCHEMA + "Claim"]
        assert _value(_value(item, "author"), "name") == claim.speaker.name
        assert _value(item, "datePublished") == "2023-12-12"
        assert _value(_value(item, "firstAppearance"), "url") == claim.article.url


def test_html_report_carries_one_review_per_approved_claim(report_seed, options) -> None:
    html = render(report_seed, "html", options).decode("utf-8")
    found = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    approved = approved_claims(report_seed)
    reviews = [r for r in found if r.get("@type") == "ClaimReview"]
    assert sorted(r["url"] for r in reviews) == sorted(
        f"{BASE_URL}#claim-{cid}" for cid in approved
    )
    for review in reviews:
        claim = approved[int(review["url"].rsplit("-", 1)[1])]
        assert review["claimReviewed"] == claim.summary
        assert review["reviewRating"]["alternateName"] == claim.rating.label
        assert f'id="claim-{claim.id}"' in html
    for claim_id in report_seed.scalars(sa.select(Claim.id)):
        assert f'id="claim-{claim_id}"' in html  # every claim has its anchor


def test_drafts_never_become_claimreviews(report_seed, options) -> None:
    with_drafts = replace(options, include_drafts=True)
    html = render(report_seed, "html", with_drafts).decode("utf-8")
    assert "(draft)" in html
    assert check_html(html).reviews == 4
    assert len(json.loads(render(report_seed, "claimreview", with_drafts))) == 4


def test_unverifiable_verdict_has_no_numbers(report_seed, options, members) -> None:
    from models.read.ratings import get_rating
    from models.services import workflow

    claim = report_seed.get(Claim, 1)
    workflow.propose_verdict(
        report_seed,
        claim,
        get_rating(report_seed, "unverifiable"),
        "No record.",
        actor=members.reviewer,
    )
    workflow.approve_verdict(report_seed, claim, actor=members.editor)
    report_seed.commit()
    reviews = json.loads(render(report_seed, "claimreview", options))
    [review] = [r for r in reviews if r["url"].endswith("#claim-1")]
    assert review["reviewRating"]["alternateName"] == "Unverifiable"
    assert not {"ratingValue", "bestRating", "worstRating"} & set(review["reviewRating"])
    assert check_document(reviews).ok


def test_the_exports_pass_the_checker(report_seed, options) -> None:
    for fmt in ("html", "claimreview"):
        result = check_text(render(report_seed, fmt, options).decode("utf-8"))
        assert result.reviews == 4 and result.problems == [], result.problems


@pytest.fixture
def good_review() -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://desk.example.org/r#claim-7",
        "claimReviewed": "The moon is made of cheese",
        "author": {"@type": "Organization", "name": "Desk"},
        "datePublished": "2024-05-01",
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "False",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "ratingExplanation": "It is rock.",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "A. Person"},
            "datePublished": "2024-04-01",
            "appearance": {"@type": "CreativeWork", "url": "https://news.example.org/a"},
        },
    }


def _break(review: dict, path: str, value=None, *, delete: bool = False) -> dict:
    broken = copy.deepcopy(review)
    *parents, last = path.split(".")
    node = broken
    for key in parents:
        node = node[key]
    if delete:
        del node[last]
    else:
        node[last] = value
    return broken


@pytest.mark.parametrize(
    ("path", "value", "delete", "message"),
    [
        ("claimReviewed", None, True, "claimReviewed is missing"),
        ("claimReviewed", "x" * 76, False, "claimReviewed has 76 characters"),
        ("reviewRating.ratingValue", 7, False, "ratingValue 7 is outside"),
        ("reviewRating.ratingValue", 0, False, "ratingValue 0 is outside"),
        ("reviewRating.bestRating", None, True, "lacks bestRating"),
        ("reviewRating.alternateName", "", False, "alternateName is missing"),
        ("reviewRating", None, True, "reviewRating is missing"),
        ("url", None, True, "url is missing"),
        ("url", "#claim-7", False, "must be an absolute"),
        ("@type", "Review", False, "@type must be ClaimReview"),
        ("datePublished", "yesterday", False, "not an ISO date"),
        ("itemReviewed.@type", "Thing", False, "@type Claim"),
    ],
)
def test_checker_names_the_broken_claim(good_review, path, value, delete, message) -> None:
    other = _break(good_review, "url", "https://desk.example.org/r#claim-8")
    result = check_document([other, _break(good_review, path, value, delete=delete)])
    assert result.reviews == 2
    [problem] = result.errors
    assert message in problem.message
    if path != "url":
        assert problem.claim == "https://desk.example.org/r#claim-7"
    else:
        assert "The moon is made of cheese" in problem.claim or "#claim-7" in problem.claim


def test_checker_accepts_a_good_review_and_warns_on_recommended(good_review) -> None:
    assert check_document([good_review]).problems == []
    result = check_document([_break(good_review, "author", delete=True)])
    assert result.ok and [p.severity for p in result.problems] == ["warning"]


def test_checker_reads_html_and_reports_invalid_json(good_review) -> None:
    page = (
        "<html><body><script type='application/ld+json'>"
        + json.dumps(_break(good_review, "claimReviewed", "y" * 80))
        + "</script><script type='application/ld+json'>{not json</script>"
        + '<script type="application/ld+json">{"@type": "Organization"}</script></body></html>'
    )
    result = check_html(page)
    assert result.reviews == 1
    messages = [str(p) for p in result.errors]
    assert any("80 characters" in m and "#claim-7" in m for m in messages)
    assert any("not valid JSON" in m for m in messages)


def test_checker_flags_duplicate_reviews(good_review) -> None:
    result = check_document([good_review, good_review])
    assert any("more than one ClaimReview" in p.message for p in result.errors)

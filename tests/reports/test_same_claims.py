"""A confirmed match in the reports: the HTML report names the other appearance, and the
ClaimReview reviews one Claim with both appearances (and still passes the checker)."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import orm

from models import Role
from models.reports.claimreview_check import check_document
from models.services import match_decisions, sourcing, workflow
from models.services.claim_matches import matches_of

from ..factories import make_article, make_claim, make_source, make_user, rating
from .helpers import render


def _confirmed_pair(session: orm.Session, *, confirm: bool = True):
    reviewer, reviewer2 = make_user(session), make_user(session)
    editor = make_user(session, Role.EDITOR)
    first = make_claim(
        session,
        make_article(
            session,
            title="Cloud weekly",
            url="https://news.example.org/cloud-weekly",
            body="Alibaba holds 80% of the Chinese cloud market.",
            published=dt.date(2026, 3, 1),
        ),
        quote="Alibaba holds 80% of the Chinese cloud market",
    )
    sourcing.link_source(session, first, make_source(session), "refutes", "40%", actor=reviewer)
    workflow.propose_verdict(session, first, rating(session, "false"), "About 40%.", actor=reviewer)
    workflow.approve_verdict(session, first, actor=reviewer2)
    again = make_claim(
        session,
        make_article(
            session,
            title="Morning radio",
            url="https://radio.example.org/morning",
            body="Eighty per cent of China's cloud market is Alibaba's, he said.",
            published=dt.date(2026, 4, 2),
        ),
        quote="Eighty per cent of China's cloud market is Alibaba's",
    )
    (match,) = matches_of(session, again)
    if confirm:
        match_decisions.decide_match(session, again, match, confirmed=True, actor=editor)
    session.commit()
    return first, again


def test_the_claimreview_lists_both_appearances_of_a_confirmed_claim(session, options) -> None:
    first, _ = _confirmed_pair(session)
    text = render(session, "claimreview", options).decode()
    result = check_document(json.loads(text))
    assert result.reviews == 1 and result.errors == []
    [review] = json.loads(text)
    item = review["itemReviewed"]
    assert [work["url"] for work in item["appearance"]] == [
        "https://news.example.org/cloud-weekly",
        "https://radio.example.org/morning",
    ]
    assert item["firstAppearance"]["url"] == "https://news.example.org/cloud-weekly"
    assert review["url"].endswith(f"#claim-{first.id}")


def test_an_unconfirmed_match_changes_nothing_in_the_claimreview(session, options) -> None:
    _confirmed_pair(session, confirm=False)
    [review] = json.loads(render(session, "claimreview", options))
    assert review["itemReviewed"]["appearance"]["url"] == "https://news.example.org/cloud-weekly"


def test_the_html_report_names_the_other_appearance(session, options) -> None:
    first, again = _confirmed_pair(session)
    html = render(session, "html", options).decode()
    assert "Also said in" in html
    assert (
        f'<a href="https://radio.example.org/morning">Morning radio</a> (claim {again.id})' in html
    )
    assert (
        f'<a href="https://news.example.org/cloud-weekly">Cloud weekly</a> (claim {first.id})'
        in html
    )

"""The claim page's "Possibly the same claim": scores, verdicts, an editor's decision,
and a reviewer reusing a confirmed match's verdict (still approved by someone else)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import Claim, ClaimMatch, ClaimStatus, MatchState
from models.services import sourcing, workflow

from ..factories import make_article, make_claim, make_source, rating
from .conftest import post

VERSION_RE = re.compile(r'name="version" type="hidden" value="(\d+)"')


@pytest.fixture
def pair(session: orm.Session, members) -> tuple[int, int, int]:
    """An approved claim, the same claim logged again in another article, their match."""
    first = make_claim(
        session,
        make_article(
            session, title="Cloud report", body="Alibaba holds 80% of the Chinese cloud market."
        ),
        quote="Alibaba holds 80% of the Chinese cloud market",
    )
    source = make_source(session)
    sourcing.link_source(session, first, source, "refutes", "about 40%", actor=members.reviewer)
    workflow.propose_verdict(
        session, first, rating(session, "false"), "Nearer 40%.", actor=members.reviewer
    )
    workflow.approve_verdict(session, first, actor=members.reviewer2)
    again = make_claim(
        session,
        make_article(
            session,
            title="Radio transcript",
            body="Eighty per cent of China's cloud market is Alibaba's, he said.",
        ),
        quote="Eighty per cent of China's cloud market is Alibaba's",
    )
    session.commit()
    match = session.scalars(sa.select(ClaimMatch)).one()
    return first.id, again.id, match.id


def test_the_claim_page_shows_the_match_with_score_article_and_verdict(
    client, as_role, pair
) -> None:
    first, again, _ = pair
    as_role("reviewer")
    page = client.get(f"/claims/{again}").get_data(as_text=True)
    assert "Possibly the same claim" in page
    assert "Cloud report" in page and f"/claims/{first}" in page
    assert "False" in page  # the earlier verdict
    assert re.search(r'class="match__score"[^>]*>0\.\d\d<', page)
    assert "Same claim" not in page  # a reviewer does not decide
    # and from the earlier claim's side
    assert "Radio transcript" in client.get(f"/claims/{first}").get_data(as_text=True)


def test_an_editor_confirms_then_a_reviewer_reuses_the_verdict(
    client, as_role, session, members, pair
) -> None:
    _, again, match_id = pair
    as_role("editor")
    page = client.get(f"/claims/{again}").get_data(as_text=True)
    assert "Same claim" in page and "Another claim" in page
    response = post(
        client, f"/claims/{again}/matches/{match_id}/confirm", token_from=f"/claims/{again}"
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(ClaimMatch, match_id).state is MatchState.CONFIRMED

    post(client, "/logout")
    as_role("reviewer")
    page = client.get(f"/claims/{again}").get_data(as_text=True)
    assert "Propose its verdict (False) and reuse its 1 source" in page
    version = VERSION_RE.search(page).group(1)
    response = post(
        client,
        f"/claims/{again}/matches/{match_id}/reuse",
        {"version": version},
        token_from=f"/claims/{again}",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    session.expire_all()
    claim = session.get(Claim, again)
    assert claim.status is ClaimStatus.VERDICT_PROPOSED and claim.rating.slug == "false"
    assert claim.proposed_by_id == members.reviewer.id
    assert len(claim.sources) == 1


def test_reusing_before_a_confirmation_is_refused_and_changes_nothing(
    client, as_role, session, pair
) -> None:
    _, again, match_id = pair
    as_role("reviewer")
    page = client.get(f"/claims/{again}").get_data(as_text=True)
    version = VERSION_RE.search(page).group(1)
    response = post(
        client,
        f"/claims/{again}/matches/{match_id}/reuse",
        {"version": version},
        token_from=f"/claims/{again}",
    )
    assert response.status_code == 409
    assert "must confirm this match" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Claim, again).status is ClaimStatus.UNREVIEWED


def test_a_reviewer_may_not_decide_and_a_rejected_match_goes_away(
    client, as_role, session, pair
) -> None:
    _, again, match_id = pair
    as_role("reviewer")
    response = post(
        client, f"/claims/{again}/matches/{match_id}/reject", token_from=f"/claims/{again}"
    )
    assert response.status_code == 403
    session.expire_all()
    assert session.get(ClaimMatch, match_id).state is MatchState.SUGGESTED


def test_an_editor_rejects_and_the_section_is_gone(client, as_role, session, pair) -> None:
    _, again, match_id = pair
    as_role("editor")
    response = post(
        client, f"/claims/{again}/matches/{match_id}/reject", token_from=f"/claims/{again}"
    )
    assert response.status_code == 302
    page = client.get(f"/claims/{again}").get_data(as_text=True)
    assert "Possibly the same claim" not in page
    assert "rejected a possible match" in page  # the history says so


def test_a_match_of_another_claim_is_not_found(client, as_role, session, pair) -> None:
    _, again, match_id = pair
    other = make_claim(session)
    session.commit()
    as_role("editor")
    response = post(
        client, f"/claims/{other.id}/matches/{match_id}/confirm", token_from=f"/claims/{again}"
    )
    assert response.status_code == 404

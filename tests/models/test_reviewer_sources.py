"""Reviewers bring evidence: they link sources to claims they may propose a verdict on,
and unlink their own links; the source library stays the editors'."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import ClaimEvent, ClaimStatus, Role, Source
from models.errors import PermissionDenied, RuleViolation
from models.permissions import REQUIRED_ROLE, Action
from models.services import sourcing, withdrawals, workflow
from models.services.sourcing import SourceInput

from ..factories import make_claim, make_source, make_user, rating


@pytest.fixture
def desk(session: orm.Session):
    class Desk:
        editor = make_user(session, Role.EDITOR)
        alice = make_user(session, Role.REVIEWER)
        bob = make_user(session, Role.REVIEWER)
        claim = make_claim(session)

    session.commit()
    return Desk


def test_linking_and_editing_sources_are_two_actions() -> None:
    assert REQUIRED_ROLE[Action.LINK_SOURCE] is Role.REVIEWER
    assert REQUIRED_ROLE[Action.EDIT_SOURCE] is Role.EDITOR


def test_a_reviewer_records_a_new_source_and_links_it(session, desk) -> None:
    source = sourcing.get_or_create_source(
        session,
        SourceInput(url="https://found.example.org/report", title="Found"),
        actor=desk.alice,
    )
    link = sourcing.link_source(session, desk.claim, source, "refutes", "39%", actor=desk.alice)
    session.commit()
    assert source.created_by is desk.alice and link.added_by is desk.alice
    event = session.scalar(
        sa.select(ClaimEvent).where(ClaimEvent.action == "source_linked").limit(1)
    )
    assert event.actor_id == desk.alice.id and event.after["source_id"] == source.id


@pytest.mark.parametrize("state", ["unreviewed", "in_review", "verdict_proposed"])
def test_a_reviewer_links_while_the_claim_can_take_a_verdict(session, desk, state) -> None:
    claim = desk.claim
    sourcing.link_source(session, claim, make_source(session), "supports", None, actor=None)
    if state != "unreviewed":
        workflow.start_review(session, claim, actor=desk.bob)
    if state == "verdict_proposed":
        workflow.propose_verdict(session, claim, rating(session, "true"), "Yes.", actor=desk.bob)
    session.commit()
    assert claim.status.value == state
    sourcing.link_source(session, claim, make_source(session), "context", None, actor=desk.alice)
    session.flush()
    assert len(claim.sources) == 2


def test_nobody_links_to_a_published_verdict(session, desk) -> None:
    claim = desk.claim
    sourcing.link_source(session, claim, make_source(session), "supports", None, actor=None)
    workflow.propose_verdict(session, claim, rating(session, "true"), "Yes.", actor=desk.bob)
    workflow.approve_verdict(session, claim, actor=desk.editor)
    session.commit()
    assert claim.status is ClaimStatus.APPROVED
    for member in (desk.alice, desk.editor):
        with pytest.raises(RuleViolation):
            sourcing.link_source(
                session, claim, make_source(session), "context", None, actor=member
            )
    assert len(claim.sources) == 1


def test_a_reviewer_unlinks_their_own_link_but_not_anothers(session, desk) -> None:
    claim = desk.claim
    mine = sourcing.link_source(
        session, claim, make_source(session), "supports", None, actor=desk.alice
    )
    theirs = sourcing.link_source(
        session, claim, make_source(session), "context", None, actor=desk.bob
    )
    session.commit()
    assert sourcing.may_unlink(desk.alice, mine) and not sourcing.may_unlink(desk.alice, theirs)
    with pytest.raises(PermissionDenied) as refused:
        sourcing.unlink_source(session, theirs, actor=desk.alice)
    assert refused.value.needed_role == "editor"
    sourcing.unlink_source(session, mine, actor=desk.alice)
    session.commit()
    assert [link.id for link in claim.sources] == [theirs.id]
    sourcing.unlink_source(session, theirs, actor=desk.editor)  # an editor unlinks anyone's
    session.commit()
    assert claim.sources == []


def test_a_reviewer_does_not_change_the_library(session, desk) -> None:
    source = sourcing.get_or_create_source(
        session, SourceInput(url="https://found.example.org/x", title="Found"), actor=desk.alice
    )
    session.commit()
    with pytest.raises(PermissionDenied):  # not even the source they recorded
        sourcing.update_source(
            session, source, SourceInput(url=source.url, title="Renamed"), actor=desk.alice
        )
    session.rollback()
    assert session.get(Source, source.id).title == "Found"


def test_a_withdrawn_source_is_found_by_its_address_but_not_linked(session, desk) -> None:
    source = make_source(session, url="https://gone.example.org/a", title="Gone")
    withdrawals.withdraw_source(session, source, "Logged by mistake", actor=desk.editor)
    session.commit()
    found = sourcing.get_or_create_source(
        session, SourceInput(url="http://www.gone.example.org/a/", title="Again"), actor=desk.alice
    )
    assert found is source  # no second record for the same address
    with pytest.raises(RuleViolation) as refused:
        sourcing.link_source(session, desk.claim, found, "supports", None, actor=desk.alice)
    assert "withdrawn" in refused.value.message and refused.value.field == "url"
    assert desk.claim.sources == []

"""The review workflow's rules, one service call at a time."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import ClaimEvent, ClaimStatus, Correction, Role
from models.errors import PermissionDenied, RuleViolation, StaleVersion, ValidationError
from models.services import sourcing, workflow
from models.services.workflow import TRANSITIONS

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


def _actions(session, claim) -> list[str]:
    return list(
        session.scalars(
            sa.select(ClaimEvent.action)
            .where(ClaimEvent.claim_id == claim.id)
            .order_by(ClaimEvent.id)
        )
    )


def test_full_review_from_unreviewed_to_approved(session, desk) -> None:
    claim = desk.claim
    workflow.start_review(session, claim, actor=desk.alice)
    assert claim.status is ClaimStatus.IN_REVIEW and claim.assignee is desk.alice
    sourcing.link_source(session, claim, make_source(session), "refutes", "39%", actor=desk.editor)
    workflow.propose_verdict(
        session, claim, rating(session, "false"), "Only 39%.", actor=desk.alice
    )
    workflow.approve_verdict(session, claim, actor=desk.bob)
    session.commit()
    assert claim.status is ClaimStatus.APPROVED
    assert claim.proposed_by is desk.alice and claim.approved_by is desk.bob
    assert _actions(session, claim) == [
        "created",
        "review_started",
        "source_linked",
        "verdict_proposed",
        "verdict_approved",
    ]


def test_a_verdict_needs_an_explanation_and_a_source(session, desk) -> None:
    with pytest.raises(ValidationError, match="explanation is required"):
        workflow.propose_verdict(
            session, desk.claim, rating(session, "true"), "  ", actor=desk.alice
        )
    with pytest.raises(RuleViolation, match="needs at least one linked source"):
        workflow.propose_verdict(
            session, desk.claim, rating(session, "true"), "Checked.", actor=desk.alice
        )
    assert desk.claim.status is ClaimStatus.UNREVIEWED
    # "Unverifiable" is the one verdict that may stand without a source
    workflow.propose_verdict(
        session, desk.claim, rating(session, "unverifiable"), "No data published.", actor=desk.alice
    )
    assert desk.claim.status is ClaimStatus.VERDICT_PROPOSED


def test_the_proposer_cannot_approve_their_own_verdict(session, desk) -> None:
    workflow.propose_verdict(
        session, desk.claim, rating(session, "unverifiable"), "n/a", actor=desk.alice
    )
    with pytest.raises(RuleViolation, match="you proposed this verdict"):
        workflow.approve_verdict(session, desk.claim, actor=desk.alice)
    workflow.approve_verdict(session, desk.claim, actor=desk.editor)
    assert desk.claim.status is ClaimStatus.APPROVED


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_transitions_refuse_states_outside_their_table(session, desk, name) -> None:
    sources, _ = TRANSITIONS[name]
    for status in ClaimStatus:
        desk.claim.status = status
        assert workflow.can_transition(desk.claim, name) is (status in sources)


def test_approve_needs_a_proposed_verdict(session, desk) -> None:
    with pytest.raises(RuleViolation, match="only a claim that is verdict proposed"):
        workflow.approve_verdict(session, desk.claim, actor=desk.bob)


def test_reopening_an_approved_verdict_is_an_editors_call_and_a_correction(session, desk):
    claim = desk.claim
    workflow.propose_verdict(
        session, claim, rating(session, "unverifiable"), "n/a", actor=desk.alice
    )
    workflow.approve_verdict(session, claim, actor=desk.bob)
    with pytest.raises(PermissionDenied, match="editor role"):
        workflow.reopen(session, claim, "New data", actor=desk.alice)
    with pytest.raises(ValidationError, match="reason is required"):
        workflow.reopen(session, claim, "", actor=desk.editor)
    correction = workflow.reopen(session, claim, "The bureau revised its figure", actor=desk.editor)
    assert claim.status is ClaimStatus.IN_REVIEW and claim.rating is None
    assert correction.previous_rating.slug == "unverifiable"

    workflow.propose_verdict(
        session, claim, rating(session, "unverifiable"), "still none", actor=desk.bob
    )
    workflow.approve_verdict(session, claim, actor=desk.alice)
    session.commit()
    stored = session.scalars(sa.select(Correction)).one()
    assert stored.new_rating.slug == "unverifiable" and stored.resolved_at is not None


def test_a_reviewer_may_not_do_editor_work(session, desk) -> None:
    source = make_source(session)
    with pytest.raises(PermissionDenied):  # the source library is the editors'
        sourcing.update_source(
            session, source, sourcing.SourceInput(url=source.url, title="X"), actor=desk.alice
        )
    with pytest.raises(PermissionDenied):
        sourcing.create_source(
            session, sourcing.SourceInput(url="https://x.example.org", title="X"), actor=desk.alice
        )
    with pytest.raises(PermissionDenied):
        workflow.assign(session, desk.claim, desk.bob, actor=desk.alice)


def test_a_stale_version_is_refused_with_the_other_change(session, desk) -> None:
    loaded_version = desk.claim.version
    workflow.assign(
        session, desk.claim, desk.alice, actor=desk.editor, expected_version=loaded_version
    )
    session.commit()
    with pytest.raises(StaleVersion) as refused:
        workflow.assign(
            session, desk.claim, desk.bob, actor=desk.editor, expected_version=loaded_version
        )
    assert refused.value.current_version == loaded_version + 1
    [event] = refused.value.changes["events"]
    assert event["action"] == "assigned" and event["after"] == {"assignee_id": desk.alice.id}
    assert desk.claim.assignee is desk.alice


def test_concurrent_sessions_cannot_overwrite_each_other(engine, session, desk) -> None:
    other = orm.Session(engine, expire_on_commit=False)
    try:
        theirs = other.get(type(desk.claim), desk.claim.id)
        other.commit()  # loaded in one request, saved in the next: the version is all it has
        workflow.assign(session, desk.claim, desk.alice, actor=desk.editor)
        session.commit()
        with pytest.raises(orm.exc.StaleDataError):
            theirs.summary = "A different summary"
            other.flush()
    finally:
        other.close()


def test_the_audit_trail_is_append_only(session, desk) -> None:
    event = session.scalars(sa.select(ClaimEvent)).first()
    event.action = "tampered"
    with pytest.raises(PermissionError):
        session.flush()
    session.rollback()
    session.delete(session.scalars(sa.select(ClaimEvent)).first())
    with pytest.raises(PermissionError):
        session.flush()

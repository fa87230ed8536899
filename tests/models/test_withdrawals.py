"""Withdrawing and restoring articles, claims and sources; the refusals; the tallies that
follow; and the purge that keeps the audit trail. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import Article, Claim, ClaimEvent, ClaimStatus, DeskEvent, Rating, Role, Source
from models.db import make_engine, make_session_factory
from models.errors import PermissionDenied, RuleViolation, ValidationError
from models.read.claim_filter import ClaimFilter
from models.read.claims import claim_page, count_claims
from models.read.progress import Progress, desk_totals
from models.services import sourcing, withdrawals, workflow

from ..factories import make_article, make_claim, make_source, make_user, rating


def _counted(session: orm.Session) -> Progress:
    """The desk's claims in use, counted the slow way."""
    truth = Progress()
    stmt = (
        sa.select(Claim.status, Rating.slug, sa.func.count())
        .outerjoin(Rating, Rating.id == Claim.rating_id)
        .where(Claim.withdrawn_at.is_(None))
        .group_by(Claim.status, Rating.slug)
    )
    for status, slug, count in session.execute(stmt):
        truth.count(status, slug, count)
    return truth


@pytest.fixture
def desk_session(desk_url: str):
    engine = make_engine(desk_url)
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


def _listed(session: orm.Session, claim_filter: ClaimFilter | None = None) -> list[int]:
    return [c.id for c in claim_page(session, claim_filter or ClaimFilter(), limit=100).items]


def test_a_withdrawn_claim_leaves_lists_and_tallies_and_comes_back(desk_session) -> None:
    session = desk_session
    editor = make_user(session, Role.EDITOR)
    article = make_article(session)
    claim = make_claim(session, article)
    other = make_claim(session, article, quote="Services are 54% of GDP", summary="GDP")
    workflow.start_review(session, other, actor=editor)
    session.commit()
    assert desk_totals(session).by_status == {ClaimStatus.UNREVIEWED: 1, ClaimStatus.IN_REVIEW: 1}

    withdrawals.withdraw_claim(session, other, "Logged twice.", actor=editor)
    session.commit()
    assert other.withdrawn_by is editor and other.withdrawn_reason == "Logged twice."
    assert _listed(session) == [claim.id]
    assert _listed(session, ClaimFilter(withdrawn=True)) == [other.id]
    assert count_claims(session, ClaimFilter(text="services")) == 0
    assert desk_totals(session) == _counted(session)
    assert desk_totals(session).by_status == {ClaimStatus.UNREVIEWED: 1}
    withdrawn_event = session.scalars(
        sa.select(ClaimEvent).where(ClaimEvent.claim_id == other.id).order_by(ClaimEvent.id)
    ).all()[-1]
    assert (withdrawn_event.action, withdrawn_event.after) == (
        "withdrawn",
        {"reason": "Logged twice."},
    )

    # raw SQL too: the triggers follow withdrawn_at, whoever writes it
    session.execute(
        sa.text("UPDATE claims SET status = 'unreviewed' WHERE id = :id"), {"id": other.id}
    )
    session.commit()
    assert desk_totals(session) == _counted(session)

    withdrawals.restore_claim(session, other, actor=editor)
    session.commit()
    assert sorted(_listed(session)) == sorted([claim.id, other.id])
    assert count_claims(session, ClaimFilter(text="services")) == 1
    assert desk_totals(session) == _counted(session)
    assert desk_totals(session).by_status == {ClaimStatus.UNREVIEWED: 2}
    assert other.events[-1].action == "restored"


def test_refusals(desk_session) -> None:
    session = desk_session
    editor = make_user(session, Role.EDITOR)
    reviewer, second = make_user(session), make_user(session)
    article = make_article(session)
    claim = make_claim(session, article)
    source = make_source(session)
    sourcing.link_source(session, claim, source, "supports", None, actor=editor)
    workflow.propose_verdict(session, claim, rating(session, "true"), "Yes.", actor=reviewer)
    workflow.approve_verdict(session, claim, actor=second)
    session.commit()

    with pytest.raises(PermissionDenied):
        withdrawals.withdraw_claim(session, claim, "Mistake.", actor=reviewer)
    with pytest.raises(ValidationError):
        withdrawals.withdraw_claim(session, claim, "   ", actor=editor)
    with pytest.raises(RuleViolation, match="reopen it first"):
        withdrawals.withdraw_claim(session, claim, "Mistake.", actor=editor)
    with pytest.raises(RuleViolation, match=rf"claims {claim.id} .*reopen them first"):
        withdrawals.withdraw_article(session, article, "Mistake.", actor=editor)
    with pytest.raises(RuleViolation, match=rf"claims {claim.id} cite this source"):
        withdrawals.withdraw_source(session, source, "Mistake.", actor=editor)
    session.rollback()
    assert (
        claim.withdrawn_at is None and article.withdrawn_at is None and source.withdrawn_at is None
    )

    # through a correction, then it may go
    workflow.reopen(session, claim, "Wrong article.", actor=editor)
    withdrawals.withdraw_claim(session, claim, "Mistake.", actor=editor)
    session.commit()
    with pytest.raises(RuleViolation, match="withdrawn already"):
        withdrawals.withdraw_claim(session, claim, "Again.", actor=editor)
    withdrawals.withdraw_source(
        session, source, "Not a source.", actor=editor
    )  # no claim in use cites it
    session.commit()
    assert source.withdrawn


def test_an_article_withdraws_its_claims_and_restores_only_those(desk_session) -> None:
    session = desk_session
    editor = make_user(session, Role.EDITOR)
    article = make_article(session)
    alone = make_claim(session, article)
    together = make_claim(session, article, quote="Services are 54% of GDP", summary="GDP")
    elsewhere = make_claim(session)
    withdrawals.withdraw_claim(session, alone, "Duplicate.", actor=editor)
    session.commit()

    went = withdrawals.withdraw_article(session, article, "Wrong article.", actor=editor)
    session.commit()
    assert [c.id for c in went] == [together.id]
    assert together.withdrawn_at == article.withdrawn_at
    assert _listed(session) == [elsewhere.id]
    assert desk_totals(session) == _counted(session)
    with pytest.raises(RuleViolation, match="restore the article instead"):
        withdrawals.restore_claim(session, together, actor=editor)

    back = withdrawals.restore_article(session, article, actor=editor)
    session.commit()
    assert [c.id for c in back] == [together.id]
    assert alone.withdrawn and not together.withdrawn and not article.withdrawn
    actions = session.scalars(
        sa.select(DeskEvent.action).where(DeskEvent.subject == "article").order_by(DeskEvent.id)
    ).all()
    assert actions == ["withdrawn", "restored"]
    assert desk_totals(session) == _counted(session)


def test_purge_deletes_for_good_and_keeps_the_trail(desk_session) -> None:
    session = desk_session
    editor, admin = make_user(session, Role.EDITOR), make_user(session, Role.ADMIN)
    article = make_article(session)
    claim = make_claim(session, article)
    workflow.add_comment(session, claim, "A note.", actor=editor)
    kept = make_claim(session)
    source = make_source(session)
    withdrawals.withdraw_article(session, article, "Wrong article.", actor=editor)
    withdrawals.withdraw_source(session, source, "Not a source.", actor=editor)
    session.commit()
    trail = [e.action for e in claim.events]
    claim_id, article_id, source_id, kept_id = claim.id, article.id, source.id, kept.id

    assert withdrawals.purgeable(session, older_than=dt.timedelta(days=1)).total() == 0
    plan = withdrawals.purgeable(session)
    assert (plan.articles, plan.claims, plan.sources) == ([article_id], [claim_id], [source_id])
    with pytest.raises(PermissionDenied):
        withdrawals.purge(session, plan, actor=editor)
    done = withdrawals.purge(session, plan, actor=admin)
    session.commit()
    assert done.total() == 3
    assert session.get(Claim, claim_id) is None and session.get(Article, article_id) is None
    assert session.get(Source, source_id) is None and session.get(Claim, kept_id) is not None
    assert (
        session.scalar(
            sa.select(sa.func.count())
            .select_from(ClaimEvent)
            .where(ClaimEvent.claim_id == claim_id)
        )
        == 0
    )
    purged = session.scalar(
        sa.select(DeskEvent).where(DeskEvent.subject == "claim", DeskEvent.subject_id == claim_id)
    )
    assert purged.action == "purged" and purged.actor_id == admin.id
    assert [e["action"] for e in purged.details["trail"]] == trail
    assert desk_totals(session) == _counted(session)

    # the guard still holds for every claim not purged, and for the desk trail itself
    for statement in (
        f"DELETE FROM claim_events WHERE claim_id = {kept_id}",
        "DELETE FROM desk_events",
        "UPDATE desk_events SET action = 'x'",
    ):
        with pytest.raises(sa.exc.DatabaseError):
            session.execute(sa.text(statement))
        session.rollback()


def test_lists_in_use_keep_their_order_index(desk_session) -> None:
    """withdrawn_at IS NULL holds for nearly every row: the partial withdrawn index must
    never be chosen for it, each order's own index must (SQLite's plan)."""
    from models.read.claims import ORDERS

    session = desk_session
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("the plans checked are SQLite's")
    editor = make_user(session, Role.EDITOR)
    for n in range(3):
        claim = make_claim(session)
        if n == 0:
            withdrawals.withdraw_claim(session, claim, "Mistake.", actor=editor)
    session.commit()
    expected = {
        "position": "ix_claims_article_position",
        "updated": "ix_claims_updated_at",
        "status": "ix_claims_status_updated",
    }
    for sort, index in expected.items():
        stmt = ClaimFilter().apply(sa.select(Claim.id)).order_by(*ORDERS[sort].order_by())
        sql = str(
            stmt.limit(50).compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        )
        plan = " ".join(row[-1] for row in session.execute(sa.text("EXPLAIN QUERY PLAN " + sql)))
        assert index in plan and "withdrawn" not in plan and "TEMP B-TREE" not in plan, plan
    withdrawn = ClaimFilter(withdrawn=True).apply(sa.select(Claim.id))
    sql = str(withdrawn.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    plan = " ".join(row[-1] for row in session.execute(sa.text("EXPLAIN QUERY PLAN " + sql)))
    assert "ix_claims_withdrawn_at" in plan


def test_a_withdrawn_claim_takes_no_workflow_step(desk_session) -> None:
    session = desk_session
    editor, reviewer = make_user(session, Role.EDITOR), make_user(session)
    claim = make_claim(session)
    withdrawals.withdraw_claim(session, claim, "Mistake.", actor=editor)
    session.commit()
    for step in (
        lambda: workflow.start_review(session, claim, actor=reviewer),
        lambda: workflow.assign(session, claim, reviewer, actor=editor),
        lambda: workflow.edit_claim(
            session, claim, actor=editor, text="Changed.", summary="Changed"
        ),
    ):
        with pytest.raises(RuleViolation, match="withdrawn: an editor must restore it first"):
            step()
        session.rollback()
    assert not workflow.can_transition(claim, "start_review")

"""Bulk actions on a selection: every claim through its own service, all or nothing,
each refusal named. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import orm

from models import ClaimStatus, Role
from models.db import make_engine, make_session_factory
from models.errors import NotFound, PermissionDenied, ValidationError
from models.services import bulk, withdrawals, workflow

from ..factories import make_article, make_claim, make_user

QUOTES = [
    ("Alibaba holds 80% of the cloud market", "Cloud share"),
    ("Services are 54% of GDP", "GDP share"),
    ("The desk counted 130 new models", "Models counted"),
]


@pytest.fixture
def desk_session(desk_url: str):
    engine = make_engine(desk_url)
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


def _claims(session: orm.Session):
    article = make_article(session)
    return [make_claim(session, article, quote=q, summary=s) for q, s in QUOTES]


def test_all_or_nothing_with_every_refusal_named(desk_session) -> None:
    session = desk_session
    editor, reviewer = make_user(session, Role.EDITOR), make_user(session)
    one, two, three = _claims(session)
    workflow.start_review(session, one, actor=reviewer)
    withdrawals.withdraw_claim(session, three, "Mistake.", actor=editor)
    session.commit()
    shown = {c.id: c.version for c in (one, two, three)}

    with pytest.raises(bulk.SelectionRefused) as refused:
        bulk.start_review_all(session, shown, actor=reviewer)
    session.rollback()
    assert [(r.claim_id, r.reason) for r in refused.value.refusals] == [
        (one.id, "this claim is in review; only a claim that is unreviewed can take this step"),
        (three.id, "is withdrawn"),
    ]
    assert two.status is ClaimStatus.UNREVIEWED and two.events[-1].action == "created"

    stale = {one.id: one.version - 1, two.id: two.version}
    with pytest.raises(bulk.SelectionRefused, match=rf"#{one.id} was changed by"):
        bulk.assign_all(session, stale, reviewer, actor=editor)
    session.rollback()
    assert two.assignee is None

    done = bulk.assign_all(
        session, {one.id: one.version, two.id: two.version}, reviewer, actor=editor
    )
    session.commit()
    assert [c.assignee for c in done] == [reviewer, reviewer]


def test_refusals_before_any_claim(desk_session) -> None:
    session = desk_session
    reviewer = make_user(session)
    one, *_ = _claims(session)
    session.commit()
    with pytest.raises(PermissionDenied):
        bulk.assign_all(session, {one.id: None}, reviewer, actor=reviewer)
    with pytest.raises(ValidationError, match="Select at least one"):
        bulk.start_review_all(session, {}, actor=reviewer)
    with pytest.raises(ValidationError, match="at most 500"):
        bulk.start_review_all(session, dict.fromkeys(range(1, 502)), actor=reviewer)
    with pytest.raises(ValidationError, match="there is no claim 999"):
        bulk.start_review_all(session, {999: None}, actor=reviewer)
    assert bulk.resolve_member(session, reviewer.username.upper()) is reviewer
    assert bulk.resolve_member(session, str(reviewer.id)) is reviewer
    with pytest.raises(NotFound):
        bulk.resolve_member(session, "nobody-here")

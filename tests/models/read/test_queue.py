"""models.read.queue: what each member should work on next, in the desk's order."""

from __future__ import annotations

import sqlalchemy as sa

from models.read.queue import (
    ASSIGNED,
    AWAITING_APPROVAL,
    UNASSIGNED,
    my_queue,
    next_claim,
    queue_groups,
    why_queued,
)
from models.services import workflow

from ...factories import make_article, make_claim


def test_each_member_has_their_own_queue(session, desk) -> None:
    # Alice: her claim in review, then the unassigned one; her own proposal waits for others
    assert my_queue(session, desk.alice) == [desk.c3, desk.c1]
    # Bob: Alice's proposal to approve (four eyes), then the unassigned claim
    assert my_queue(session, desk.bob) == [desk.c4, desk.c1]


def test_limit_and_exclude(session, desk) -> None:
    assert my_queue(session, desk.bob, limit=1) == [desk.c4]
    assert my_queue(session, desk.bob, exclude=desk.c4.id) == [desk.c1]
    assert next_claim(session, desk.bob) is desk.c4
    assert next_claim(session, desk.bob, exclude=desk.c4.id) is desk.c1
    assert next_claim(session, desk.editor, exclude=desk.c4.id) is desk.c1


def test_assigned_then_awaiting_approval_then_unassigned(session, desk) -> None:
    workflow.assign(session, desk.c1, desk.bob, actor=desk.editor)
    workflow.assign(session, desk.c4, desk.bob, actor=desk.editor)  # Alice proposed it
    session.commit()
    assert my_queue(session, desk.bob) == [desk.c1, desk.c4]
    assert why_queued(desk.c4, desk.bob) == ASSIGNED
    # an approved claim assigned to me waits for nobody
    workflow.assign(session, desk.c2, desk.bob, actor=desk.editor)
    assert desk.c2 not in my_queue(session, desk.bob)


def test_newest_article_first_in_reading_order(session, desk) -> None:
    three = make_article(session, title="Newest", body="Alpha one. Beta two. Gamma three.")
    gamma = make_claim(session, three, quote="Gamma three", summary="gamma")
    alpha = make_claim(session, three, quote="Alpha one", summary="alpha")
    beta = make_claim(session, three, quote="Beta two", summary="beta")
    session.commit()
    # the newest article's claims come before the older unassigned one, in text order
    assert my_queue(session, desk.editor) == [desk.c4, alpha, beta, gamma, desk.c1]
    assert queue_groups(session, desk.editor) == [
        (AWAITING_APPROVAL, [desk.c4]),
        (UNASSIGNED, [alpha, beta, gamma, desk.c1]),
    ]


def test_one_article_only(session, desk) -> None:
    assert my_queue(session, desk.bob, article_id=desk.one.id) == [desk.c1]
    assert my_queue(session, desk.bob, article_id=desk.two.id) == [desk.c4]
    assert my_queue(session, desk.alice, article_id=desk.two.id) == []
    assert queue_groups(session, desk.alice, article_id=desk.one.id) == [
        (ASSIGNED, [desk.c3]),
        (UNASSIGNED, [desk.c1]),
    ]


def test_next_claim_stays_in_the_article_then_falls_back(session, desk) -> None:
    three = make_article(session, title="Newest", body="Alpha one. Beta two.")
    alpha = make_claim(session, three, quote="Alpha one", summary="alpha")
    beta = make_claim(session, three, quote="Beta two", summary="beta")
    session.commit()
    # from c1 in article one: nothing else there for Bob, so the desk's next (c4)
    assert next_claim(session, desk.bob, exclude=desk.c1.id, article_id=desk.one.id) is desk.c4
    # from alpha: beta, in the same article, although c4 leads the desk-wide queue
    assert next_claim(session, desk.bob, exclude=alpha.id, article_id=three.id) is beta
    assert next_claim(session, desk.bob, exclude=beta.id, article_id=three.id) is alpha


def test_queued_claims_come_with_what_a_row_shows(session, desk) -> None:
    session.expunge_all()
    for claim in my_queue(session, desk.bob):
        assert not {"speaker", "rating", "assignee", "article"} & sa.inspect(claim).unloaded


def test_why_and_groups(session, desk) -> None:
    assert why_queued(desk.c3, desk.alice) == ASSIGNED
    assert why_queued(desk.c4, desk.bob) == AWAITING_APPROVAL
    assert why_queued(desk.c1, desk.bob) == UNASSIGNED
    assert queue_groups(session, desk.bob) == [
        (AWAITING_APPROVAL, [desk.c4]),
        (UNASSIGNED, [desk.c1]),
    ]
    assert queue_groups(session, desk.alice, limit=1) == [(ASSIGNED, [desk.c3])]


def test_a_withdrawn_claim_waits_for_nobody(session, desk) -> None:
    from models.services import withdrawals

    workflow.assign(session, desk.c1, desk.bob, actor=desk.editor)
    withdrawals.withdraw_claim(session, desk.c1, "logged twice", actor=desk.editor)
    withdrawals.withdraw_claim(session, desk.c4, "not a claim", actor=desk.editor)
    session.commit()
    assert desk.c1 not in my_queue(session, desk.bob)
    assert desk.c4 not in my_queue(session, desk.bob)
    assert next_claim(session, desk.bob) not in (desk.c1, desk.c4)
    withdrawals.restore_claim(session, desk.c1, actor=desk.editor)
    session.commit()
    assert my_queue(session, desk.bob)[0] is desk.c1

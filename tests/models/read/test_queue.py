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


def test_each_member_has_their_own_queue(session, desk) -> None:
    # Alice: her claim in review, then the unassigned one; her own proposal waits for others
    assert my_queue(session, desk.alice) == [desk.c3, desk.c1]
    # Bob: the unassigned claim, then Alice's proposal to approve
    assert my_queue(session, desk.bob) == [desk.c1, desk.c4]


def test_limit_and_exclude(session, desk) -> None:
    assert my_queue(session, desk.bob, limit=1) == [desk.c1]
    assert my_queue(session, desk.bob, exclude=desk.c1.id) == [desk.c4]
    assert next_claim(session, desk.bob) is desk.c1
    assert next_claim(session, desk.bob, exclude=desk.c1.id) is desk.c4
    assert next_claim(session, desk.editor, exclude=desk.c1.id) is desk.c4


def test_queued_claims_come_with_what_a_row_shows(session, desk) -> None:
    session.expunge_all()
    for claim in my_queue(session, desk.bob):
        assert not {"speaker", "rating", "assignee", "article"} & sa.inspect(claim).unloaded


def test_why_and_groups(session, desk) -> None:
    assert why_queued(desk.c3, desk.alice) == ASSIGNED
    assert why_queued(desk.c4, desk.bob) == AWAITING_APPROVAL
    assert why_queued(desk.c1, desk.bob) == UNASSIGNED
    assert queue_groups(session, desk.bob) == [
        (UNASSIGNED, [desk.c1]),
        (AWAITING_APPROVAL, [desk.c4]),
    ]
    assert queue_groups(session, desk.alice, limit=1) == [(ASSIGNED, [desk.c3])]

"""The inbox: who the workflow tells of what, never the actor; read marking; the count."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import Claim, Notification, NotificationKind, Role, User
from models.read.inbox import has_unread_about, inbox_page, unread_count
from models.services import inbox, intake, sourcing, workflow

from ..factories import make_article, make_source, make_user, rating

K = NotificationKind


@dataclass
class People:
    editor: User  # logged the claim
    boss: User  # another editor
    alice: User
    bob: User
    carol: User


@pytest.fixture
def people(session: orm.Session) -> People:
    return People(
        make_user(session, Role.EDITOR, username="eddie"),
        make_user(session, Role.EDITOR, username="boss"),
        make_user(session, Role.REVIEWER, username="alice"),
        make_user(session, Role.REVIEWER, username="bob"),
        make_user(session, Role.REVIEWER, username="carol"),
    )


@pytest.fixture
def claim(session: orm.Session, people: People) -> Claim:
    article = make_article(session)
    data = intake.ClaimInput(quote="Alibaba holds 80% of the cloud market", summary="80%")
    claim = intake.create_claim(session, article, data, actor=people.editor)
    sourcing.link_source(session, claim, make_source(session), "refutes", None, actor=None)
    session.commit()
    return claim


def told(session: orm.Session, claim: Claim) -> set[tuple[str, NotificationKind]]:
    """Return who was told of what about `claim`, as (username, kind)."""
    rows = session.execute(
        sa.select(User.username, Notification.kind)
        .join(User, User.id == Notification.user_id)
        .where(Notification.claim_id == claim.id)
    )
    return {(name, kind) for name, kind in rows}


def test_assignment_tells_the_assignee_only(session, people, claim) -> None:
    workflow.assign(session, claim, people.alice, actor=people.boss)
    session.commit()
    assert told(session, claim) == {("alice", K.ASSIGNED)}
    note = session.scalars(sa.select(Notification)).one()
    assert note.actor is people.boss and note.event.action == "assigned" and note.read_at is None


def test_no_notice_to_oneself_or_for_no_change(session, people, claim) -> None:
    workflow.assign(session, claim, people.boss, actor=people.boss)  # took it myself
    workflow.assign(session, claim, None, actor=people.editor)  # unassigned: nobody to tell
    workflow.start_review(session, claim, actor=people.alice)  # takes it: Alice acted
    session.commit()
    assert told(session, claim) == set()
    workflow.assign(session, claim, people.alice, actor=people.editor)  # already hers
    session.commit()
    assert told(session, claim) == set()


def test_a_proposal_tells_the_assignee_and_the_editor_who_logged_it(session, people, claim) -> None:
    workflow.assign(session, claim, people.alice, actor=None)  # the desk: Alice is told
    workflow.propose_verdict(session, claim, rating(session, "false"), "39%.", actor=people.bob)
    session.commit()
    assert told(session, claim) == {
        ("alice", K.ASSIGNED),
        ("alice", K.APPROVAL),
        ("eddie", K.APPROVAL),
    }  # not Bob (he proposed), nor Carol or the other editor (they see it in their queue)


def test_a_proposal_by_the_assignee_tells_only_the_editor(session, people, claim) -> None:
    workflow.start_review(session, claim, actor=people.alice)
    workflow.propose_verdict(session, claim, rating(session, "false"), "39%.", actor=people.alice)
    session.commit()
    assert told(session, claim) == {("eddie", K.APPROVAL)}


def test_a_comment_tells_assignee_and_proposer_and_mentions(session, people, claim) -> None:
    workflow.start_review(session, claim, actor=people.alice)
    workflow.propose_verdict(session, claim, rating(session, "false"), "39%.", actor=people.bob)
    session.execute(sa.delete(Notification))
    comment = workflow.add_comment(
        session,
        claim,
        "@carol and @BOSS., see this (not mail@alice.example, not @nobody, @alice twice @alice)",
        actor=people.editor,
    )
    session.commit()
    assert told(session, claim) == {
        ("carol", K.MENTION),
        ("boss", K.MENTION),
        ("alice", K.MENTION),  # mentioned and assignee: told once, as a mention
        ("bob", K.COMMENT),  # the proposer
    }
    notes = session.scalars(sa.select(Notification)).all()
    assert {n.comment for n in notes} == {comment}
    assert {n.actor for n in notes} == {people.editor}


def test_a_comment_never_tells_its_author_nor_an_inactive_member(session, people, claim) -> None:
    workflow.start_review(session, claim, actor=people.alice)
    people.carol.active = False
    workflow.add_comment(session, claim, "Noted, @alice and @carol.", actor=people.alice)
    session.commit()
    assert told(session, claim) == set()


def test_a_correction_tells_who_approved_and_proposed(session, people, claim) -> None:
    workflow.start_review(session, claim, actor=people.alice)
    workflow.propose_verdict(session, claim, rating(session, "false"), "39%.", actor=people.alice)
    workflow.approve_verdict(session, claim, actor=people.bob)
    session.execute(sa.delete(Notification))
    workflow.reopen(session, claim, "New figures.", actor=people.boss)
    session.commit()
    assert told(session, claim) == {("bob", K.CORRECTION), ("alice", K.CORRECTION)}


def test_reopening_a_proposal_is_no_correction(session, people, claim) -> None:
    workflow.propose_verdict(session, claim, rating(session, "false"), "39%.", actor=people.alice)
    session.execute(sa.delete(Notification))
    workflow.reopen(session, claim, "Not yet.", actor=people.bob)
    session.commit()
    assert told(session, claim) == set()


def test_the_approver_reopening_is_not_told(session, people, claim) -> None:
    workflow.propose_verdict(session, claim, rating(session, "false"), "39%.", actor=people.alice)
    workflow.approve_verdict(session, claim, actor=people.boss)
    session.execute(sa.delete(Notification))
    workflow.reopen(session, claim, "My mistake.", actor=people.boss)
    session.commit()
    assert told(session, claim) == {("alice", K.CORRECTION)}


def test_a_refused_change_tells_nobody(session, people, claim) -> None:
    workflow.propose_verdict(session, claim, rating(session, "false"), "39%.", actor=people.alice)
    session.commit()
    before = told(session, claim)
    with pytest.raises(Exception, match="another reviewer"):
        workflow.approve_verdict(session, claim, actor=people.alice)
    with pytest.raises(Exception, match="comment"):
        workflow.add_comment(session, claim, "   ", actor=people.bob)
    session.rollback()
    assert told(session, claim) == before


def test_inbox_newest_first_by_key_and_read_marking(session, people, claim) -> None:
    for n in range(5):
        workflow.add_comment(session, claim, f"@alice note {n}", actor=people.bob)
    other = intake.create_claim(
        session,
        claim.article,
        intake.ClaimInput(quote="Services are 54% of GDP", summary="GDP"),
        actor=people.editor,
    )
    workflow.assign(session, other, people.alice, actor=people.editor)
    session.commit()
    first = inbox_page(session, people.alice, limit=4)
    assert [n.kind for n in first.items] == [K.ASSIGNED, K.MENTION, K.MENTION, K.MENTION]
    assert first.items[0].claim is other and first.has_next
    rest = inbox_page(session, people.alice, limit=4, after=first.next_cursor)
    assert [n.comment.body for n in rest.items] == ["@alice note 1", "@alice note 0"]
    assert unread_count(session, people.alice) == 6
    assert unread_count(session, people.alice, cap=3) == 4  # "3+"
    assert unread_count(session, people.bob) == 0

    assert has_unread_about(session, people.alice, claim.id)
    assert inbox.mark_claim_read(session, people.alice, claim.id) == 5
    session.commit()
    assert not has_unread_about(session, people.alice, claim.id)
    assert unread_count(session, people.alice) == 1
    assert inbox.mark_all_read(session, people.alice) == 1
    session.commit()
    assert unread_count(session, people.alice) == 0
    assert all(n.read_at is not None for n in inbox_page(session, people.alice).items)


def test_someone_elses_inbox_is_not_mine(session, people, claim) -> None:
    workflow.assign(session, claim, people.alice, actor=people.editor)
    session.commit()
    assert inbox_page(session, people.bob).items == []
    assert inbox.mark_all_read(session, people.bob) == 0
    assert inbox.mark_claim_read(session, people.bob, claim.id) == 0
    assert unread_count(session, people.alice) == 1


def test_mentions_are_names_of_members(session, people) -> None:
    found = inbox.mentioned(session, "@alice, @Bob! x@carol @zz @eddie. @boss-")
    assert {u.username for u in found} == {"alice", "bob", "eddie"}


def test_notices_about_a_withdrawn_claim_wait_until_it_is_restored(session, people, claim) -> None:
    from models.services import withdrawals

    workflow.assign(session, claim, people.alice, actor=people.boss)
    session.commit()
    assert unread_count(session, people.alice) == 1
    withdrawals.withdraw_claim(session, claim, "logged twice", actor=people.boss)
    session.commit()
    assert unread_count(session, people.alice) == 0
    assert inbox_page(session, people.alice).items == []
    withdrawals.restore_claim(session, claim, actor=people.boss)
    session.commit()
    assert unread_count(session, people.alice) == 1
    assert [note.claim_id for note in inbox_page(session, people.alice).items] == [claim.id]

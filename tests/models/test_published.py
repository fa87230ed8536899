"""A published verdict changes only through a reopen, which writes a public correction.

Approved: its verdict, text, summary, speaker, quote and sources are what readers and
ClaimReview consumers were told. Proposed: the verdict keeps at least the one source it
rests on.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import ClaimStatus, Correction, Role
from models.errors import RuleViolation
from models.services import sourcing, workflow
from models.services.speakers import create_speaker
from models.text.anchoring import find_quote

from ..factories import make_claim, make_source, make_user, rating


@pytest.fixture
def published(session: orm.Session):
    """An approved claim with one source, and the people who got it there."""

    class Desk:
        editor = make_user(session, Role.EDITOR)
        alice = make_user(session, Role.REVIEWER)
        bob = make_user(session, Role.REVIEWER)
        claim = make_claim(session)

    claim = Desk.claim
    sourcing.link_source(session, claim, make_source(session), "refutes", "39%", actor=Desk.editor)
    workflow.propose_verdict(
        session, claim, rating(session, "false"), "Only 39%.", actor=Desk.alice
    )
    workflow.approve_verdict(session, claim, actor=Desk.bob)
    session.commit()
    return Desk


def _edit(session, desk, **changes):
    claim = desk.claim
    values = {"text": claim.text, "summary": claim.summary, "speaker": claim.speaker}
    values.update(changes)
    workflow.edit_claim(session, claim, actor=desk.editor, **values)


@pytest.mark.parametrize(
    "change",
    [
        lambda s, d: sourcing.unlink_source(s, d.claim.sources[0], actor=d.editor),
        lambda s, d: sourcing.link_source(
            s, d.claim, make_source(s), "supports", None, actor=d.editor
        ),
        lambda s, d: _edit(s, d, text="Alibaba holds most of the cloud market."),
        lambda s, d: _edit(s, d, summary="Alibaba owns the cloud"),
        lambda s, d: _edit(s, d, speaker=create_speaker(s, "An Analyst", actor=None)),
        lambda s, d: _edit(s, d, anchor=find_quote(d.claim.article.body, "Alibaba holds 80%")),
    ],
    ids=["unlink the only source", "link a source", "text", "summary", "speaker", "quote"],
)
def test_a_published_verdict_refuses_silent_changes(session, published, change) -> None:
    before = published.claim.snapshot()
    version = published.claim.version
    with pytest.raises(RuleViolation, match=r"published.*reopened.*correction"):
        change(session, published)
    session.rollback()
    session.expire_all()
    assert published.claim.snapshot() == before and published.claim.version == version
    assert len(published.claim.sources) == 1


def test_saving_a_published_claim_unchanged_is_no_change(session, published) -> None:
    version = published.claim.version
    _edit(session, published)
    session.commit()
    assert published.claim.version == version


def test_after_a_reopen_the_claim_can_change_and_the_correction_is_public(
    session, published
) -> None:
    claim = published.claim
    workflow.reopen(session, claim, "The 80% figure was for 2019.", actor=published.editor)
    _edit(session, published, summary="Alibaba held 80% of the cloud in 2019")
    sourcing.link_source(
        session, claim, make_source(session), "supports", None, actor=published.editor
    )
    session.commit()
    assert claim.status is ClaimStatus.IN_REVIEW
    [correction] = session.scalars(sa.select(Correction)).all()
    assert correction.reason == "The 80% figure was for 2019."


def test_a_proposed_verdict_keeps_the_source_it_rests_on(session) -> None:
    editor, alice = make_user(session, Role.EDITOR), make_user(session, Role.REVIEWER)
    claim = make_claim(session)
    first = sourcing.link_source(
        session, claim, make_source(session), "refutes", None, actor=editor
    )
    workflow.propose_verdict(session, claim, rating(session, "false"), "No.", actor=alice)
    with pytest.raises(RuleViolation, match="rests on this source alone"):
        sourcing.unlink_source(session, first, actor=editor)
    second = sourcing.link_source(
        session, claim, make_source(session), "refutes", None, actor=editor
    )
    sourcing.unlink_source(session, first, actor=editor)  # another source remains
    assert [link.source_id for link in claim.sources] == [second.source_id]

"""A small desk for the read models: two articles, four claims in every workflow state.

article one (older):  c1 unreviewed, unassigned, no speaker
                      c2 approved "false" (proposed by Alice, approved by Bob), speaker
                         Ada Lovelace, one refuting source
                      c3 in review, speaker Ada Lovelace
article two:          c4 verdict "unverifiable" proposed by Alice
Alice took c2, c3 and c4 as she worked on them; only c1 is unassigned.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import orm

from models import Article, Claim, Role, Source, Speaker, User
from models.services import sourcing, speakers, workflow

from ...factories import make_article, make_claim, make_source, make_user, rating


@dataclass
class Desk:
    editor: User
    alice: User
    bob: User
    ada: Speaker
    one: Article
    two: Article
    c1: Claim
    c2: Claim
    c3: Claim
    c4: Claim
    source: Source


@pytest.fixture
def desk(session: orm.Session) -> Desk:
    editor = make_user(session, Role.EDITOR, display_name="Eddie Editor")
    alice = make_user(session, Role.REVIEWER, display_name="Alice Analyst")
    bob = make_user(session, Role.REVIEWER, display_name="Bob Builder")
    ada = speakers.create_speaker(session, "Ada Lovelace", actor=None, aliases=["Ada"])
    one = make_article(session, title="Cloud and models")
    two = make_article(session, title="The economy")
    c1 = make_claim(session, one, quote="The desk counted 130 new models", summary="130 models")
    c2 = make_claim(
        session,
        one,
        quote="Alibaba holds 80% of the cloud market",
        summary="Alibaba holds 80%",
        speaker="Ada",
    )
    c3 = make_claim(
        session, one, quote="Services are 54% of GDP", summary="Services 54%", speaker="Ada"
    )
    c4 = make_claim(session, two, quote="Services are 54% of GDP", summary="GDP services")
    source = make_source(session, title="Cloud census", publisher="Statistics Office")
    sourcing.link_source(session, c2, source, "refutes", "Alibaba: 39%", actor=editor)
    workflow.propose_verdict(session, c2, rating(session, "false"), "Only 39%.", actor=alice)
    workflow.approve_verdict(session, c2, actor=bob)
    workflow.start_review(session, c3, actor=alice)
    workflow.propose_verdict(session, c4, rating(session, "unverifiable"), "No data.", actor=alice)
    session.commit()
    return Desk(editor, alice, bob, ada, one, two, c1, c2, c3, c4, source)

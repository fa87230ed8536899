"""A small desk with a row in every table: the demo data plus what it leaves out."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from models import Claim, ClaimMatch, ClaimStatus, MatchState, Role
from models.demo import DemoSpec, build_demo_desk
from models.services import (
    accounts,
    revisions,
    sourcing,
    suggestions,
    throttle,
    tokens,
    withdrawals,
    workflow,
)
from models.tables.base import utcnow
from tests.factories import PASSWORD, make_article, make_claim

ADMIN = "copyadmin"


def fill_desk(engine: sa.Engine, claims: int) -> None:
    """Fill a migrated, empty desk: `claims` demo claims, then a member who can log in
    (ADMIN, password PASSWORD) with an API token, a withdrawn claim and source (desk
    events), a reopened published verdict (a correction and its notifications), a
    comment, claim suggestions (one dismissed), claim matches (one rejected), an
    article whose text was replaced (a revision and its claim placements) and a
    login-throttle counter."""
    build_demo_desk(engine, DemoSpec(claims=claims))
    with orm.Session(engine) as session, session.begin():
        admin = accounts.create_user(
            session, ADMIN, Role.ADMIN, PASSWORD, display_name="Copy Admin", actor=None
        )
        tokens.create_token(session, admin, "copied token", actor=admin)
        unpublished = sa.select(Claim).where(Claim.status != ClaimStatus.APPROVED)
        claim = session.scalars(unpublished.order_by(Claim.id.desc()).limit(1)).one()
        withdrawals.withdraw_claim(session, claim, "a duplicate", actor=admin)
        source = sourcing.create_source(
            session, sourcing.SourceInput("https://example.org/gone", "Gone"), actor=admin
        )
        withdrawals.withdraw_source(session, source, "dead link", actor=admin)
        approved = sa.select(Claim).where(Claim.status == ClaimStatus.APPROVED)
        published = session.scalars(approved.order_by(Claim.id).limit(1)).one()
        workflow.reopen(session, published, "a newer figure came out", actor=admin)
        workflow.add_comment(session, published, "reopened: see the new figure", actor=admin)
        article = make_article(session)
        suggested = suggestions.propose_claims(session, article, actor=admin)
        assert suggested, "detection proposed nothing in the factory article"
        suggestions.dismiss_suggestion(session, suggested[0], actor=admin)
        first, second, third = session.scalars(sa.select(Claim.id).order_by(Claim.id).limit(3))
        session.add(ClaimMatch(claim_id=third, other_claim_id=first, score=0.8))
        session.add(
            ClaimMatch(
                claim_id=third,
                other_claim_id=second,
                score=0.61,
                state=MatchState.REJECTED,
                decided_by=admin,
                decided_at=utcnow(),
            )
        )
        with_claim = make_claim(session, article=article)
        revisions.replace_article_text(
            session,
            article,
            article.body + " A late paragraph was added.",
            actor=admin,
            reason="the publisher updated the story",
        )
        assert with_claim.id
    with engine.begin() as connection:
        throttle.increment(connection, "login:someone", 60.0, 1, 1_000.0)

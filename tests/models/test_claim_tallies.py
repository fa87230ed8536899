"""The desk's claim tallies follow every change to claims, whoever makes it: the workflow
services, raw SQL, a bulk load. Checked on SQLite and PostgreSQL against a plain count."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from models import Claim, Rating, Role
from models.db import make_engine, make_session_factory
from models.demo import DemoSpec, build_demo_desk
from models.read.progress import Progress, desk_totals
from models.services import sourcing, workflow

from ..factories import make_article, make_claim, make_source, make_user, rating


def _counted(session: orm.Session) -> Progress:
    """Count the desk's claims the slow way: every claim, grouped."""
    truth = Progress()
    stmt = (
        sa.select(Claim.status, Rating.slug, sa.func.count())
        .outerjoin(Rating, Rating.id == Claim.rating_id)
        .group_by(Claim.status, Rating.slug)
    )
    for status, slug, count in session.execute(stmt):
        truth.count(status, slug, count)
    return truth


def test_the_tallies_follow_the_workflow_and_raw_sql(desk_url: str) -> None:
    engine = make_engine(desk_url)
    try:
        with make_session_factory(engine)() as session:
            assert desk_totals(session) == Progress()
            editor = make_user(session, Role.EDITOR)
            alice, bob = make_user(session), make_user(session)
            article = make_article(session)
            claim = make_claim(session, article)
            other = make_claim(session, article, quote="Services are 54% of GDP", summary="GDP")
            session.commit()
            assert desk_totals(session) == _counted(session)
            assert desk_totals(session).by_status == {claim.status: 2}

            source = make_source(session)
            sourcing.link_source(session, claim, source, "supports", None, actor=editor)
            workflow.propose_verdict(session, claim, rating(session, "true"), "Yes.", actor=alice)
            workflow.approve_verdict(session, claim, actor=bob)
            workflow.propose_verdict(
                session, other, rating(session, "unverifiable"), "?", actor=bob
            )
            session.commit()
            totals = desk_totals(session)
            assert totals == _counted(session)
            assert (totals.done, totals.proposed, totals.approved_by_rating) == (1, 1, {"true": 1})

            workflow.reopen(session, claim, "New figures.", actor=editor)
            session.commit()
            assert desk_totals(session) == _counted(session)
            assert desk_totals(session).approved_by_rating == {}

            # raw SQL, past every service: an insert, a change of verdict, a delete
            session.execute(
                sa.text(
                    "INSERT INTO claims (article_id, text, summary, quote_exact, quote_prefix, "
                    "quote_suffix, quote_start, quote_end, status, created_at, updated_at, "
                    "version) SELECT :article, 'x', 'x', 'The', '', '', 0, 3, 'unreviewed', "
                    "created_at, created_at, 1 FROM articles WHERE id = :article"
                ),
                {"article": article.id},
            )
            session.execute(
                sa.text("UPDATE claims SET rating_id = :r WHERE id = :c"),
                {"r": rating(session, "false").id, "c": other.id},
            )
            session.commit()
            assert desk_totals(session) == _counted(session)
            session.execute(sa.text("DELETE FROM claims WHERE quote_start = 0 AND quote_end = 3"))
            session.commit()
            assert desk_totals(session) == _counted(session)
            assert desk_totals(session).total == 2
    finally:
        engine.dispose()


def test_the_tallies_count_a_bulk_load(desk_url: str) -> None:
    engine = make_engine(desk_url)
    try:
        build_demo_desk(engine, DemoSpec(claims=90, seed=3))
        with make_session_factory(engine)() as session:
            totals = desk_totals(session)
            assert totals == _counted(session) and totals.total == 90
    finally:
        engine.dispose()

"""The synthetic demo desk: the shape the issue asks for, valid rows, the same desk twice."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import Article, Claim, ClaimStatus, Role, migrate
from models.db import make_engine, make_session_factory, sqlite_url
from models.demo import DemoSpec, build_demo_desk
from models.errors import Conflict, ValidationError

from ..factories import make_article, make_claim, make_user


def _fingerprint(engine: sa.Engine) -> str:
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for table in ("articles", "claims", "claim_sources", "claim_events", "speakers"):
            for row in connection.execute(sa.text(f"SELECT * FROM {table} ORDER BY id")):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _fresh(path: Path) -> sa.Engine:
    engine = make_engine(sqlite_url(path))
    migrate.upgrade(engine)
    return engine


def test_the_demo_desk_has_the_promised_shape(desk_url: str) -> None:
    engine = make_engine(desk_url)
    try:
        seen: list[int] = []
        report = build_demo_desk(engine, DemoSpec(claims=900, seed=7), on_claims=seen.append)
        assert sum(seen) == 900 and report.rows["claims"] == 900
        assert report.rows["articles"] == 30 and report.rows["speakers"] == 2000
        with make_session_factory(engine)() as session:
            shares = {
                status: count
                for status, count in session.execute(
                    sa.select(Claim.status, sa.func.count()).group_by(Claim.status)
                )
            }
            assert 0.5 < shares[ClaimStatus.UNREVIEWED] / 900 < 0.7
            assert shares[ClaimStatus.APPROVED] > 50
            claims = session.scalars(sa.select(Claim).join(Article)).all()
            for claim in claims:  # every anchor points at its words
                assert claim.article.body[claim.quote_start : claim.quote_end] == claim.quote_exact
                assert claim.sources  # one or two each
                if claim.status in (ClaimStatus.VERDICT_PROPOSED, ClaimStatus.APPROVED):
                    assert claim.rating is not None and claim.proposed_by is not None
            # the services work on top of it (ids and, on PostgreSQL, sequences follow)
            editor = make_user(session, Role.EDITOR, username="after-demo")
            article = make_article(session)
            make_claim(session, article)
            session.commit()
            assert editor.id > 24 and article.id > 30
    finally:
        engine.dispose()


def test_the_same_seed_builds_the_same_desk(tmp_path: Path) -> None:
    prints = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        engine = _fresh(tmp_path / f"{name}.sqlite3")
        build_demo_desk(engine, DemoSpec(claims=120, articles=5, seed=seed))
        prints.append(_fingerprint(engine))
        engine.dispose()
    assert prints[0] == prints[1] != prints[2]


def test_a_desk_with_content_is_refused(session: orm.Session, engine: sa.Engine) -> None:
    make_claim(session)
    session.commit()
    with pytest.raises(Conflict, match="already has articles or claims"):
        build_demo_desk(engine, DemoSpec(claims=10))


@pytest.mark.parametrize("spec", [DemoSpec(claims=0), DemoSpec(claims=5, articles=6)])
def test_impossible_sizes_are_refused(engine: sa.Engine, spec: DemoSpec) -> None:
    with pytest.raises(ValidationError):
        build_demo_desk(engine, spec)

"""The database itself refuses bad rows, whatever code writes them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from ..factories import make_article, make_claim, make_source, make_user, rating


def _refused(session: orm.Session, sql: str, **params) -> None:
    # PostgreSQL refuses an over-long VARCHAR before any CHECK runs (DataError)
    with pytest.raises((sa.exc.IntegrityError, sa.exc.DataError)), session.begin_nested():
        session.execute(sa.text(sql), params)


def test_check_constraints_on_enums_and_lengths(fresh_session: orm.Session) -> None:
    s = fresh_session
    claim = make_claim(s)
    user = make_user(s)
    source = make_source(s)
    s.commit()

    _refused(s, "UPDATE users SET role = 'boss' WHERE id = :id", id=user.id)
    _refused(s, "UPDATE claims SET status = 'done' WHERE id = :id", id=claim.id)
    _refused(s, "UPDATE claims SET summary = :v WHERE id = :id", v="x" * 76, id=claim.id)
    _refused(s, "UPDATE claims SET quote_end = quote_start WHERE id = :id", id=claim.id)
    _refused(s, "UPDATE claims SET status = 'approved' WHERE id = :id", id=claim.id)
    _refused(s, "UPDATE sources SET url = 'ftp://x.org/a' WHERE id = :id", id=source.id)
    _refused(
        s,
        "INSERT INTO claim_sources (claim_id, source_id, stance, added_at) "
        "VALUES (:c, :s, 'agrees', CURRENT_TIMESTAMP)",
        c=claim.id,
        s=source.id,
    )


def test_foreign_keys_and_unique_keys(fresh_session: orm.Session) -> None:
    s = fresh_session
    claim = make_claim(s)
    user = make_user(s)
    s.commit()

    _refused(s, "UPDATE claims SET article_id = 999999 WHERE id = :id", id=claim.id)
    _refused(s, "UPDATE claims SET assignee_id = 999999 WHERE id = :id", id=claim.id)
    _refused(s, "DELETE FROM articles WHERE id = :id", id=claim.article_id)
    _refused(
        s,
        "INSERT INTO users (username, display_name, role, password_hash, active, created_at) "
        "VALUES (:u, 'Twin', 'reviewer', 'x', true, CURRENT_TIMESTAMP)",
        u=user.username,
    )
    _refused(
        s,
        "INSERT INTO articles (title, body, body_sha256, created_at) "
        "VALUES ('Copy', :b, :h, CURRENT_TIMESTAMP)",
        b=claim.article.body,
        h=claim.article.body_sha256,
    )


def test_a_verdict_needs_a_rating_but_a_rating_needs_no_status(fresh_session) -> None:
    s = fresh_session
    claim = make_claim(s)
    claim.rating = rating(s, "false")
    s.commit()  # an in-progress draft rating is allowed
    s.execute(sa.text("UPDATE claims SET status = 'approved' WHERE id = :id"), {"id": claim.id})
    s.commit()


def test_article_and_claim_defaults(fresh_session: orm.Session) -> None:
    s = fresh_session
    article = make_article(s)
    claim = make_claim(s, article)
    s.commit()
    s.expire_all()
    claim = s.get(type(claim), claim.id)
    assert claim.version == 1
    assert claim.created_at.tzinfo is not None
    assert claim.status.value == "unreviewed"
    assert article.body[claim.quote_start : claim.quote_end] == claim.quote_exact

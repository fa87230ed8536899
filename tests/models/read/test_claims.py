"""models.read.claims: the claim list, keyset pages, one claim's record, per-article and
per-speaker lists, straight from the database (no HTTP)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import Claim, ClaimStatus, Stance
from models.read import claims
from models.read.claim_filter import NO_RATING, ClaimFilter

from ...factories import make_claim

LIST_RELATIONS = ("speaker", "rating", "assignee", "article")


def _ids(rows: list[Claim]) -> list[int]:
    return [claim.id for claim in rows]


def _fresh(session: orm.Session) -> None:
    """Forget every loaded object, so the next query shows what it loads itself."""
    session.expunge_all()


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, ["c1", "c2", "c3", "c4"]),
        ({"status": ClaimStatus.APPROVED}, ["c2"]),
        ({"rating": "false"}, ["c2"]),
        ({"rating": NO_RATING}, ["c1", "c3"]),
        ({"speaker": "  ADA "}, ["c2", "c3"]),  # an alias, any case and spacing
        ({"unassigned": True}, ["c1"]),
        ({"stance": Stance.REFUTES}, ["c2"]),
        ({"stance": Stance.SUPPORTS}, []),
        ({"text": "services gdp"}, ["c3", "c4"]),  # every word, in text, summary or quote
        ({"text": "100%"}, []),  # % is a character, not a wildcard
        ({"text": "   "}, ["c1", "c2", "c3", "c4"]),
    ],
)
def test_list_claims_applies_each_criterion(session, desk, criteria, expected) -> None:
    page = claims.list_claims(session, ClaimFilter(**criteria))
    assert _ids(page.items) == [getattr(desk, name).id for name in expected]
    assert page.total == len(expected)


def test_list_claims_by_article_speaker_id_and_assignee(session, desk) -> None:
    by_article = claims.list_claims(session, ClaimFilter(article_id=desk.two.id))
    by_speaker = claims.list_claims(session, ClaimFilter(speaker_id=desk.ada.id))
    by_assignee = claims.list_claims(session, ClaimFilter(assignee_id=desk.alice.id))
    assert _ids(by_article.items) == [desk.c4.id]
    assert _ids(by_speaker.items) == [desk.c2.id, desk.c3.id]
    assert _ids(by_assignee.items) == [desk.c2.id, desk.c3.id, desk.c4.id]


def test_list_claims_sorts_and_pages(session, desk) -> None:
    by_status = claims.list_claims(session, ClaimFilter(), sort="status")
    assert [c.status for c in by_status.items] == sorted(c.status for c in by_status.items)
    by_id = claims.list_claims(session, ClaimFilter(), sort="id", page=2, per_page=3)
    assert _ids(by_id.items) == [desk.c4.id]
    assert (by_id.page, by_id.pages, by_id.has_prev, by_id.has_next) == (2, 2, True, False)
    # an unknown sort is reading order; a page past the last is the last
    past = claims.list_claims(session, ClaimFilter(), sort="nonsense", page=99, per_page=3)
    assert past.page == 2 and _ids(past.items) == [desk.c4.id]


def test_list_rows_come_with_their_relations_loaded(session, desk) -> None:
    _fresh(session)
    for rows in (
        claims.list_claims(session, ClaimFilter()).items,
        claims.claims_after(session, ClaimFilter(), after_id=None, limit=10),
        claims.article_claims(session, desk.one.id),
        claims.speaker_claims(session, desk.ada.id),
    ):
        for claim in rows:
            state = sa.inspect(claim)
            assert not set(LIST_RELATIONS) & state.unloaded
            # a list shows the article's title, never its body
            assert "body" in sa.inspect(claim.article).unloaded


def test_claims_after_walks_by_id(session, desk) -> None:
    first = claims.claims_after(session, ClaimFilter(), after_id=None, limit=2)
    rest = claims.claims_after(session, ClaimFilter(), after_id=first[-1].id, limit=2)
    assert _ids(first) + _ids(rest) == [desk.c1.id, desk.c2.id, desk.c3.id, desk.c4.id]
    new = make_claim(session, desk.two, quote="The desk counted 130 new models", summary="new")
    session.commit()
    assert _ids(claims.claims_after(session, ClaimFilter(), after_id=desk.c4.id, limit=5)) == [
        new.id
    ]


def test_claim_page_loads_the_sources_in_one_more_statement(session, desk, engine) -> None:
    _fresh(session)
    statements: list[str] = []
    sa.event.listen(
        engine,
        "before_cursor_execute",
        lambda *a: None if a[2] == "BEGIN" else statements.append(a[2]),
    )
    page = claims.claim_page(session, ClaimFilter(article_id=desk.one.id), after_id=None, limit=10)
    links = {claim.id: [link.source.title for link in claim.sources] for claim in page}
    assert len(statements) == 2
    assert links == {desk.c1.id: [], desk.c2.id: ["Cloud census"], desk.c3.id: []}
    assert (
        claims.claim_page(
            session, ClaimFilter(status=ClaimStatus.IN_REVIEW), after_id=desk.c4.id, limit=5
        )
        == []
    )


def test_load_claim_brings_the_full_record(session, desk) -> None:
    _fresh(session)
    claim = claims.load_claim(session, desk.c2.id)
    assert claim is not None
    state = sa.inspect(claim)
    wanted = {"speaker", "rating", "assignee", "proposed_by", "approved_by", "sources", "comments"}
    assert not wanted & state.unloaded
    assert claim.proposed_by.display_name == "Alice Analyst"
    assert claim.approved_by.display_name == "Bob Builder"
    assert [link.source.title for link in claim.sources] == ["Cloud census"]
    assert claims.load_claim(session, 10**9) is None


def test_article_and_speaker_claims_in_reading_order(session, desk) -> None:
    assert _ids(claims.article_claims(session, desk.one.id)) == [
        desk.c1.id,
        desk.c2.id,
        desk.c3.id,
    ]
    assert _ids(claims.speaker_claims(session, desk.ada.id)) == [desk.c2.id, desk.c3.id]
    assert claims.claim_ids_of_article(session, desk.two.id) == [desk.c4.id]
    assert claims.claim_ids_of_speaker(session, desk.ada.id) == [desk.c2.id, desk.c3.id]
    assert claims.speaker_claims(session, 10**9) == []

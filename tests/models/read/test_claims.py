"""models.read.claims: the claim list a page at a time by key in every order, its capped
count, one claim's record, per-article and per-speaker lists, straight from the database
(no HTTP)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import Claim, ClaimStatus, Stance
from models.read import claims
from models.read.claim_filter import NO_RATING, ClaimFilter
from models.read.claims import ORDERS
from models.read.keyset import end_of

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
def test_claim_page_applies_each_criterion(session, desk, criteria, expected) -> None:
    page = claims.claim_page(session, ClaimFilter(**criteria))
    assert _ids(page.items) == [getattr(desk, name).id for name in expected]
    assert claims.count_claims(session, ClaimFilter(**criteria)) == len(expected)


def test_claim_page_by_article_speaker_id_and_assignee(session, desk) -> None:
    by_article = claims.claim_page(session, ClaimFilter(article_id=desk.two.id))
    by_speaker = claims.claim_page(session, ClaimFilter(speaker_id=desk.ada.id))
    by_assignee = claims.claim_page(session, ClaimFilter(assignee_id=desk.alice.id))
    assert _ids(by_article.items) == [desk.c4.id]
    assert _ids(by_speaker.items) == [desk.c2.id, desk.c3.id]
    assert _ids(by_assignee.items) == [desk.c2.id, desk.c3.id, desk.c4.id]


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("position", lambda c: (c.article_id, c.quote_start, c.id)),
        ("updated", lambda c: (-c.updated_at.timestamp(), -c.id)),
        ("created", lambda c: -c.id),
        ("status", lambda c: (c.status.value, c.updated_at, c.id)),
        ("id", lambda c: c.id),
    ],
)
def test_each_sort_pages_by_key_both_ways(session, desk, sort, key) -> None:
    everything = sorted(session.scalars(sa.select(Claim)).all(), key=key)
    forward, page = [], claims.claim_page(session, ClaimFilter(), sort=sort, limit=3)
    assert not page.has_prev and page.has_next
    while True:
        forward += page.items
        if page.next_cursor is None:
            break
        page = claims.claim_page(session, ClaimFilter(), sort=sort, after=page.next_cursor, limit=3)
    assert _ids(forward) == _ids(everything)
    last = claims.claim_page(
        session, ClaimFilter(), sort=sort, before=end_of(ORDERS[sort]), limit=3
    )
    assert _ids(last.items) == _ids(everything[-3:]) and not last.has_next
    earlier = claims.claim_page(session, ClaimFilter(), sort=sort, before=last.prev_cursor)
    assert _ids(earlier.items) == _ids(everything[:-3])


def test_a_cursor_made_for_a_claim_starts_the_page_after_it(session, desk) -> None:
    for sort in ORDERS:
        cursor = claims.cursor_at_claim(desk.c2, sort)
        assert cursor.order == sort
        following = claims.claim_page(session, ClaimFilter(), sort=sort, after=cursor, limit=10)
        everything = claims.claim_page(session, ClaimFilter(), sort=sort, limit=10).items
        assert following.items == everything[everything.index(desk.c2) + 1 :]


def test_the_count_stops_past_its_cap(session, desk) -> None:
    assert claims.count_claims(session, ClaimFilter()) == 4
    assert claims.count_claims(session, ClaimFilter(), cap=2) == 3  # shown as "2+"
    assert claims.count_claims(session, ClaimFilter(status=ClaimStatus.APPROVED), cap=2) == 1


def test_list_rows_come_with_their_relations_loaded(session, desk) -> None:
    _fresh(session)
    for rows in (
        claims.claim_page(session, ClaimFilter()).items,
        claims.claim_page(session, ClaimFilter(), sort="updated", after=None, limit=2).items,
        claims.article_claims(session, desk.one.id),
    ):
        for claim in rows:
            state = sa.inspect(claim)
            assert not set(LIST_RELATIONS) & state.unloaded
            # a list shows the article's title, never its body
            assert "body" in sa.inspect(claim.article).unloaded


def test_the_id_order_shows_claims_logged_after_a_cursor(session, desk) -> None:
    first = claims.claim_page(session, ClaimFilter(), sort="id", limit=2)
    rest = claims.claim_page(session, ClaimFilter(), sort="id", after=first.next_cursor, limit=2)
    assert _ids(first.items) + _ids(rest.items) == [desk.c1.id, desk.c2.id, desk.c3.id, desk.c4.id]
    assert rest.next_cursor is None
    new = make_claim(session, desk.two, quote="The desk counted 130 new models", summary="new")
    session.commit()
    at_c4 = claims.cursor_at_claim(desk.c4, "id")
    assert _ids(claims.claim_page(session, ClaimFilter(), sort="id", after=at_c4).items) == [new.id]


def test_load_sources_brings_a_pages_links_in_one_statement(session, desk, engine) -> None:
    _fresh(session)
    page = claims.claim_page(session, ClaimFilter(article_id=desk.one.id), limit=10)
    statements: list[str] = []
    sa.event.listen(
        engine,
        "before_cursor_execute",
        lambda *a: None if a[2] == "BEGIN" else statements.append(a[2]),
    )
    claims.load_sources(session, page.items)
    links = {claim.id: [link.source.title for link in claim.sources] for claim in page.items}
    assert len(statements) == 1
    assert links == {desk.c1.id: [], desk.c2.id: ["Cloud census"], desk.c3.id: []}
    claims.load_sources(session, [])
    assert len(statements) == 1


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


@pytest.mark.parametrize("common_above", [1_000, 0])  # few matches, then "common" words
@pytest.mark.parametrize("sort", list(ORDERS))
def test_words_page_by_key_in_every_order(session, desk, monkeypatch, sort, common_above) -> None:
    # "services" matches c3 and c4; with the threshold at 0 they count as common words,
    # read through the order's own index (or the search index, newest first)
    monkeypatch.setattr(claims, "COMMON_WORDS", common_above)
    words = ClaimFilter(text="services")
    expected = _ids(claims.claim_page(session, ClaimFilter(), sort=sort, limit=10).items)
    expected = [claim_id for claim_id in expected if claim_id in (desk.c3.id, desk.c4.id)]
    first = claims.claim_page(session, words, sort=sort, limit=1)
    assert _ids(first.items) == expected[:1] and first.has_next and not first.has_prev
    second = claims.claim_page(session, words, sort=sort, after=first.next_cursor, limit=1)
    assert _ids(second.items) == expected[1:] and not second.has_next and second.has_prev
    back = claims.claim_page(session, words, sort=sort, before=second.prev_cursor, limit=1)
    assert _ids(back.items) == expected[:1]
    last = claims.claim_page(session, words, sort=sort, before=end_of(ORDERS[sort]), limit=1)
    assert _ids(last.items) == expected[1:]
    narrowed = claims.claim_page(session, words.with_(article_id=desk.one.id), sort=sort)
    assert _ids(narrowed.items) == [desk.c3.id]


def test_words_alone_are_counted_in_the_search_index(session, desk, engine) -> None:
    statements: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    assert claims.count_claims(session, ClaimFilter(text="services")) == 2
    assert claims.count_claims(session, ClaimFilter(text="services"), cap=1) == 2  # "1+"
    assert claims.count_claims(session, ClaimFilter(text="services", article_id=desk.one.id)) == 1
    assert claims.count_claims(session, ClaimFilter(text='"')) == 0  # no word to match
    counted = [sql for sql in statements if "count(" in sql.lower()]
    # words alone: one count each; with another criterion, the withdrawn matches then all
    assert len(counted) == 5
    assert all("claims_fts" in sql for sql in counted[:2])
    # the claims table is read only for the withdrawn claims the index still holds
    for sql in counted[:2]:
        assert "withdrawn_at IS NOT NULL" in sql
        assert len(re.findall(r"\bFROM claims\b(?!_fts)", sql)) == 1


@pytest.mark.parametrize("cap", [10_000, 2, 1])
def test_counts_take_withdrawn_claims_off_exactly(session, desk, cap, monkeypatch) -> None:
    from models.read import claim_filter as module
    from models.services import withdrawals

    withdrawals.withdraw_claim(session, desk.c3, "logged twice", actor=desk.editor)
    session.commit()
    in_use = ClaimFilter()
    expected = min(3, cap + 1)  # c1, c2, c4 are in use
    assert claims.count_claims(session, in_use, cap=cap) == expected
    assert claims.count_claims(session, in_use.with_(speaker="Ada"), cap=cap) == 1  # c2
    assert claims.count_claims(session, in_use.with_(withdrawn=True), cap=cap) == 1
    # a desk with more withdrawn claims than are read by id counts them in place
    none_read = lambda s, c: module.withdrawn_claim_ids(s, 0)  # noqa: E731
    monkeypatch.setattr(claims, "withdrawn_claim_ids", none_read)
    assert claims.count_claims(session, in_use, cap=cap) == expected
    assert claims.count_claims(session, in_use.with_(withdrawn=True), cap=cap) == 1

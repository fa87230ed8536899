"""models.read.keyset: pages by key in either direction, cursors that survive a URL, and a
count that stops at its cap, on articles of a real database."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from models import Article
from models.errors import ValidationError
from models.read.keyset import (
    Cursor,
    Order,
    count_up_to,
    cursor_at,
    decode_cursor,
    end_of,
    keyset_page,
)

from ...factories import make_article

BY_TITLE = Order("title", (Article.title, Article.id))
NEWEST = Order("newest", (Article.created_at, Article.id), descending=True)
TITLES = ["b", "a", "c", "a", "e", "d", "b"]  # repeated titles: the id breaks the tie


@pytest.fixture
def articles(session) -> list[Article]:
    made = [make_article(session, title=title) for title in TITLES]
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for n, article in enumerate(made):  # every other one at the same moment
        article.created_at = start + dt.timedelta(minutes=n // 2)
    session.commit()
    return made


def _walk(session, order: Order, limit: int, *, backwards: bool = False) -> list[list[int]]:
    """Return the ids of every page, following next (or prev from the last page) links."""
    stmt = sa.select(Article)
    page = keyset_page(
        session, stmt, order, limit=limit, before=end_of(order) if backwards else None
    )
    pages = [[a.id for a in page.items]]
    while (page.prev_cursor if backwards else page.next_cursor) is not None:
        if backwards:
            page = keyset_page(session, stmt, order, limit=limit, before=page.prev_cursor)
        else:
            page = keyset_page(session, stmt, order, limit=limit, after=page.next_cursor)
        pages.append([a.id for a in page.items])
    return pages[::-1] if backwards else pages


@pytest.mark.parametrize("order", [BY_TITLE, NEWEST], ids=lambda o: o.name)
@pytest.mark.parametrize("limit", [1, 2, 3, 7, 10])
def test_pages_forward_and_backward_cover_the_order_once(session, articles, order, limit) -> None:
    expected = session.scalars(sa.select(Article.id).order_by(*order.order_by())).all()
    forward = _walk(session, order, limit)
    assert [i for page in forward for i in page] == expected
    assert all(len(page) == limit for page in forward[:-1])
    backward = _walk(session, order, limit, backwards=True)
    assert [i for page in backward for i in page] == expected
    # walking back from the end, the short page is the first one
    assert all(len(page) == limit for page in backward[1:])


def test_first_and_last_pages_know_their_neighbours(session, articles) -> None:
    stmt = sa.select(Article)
    first = keyset_page(session, stmt, BY_TITLE, limit=3)
    assert (first.has_prev, first.has_next, first.prev_cursor) == (False, True, None)
    last = keyset_page(session, stmt, BY_TITLE, limit=3, before=end_of(BY_TITLE))
    assert (last.has_prev, last.has_next, last.next_cursor) == (True, False, None)
    assert [a.title for a in last.items] == ["c", "d", "e"]
    whole = keyset_page(session, stmt, BY_TITLE, limit=50, before=end_of(BY_TITLE))
    assert (len(whole.items), whole.has_prev, whole.has_next) == (7, False, False)


def test_a_cursor_whose_rows_went_away_shows_the_last_or_first_page(session, articles) -> None:
    stmt = sa.select(Article)
    past_the_end = Cursor("title", ("zzz", 10**6))
    page = keyset_page(session, stmt, BY_TITLE, limit=3, after=past_the_end)
    assert [a.title for a in page.items] == ["c", "d", "e"] and not page.has_next
    before_the_start = Cursor("title", ("", 0))
    page = keyset_page(session, stmt, BY_TITLE, limit=3, before=before_the_start)
    assert [a.title for a in page.items] == ["a", "a", "b"] and not page.has_prev


def test_a_previous_page_near_the_start_may_be_short(session, articles) -> None:
    second = sorted(articles, key=lambda a: (a.title, a.id))[1]
    page = keyset_page(
        session, sa.select(Article), BY_TITLE, limit=3, before=cursor_at(BY_TITLE, second)
    )
    assert [a.title for a in page.items] == ["a"]
    assert (page.has_prev, page.has_next) == (False, True)


def test_a_filtered_statement_pages_within_its_rows(session, articles) -> None:
    stmt = sa.select(Article).where(Article.title.in_(["a", "b"]))
    page = keyset_page(session, stmt, NEWEST, limit=3)
    rest = keyset_page(session, stmt, NEWEST, limit=3, after=page.next_cursor)
    titles = [a.title for a in page.items + rest.items]
    assert sorted(titles) == ["a", "a", "b", "b"] and not rest.has_next


def test_cursors_round_trip_as_url_safe_text(session, articles) -> None:
    for order in (BY_TITLE, NEWEST):
        cursor = cursor_at(order, articles[3])
        text = cursor.encode()
        assert text.replace("-", "").replace("_", "").isalnum()
        assert decode_cursor(text, order) == cursor
        assert decode_cursor(end_of(order).encode(), order).is_end
    moment = decode_cursor(cursor_at(NEWEST, articles[3]).encode(), NEWEST).key[0]
    assert moment == articles[3].created_at and moment.tzinfo is not None


@pytest.mark.parametrize(
    "text",
    [
        "not-a-cursor",
        "",
        "%%%",
        Cursor("newest", (1,)).encode(),  # another order's name
        Cursor("title", ("a",)).encode(),  # too few values
        Cursor("title", (1, 2)).encode(),  # a number where the title goes
        Cursor("title", ("a", 2**63)).encode(),  # past 64 bits
        Cursor("title", ("a", True)).encode(),
        Cursor("title", ("a", -1)).encode(),
        Order("x", ()).name,
    ],
)
def test_a_cursor_this_order_did_not_give_out_is_refused(text) -> None:
    with pytest.raises(ValidationError) as refused:
        decode_cursor(text, BY_TITLE, field="after")
    assert refused.value.field == "after" and "'title'" in refused.value.message


def test_naive_times_are_not_cursor_values() -> None:
    naive = Cursor("newest", ("2026-01-01T00:00:00", 1)).encode()
    with pytest.raises(ValidationError):
        decode_cursor(naive, NEWEST)


def test_count_up_to_stops_past_the_cap(session, articles) -> None:
    stmt = sa.select(Article)
    assert count_up_to(session, stmt, cap=100) == 7
    assert count_up_to(session, stmt, cap=3) == 4  # "more than 3"
    assert count_up_to(session, stmt.where(Article.title == "a"), cap=3) == 2

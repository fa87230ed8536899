"""models.read.articles: the API's pages, the article list by key, the articles with the
newest activity, and the article picker."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from models.read import articles
from models.read.articles import (
    article_page,
    articles_after,
    articles_by_id,
    find_articles,
    recently_active,
)
from models.services import workflow

from ...factories import make_article


def test_articles_after_pages_by_id_without_bodies(session, desk) -> None:
    session.expunge_all()
    first = articles_after(session, after_id=None, limit=1)
    assert [a.id for a in first] == [desk.one.id]
    assert "body" in sa.inspect(first[0]).unloaded
    assert [a.id for a in articles_after(session, after_id=desk.one.id, limit=5)] == [desk.two.id]
    assert articles_after(session, after_id=desk.two.id, limit=5) == []


def test_the_article_list_pages_newest_first_by_key(session, desk) -> None:
    three = make_article(session, title="Third")
    session.commit()
    session.expunge_all()
    first = article_page(session, limit=2)
    assert [a.id for a in first.items] == [three.id, desk.two.id]
    assert "body" in sa.inspect(first.items[0]).unloaded
    assert (first.has_prev, first.has_next) == (False, True)
    second = article_page(session, after=first.next_cursor, limit=2)
    assert [a.id for a in second.items] == [desk.one.id]
    assert (second.has_prev, second.has_next) == (True, False)
    back = article_page(session, before=second.prev_cursor, limit=2)
    assert [a.id for a in back.items] == [three.id, desk.two.id] and not back.has_prev


def test_articles_by_id_keep_the_order_asked_and_skip_unknown_ids(session, desk) -> None:
    session.expunge_all()
    found = articles_by_id(session, [desk.two.id, 10**9, desk.one.id])
    assert [a.title for a in found] == ["The economy", "Cloud and models"]
    assert "body" in sa.inspect(found[0]).unloaded
    assert articles_by_id(session, []) == []


def test_recent_activity_ranks_articles_by_their_newest_event_or_arrival(session, desk) -> None:
    # the fixture's last change was the verdict proposed on c4, in article two
    assert recently_active(session) == [desk.two.id, desk.one.id]
    three = make_article(session, title="Just arrived")
    session.commit()
    assert recently_active(session) == [three.id, desk.two.id, desk.one.id]
    workflow.add_comment(session, desk.c1, "Still checking.", actor=desk.alice)
    session.commit()
    assert recently_active(session) == [desk.one.id, three.id, desk.two.id]
    assert recently_active(session, limit=1) == [desk.one.id]


def test_recent_activity_reads_only_the_newest_events(session, desk, monkeypatch) -> None:
    # Reading one event sees only article two's activity; article one, busy before that,
    # counts by its arrival (older than article two's) and still comes second.
    monkeypatch.setattr(articles, "EVENTS_READ", 1)
    assert recently_active(session) == [desk.two.id, desk.one.id]
    old = make_article(session, title="Old", published=dt.date(2020, 1, 1))
    session.commit()
    assert recently_active(session, limit=2) == [old.id, desk.two.id]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("economy", ["The economy"]),
        ("MODELS cloud", ["Cloud and models"]),  # every word, any case, any order
        ("the", ["The economy"]),
        ("nothing like it", []),
        ("", []),
        ("   ", []),
        ("clo\x07ud", []),  # a control character matches nothing (and is no error)
    ],
)
def test_the_picker_finds_articles_by_words_of_their_title(session, desk, typed, expected):
    assert [match.label for match in find_articles(session, typed)] == expected


def test_the_picker_puts_a_typed_id_first_and_shows_the_date(session, desk) -> None:
    dated = make_article(session, title="Cloud report", published=dt.date(2024, 5, 1))
    session.commit()
    matches = find_articles(session, str(desk.one.id))
    assert [(m.id, m.label) for m in matches][:1] == [(desk.one.id, "Cloud and models")]
    assert [(m.id, m.label) for m in find_articles(session, "cloud")] == [
        (dated.id, "Cloud report (2024-05-01)"),
        (desk.one.id, "Cloud and models"),
    ]
    assert [m.id for m in find_articles(session, "cloud", limit=1)] == [dated.id]
    assert find_articles(session, "x" * 500) == []

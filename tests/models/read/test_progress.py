"""models.read.progress: status counts (written once, for the API, the report and the
bars), per-article progress and the whole desk's."""

from __future__ import annotations

import datetime as dt

from models import ClaimStatus
from models.read.articles import articles_by_id
from models.read.claim_filter import ClaimFilter
from models.read.progress import (
    NO_VERDICT_KEY,
    PROPOSED_KEY,
    article_progress,
    desk_totals,
    progress_of,
    status_counts,
)
from models.read.ratings import list_ratings

from ...factories import make_article

S = ClaimStatus


def test_status_counts_for_the_desk_and_under_a_filter(session, desk) -> None:
    assert status_counts(session) == {
        S.UNREVIEWED: 1,
        S.IN_REVIEW: 1,
        S.VERDICT_PROPOSED: 1,
        S.APPROVED: 1,
    }
    assert status_counts(session, ClaimFilter(article_id=desk.one.id)) == {
        S.UNREVIEWED: 1,
        S.IN_REVIEW: 1,
        S.APPROVED: 1,
    }
    assert status_counts(session, ClaimFilter(speaker="nobody at all")) == {}


def test_article_progress_counts_statuses_and_verdicts(session, desk) -> None:
    empty = make_article(session, title="Not started", published=dt.date(2024, 1, 1))
    session.commit()
    session.expunge_all()
    shown = articles_by_id(session, [empty.id, desk.two.id, desk.one.id])
    rows = article_progress(session, shown)
    assert [row.id for row in rows] == [empty.id, desk.two.id, desk.one.id]  # as asked
    one = rows[2].progress
    assert (one.total, one.done, one.proposed) == (3, 1, 0)
    assert one.by_status == {S.UNREVIEWED: 1, S.IN_REVIEW: 1, S.APPROVED: 1}
    assert one.approved_by_rating == {"false": 1}
    two = rows[1].progress
    assert (two.total, two.proposed, two.approved_by_rating) == (1, 1, {})
    assert rows[0].progress.total == 0 and rows[0].title == "Not started"
    assert rows[0].published == dt.date(2024, 1, 1)
    assert progress_of(session, [desk.two.id])[desk.two.id].proposed == 1
    assert progress_of(session, []) == {}
    assert article_progress(session, []) == []


def test_the_desk_totals_and_bars_follow_the_scale(session, desk) -> None:
    total = desk_totals(session)
    assert (total.total, total.done, total.proposed) == (4, 1, 1)
    assert [(s.key, s.count) for s in total.status_segments()] == [
        ("unreviewed", 1),
        ("in_review", 1),
        ("verdict_proposed", 1),
        ("approved", 1),
    ]
    bar = {s.key: s.count for s in total.verdict_segments(list_ratings(session))}
    assert bar["false"] == 1 and bar["true"] == 0
    assert bar[PROPOSED_KEY] == 1 and bar[NO_VERDICT_KEY] == 2
    assert sum(bar.values()) == total.total


def test_the_desk_totals_are_the_sum_of_its_articles(session, desk) -> None:
    parts = progress_of(session, [desk.one.id, desk.two.id]).values()
    total = desk_totals(session)
    assert total.total == sum(part.total for part in parts)
    assert total.proposed == sum(part.proposed for part in parts)
    for status in S:
        assert total.by_status.get(status, 0) == sum(p.by_status.get(status, 0) for p in parts)
    assert total.approved_by_rating == {"false": 1}

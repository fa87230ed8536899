"""models.read.progress: status counts (written once, for the API, the report and the
bars), per-article progress and the whole desk's."""

from __future__ import annotations

import datetime as dt

from models import ClaimStatus
from models.read.claim_filter import ClaimFilter
from models.read.progress import (
    NO_VERDICT_KEY,
    PROPOSED_KEY,
    article_progress,
    desk_progress,
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
    rows = article_progress(session)
    # a publication date first (newest first), then the undated ones, newest added first
    assert [row.id for row in rows] == [empty.id, desk.two.id, desk.one.id]
    one = rows[2].progress
    assert (one.total, one.done, one.proposed) == (3, 1, 0)
    assert one.by_status == {S.UNREVIEWED: 1, S.IN_REVIEW: 1, S.APPROVED: 1}
    assert one.approved_by_rating == {"false": 1}
    two = rows[1].progress
    assert (two.total, two.proposed, two.approved_by_rating) == (1, 1, {})
    assert rows[0].progress.total == 0 and rows[0].title == "Not started"
    (only,) = article_progress(session, desk.two.id)
    assert only.id == desk.two.id and only.progress.proposed == 1


def test_the_desk_is_the_sum_of_its_articles_and_bars_follow_the_scale(session, desk) -> None:
    total = desk_progress(article_progress(session))
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

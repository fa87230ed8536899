"""The dashboard: progress bars that match the database, my queue, recent activity."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from models import Claim, ClaimStatus, Rating
from models.read.progress import article_progress, desk_totals
from models.services import sourcing, workflow

from ..factories import make_article, make_claim, make_source, rating


def _legend_count(page: str, key: str) -> int:
    """Return the first count shown in a bar legend for `key` (the whole-desk bars)."""
    match = re.search(rf'<li data-key="{key}">.*?<span class="count">(\d+)</span>', page)
    return int(match.group(1)) if match else 0


def test_anonymous_visitors_are_sent_to_login(client) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response.location.startswith("/login")


@pytest.mark.parametrize("role", ["reviewer", "editor", "admin"])
def test_every_member_sees_the_dashboard(client, as_role, role) -> None:
    as_role(role)
    page = client.get("/").get_data(as_text=True)
    assert "<h1>Dashboard</h1>" in page
    assert "My queue" in page and "Recent activity" in page


def test_the_counts_match_the_database(client, as_role, seeded, session) -> None:
    as_role("reviewer")
    page = client.get("/").get_data(as_text=True)
    by_status = dict(
        session.execute(sa.select(Claim.status, sa.func.count()).group_by(Claim.status)).all()
    )
    for status in ClaimStatus:
        assert _legend_count(page, f"s-{status.value}") == by_status.get(status, 0)
    assert by_status[ClaimStatus.APPROVED] == 4
    approved_by_rating = session.execute(
        sa.select(Claim.rating_id, sa.func.count())
        .where(Claim.status == ClaimStatus.APPROVED)
        .group_by(Claim.rating_id)
    ).all()
    for rating_id, count in approved_by_rating:
        slug = session.get(Rating, rating_id).slug
        assert _legend_count(page, f"v-{slug}") == count
    assert _legend_count(page, "v-proposed") == by_status[ClaimStatus.VERDICT_PROPOSED]


def test_approving_a_verdict_changes_the_counts(client, as_role, seeded, members, session):
    as_role("reviewer")
    page = client.get("/").get_data(as_text=True)
    approved, proposed = _legend_count(page, "s-approved"), _legend_count(page, "v-proposed")
    claim = session.scalar(
        sa.select(Claim).where(Claim.status == ClaimStatus.VERDICT_PROPOSED).limit(1)
    )
    slug = claim.rating.slug
    verdicts_before = _legend_count(page, f"v-{slug}")
    workflow.approve_verdict(session, claim, actor=members.editor)
    session.commit()
    page = client.get("/").get_data(as_text=True)
    assert _legend_count(page, "s-approved") == approved + 1
    assert _legend_count(page, "v-proposed") == proposed - 1
    assert _legend_count(page, f"v-{slug}") == verdicts_before + 1


def _statements(engine, read) -> tuple[list[str], object]:
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        result = read()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return [s for s in statements if not s.startswith("BEGIN")], result  # SQLite's BEGIN


def test_counting_does_not_load_claims(session, members, engine) -> None:
    article = make_article(session)
    for quote in ("130 new models", "Alibaba holds 80%", "54% of GDP"):
        make_claim(session, article, quote=quote, summary=quote)
    session.commit()
    queries, progress = _statements(engine, lambda: article_progress(session, [article]))
    assert len(queries) == 1  # the counts, by status and verdict, of the articles asked
    assert not any("claims.text" in s or "articles.body" in s for s in queries)
    assert progress[0].progress.total == 3
    queries, total = _statements(engine, lambda: desk_totals(session))
    assert len(queries) == 1 and "FROM claims" not in queries[0]  # the tallies, not claims
    assert total.by_status == {ClaimStatus.UNREVIEWED: 3}


def test_the_dashboard_shows_the_articles_worked_on_last(client, as_role, members, session):
    older = [make_article(session, title=f"Older {n}") for n in range(11)]
    busy = make_claim(session, older[0], summary="Worked on today")
    session.commit()
    workflow.start_review(session, busy, actor=members.reviewer)
    session.commit()
    as_role("reviewer")
    page = client.get("/").get_data(as_text=True)
    shown = re.findall(r'<article class="card article-progress" id="article-(\d+)"', page)
    assert len(shown) == 10  # the dashboard's share; the rest is on the article list
    assert shown[0] == str(older[0].id)  # its claim moved last
    assert shown[1:4] == [str(a.id) for a in (older[10], older[9], older[8])]  # newest added
    assert 'href="/articles/"' in page and "All articles" in page


def test_my_queue_lists_my_claims_then_unassigned_ones(client, as_role, members, session):
    article = make_article(session, title="Queue article")
    mine = make_claim(session, article, summary="Mine to check")
    free = make_claim(session, article, quote="130 new models", summary="Nobody's yet")
    taken = make_claim(session, article, quote="54% of GDP", summary="Someone else's")
    workflow.assign(session, mine, members.reviewer, actor=members.editor)
    workflow.assign(session, taken, members.reviewer2, actor=members.editor)
    session.commit()
    as_role("reviewer")
    page = client.get("/").get_data(as_text=True)
    queue = page[page.index('id="queue-title"') : page.index('id="activity-title"')]
    assert queue.index(f'href="/claims/{mine.id}"') < queue.index(f'href="/claims/{free.id}"')
    assert f'href="/claims/{taken.id}"' not in queue
    assert "Assigned to you" in queue and "Unassigned, not yet reviewed" in queue


def test_an_approved_claim_leaves_my_queue(client, as_role, members, session) -> None:
    claim = make_claim(session, summary="Done and dusted")
    sourcing.link_source(session, claim, make_source(session), "supports", None, actor=None)
    workflow.assign(session, claim, members.reviewer, actor=None)
    workflow.propose_verdict(session, claim, rating(session, "true"), "Checked.", actor=None)
    workflow.approve_verdict(session, claim, actor=members.editor)
    session.commit()
    as_role("reviewer")
    page = client.get("/").get_data(as_text=True)
    queue = page[page.index('id="queue-title"') : page.index('id="activity-title"')]
    assert f'href="/claims/{claim.id}"' not in queue


def test_recent_activity_says_who_did_what_to_which_claim(client, as_role, members, session):
    claim = make_claim(session, summary="Cloud share claim")
    workflow.start_review(session, claim, actor=members.reviewer2)
    workflow.add_comment(session, claim, "Looking for the IDC figure.", actor=members.reviewer2)
    session.commit()
    as_role("reviewer")
    page = client.get("/").get_data(as_text=True)
    activity = page[page.index('id="activity-title"') :]
    items = re.findall(r"<li>(.*?)</li>", activity, re.S)
    text = [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]
    assert text[0].startswith("Rory Reviewer commented on Cloud share claim")
    assert text[1].startswith("Rory Reviewer started reviewing on Cloud share claim")
    assert text[2].startswith("The desk logged the claim on Cloud share claim")
    assert f'href="/claims/{claim.id}"' in items[0]
    assert "UTC" in text[0]


def test_activity_shows_the_last_fifteen_events(client, as_role, seeded) -> None:
    as_role("reviewer")
    page = client.get("/").get_data(as_text=True)
    start = page.index('class="activity-list"')
    activity = page[start : page.index("</ol>", start)]
    assert activity.count("<li>") == 15


def test_the_dashboard_offers_every_report_download(client, as_role) -> None:
    as_role("reviewer")
    page = client.get("/").get_data(as_text=True)
    for fmt in ("html", "pdf", "md", "csv", "json", "claimreview"):
        assert f'href="/reports/download/{fmt}"' in page


def test_an_empty_desk_says_so(client, as_role) -> None:
    as_role("editor")
    page = client.get("/").get_data(as_text=True)
    assert "No articles yet." in page and 'href="/articles/new"' in page
    assert "Nothing has happened yet." in page


def _queue_panel(page: str) -> str:
    return page[page.index('id="queue-title"') : page.index('id="activity-title"')]


def test_my_queue_shows_a_new_articles_claims_first(client, as_role, members, session):
    old = make_article(session, title="Old article")
    old_claim = make_claim(session, old, summary="Old work")
    new = make_article(session, title="New article")
    new_claim = make_claim(session, new, summary="New work")
    proposed = make_claim(session, old, quote="130 new models", summary="To approve")
    workflow.propose_verdict(
        session, proposed, rating(session, "unverifiable"), "No data.", actor=members.reviewer2
    )
    session.commit()
    as_role("reviewer")
    queue = _queue_panel(client.get("/").get_data(as_text=True))
    # awaiting my approval first, then the newest article's unassigned claim, then older
    assert (
        queue.index(f'href="/claims/{proposed.id}"')
        < queue.index(f'href="/claims/{new_claim.id}"')
        < queue.index(f'href="/claims/{old_claim.id}"')
    )
    assert queue.index("Verdict awaiting approval") < queue.index("Unassigned, not yet reviewed")


def test_my_queue_in_one_article(client, as_role, members, session) -> None:
    old = make_article(session, title="Old article")
    old_claim = make_claim(session, old, summary="Old work")
    new = make_article(session, title="New article")
    new_claim = make_claim(session, new, summary="New work")
    session.commit()
    as_role("reviewer")
    page = client.get("/").get_data(as_text=True)
    assert f'href="/?article={old.id}#queue-title"' in page
    queue = _queue_panel(client.get(f"/?article={old.id}").get_data(as_text=True))
    assert "My queue in “Old article”" in queue
    assert f'href="/claims/{old_claim.id}"' in queue
    assert f'href="/claims/{new_claim.id}"' not in queue
    assert f'href="/claims/next?article={old.id}"' in queue
    assert client.get("/?article=424242").status_code == 404
    assert client.get("/?article=x").status_code == 400

"""The inbox page, read marking (opening the claim, "mark all read") and the top bar's count."""

from __future__ import annotations

import re

import sqlalchemy as sa

from models import Notification
from models.services import workflow

from ..factories import make_article, make_claim
from .conftest import post

COUNT_RE = re.compile(r'<span class="inbox-count">([^<]+)<span class="visually-hidden">')


def _count(client, path: str = "/") -> str | None:
    """Return the unread count the top bar shows on `path`, None when it shows none."""
    page = client.get(path).get_data(as_text=True)
    assert 'href="/inbox/"' in page
    match = COUNT_RE.search(page)
    return match.group(1) if match else None


def _unread(session, user) -> int:
    session.expire_all()
    stmt = sa.select(sa.func.count()).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    return session.scalar(stmt)


def test_the_inbox_lists_mine_newest_first_and_links_to_the_claim(
    client, as_role, members, session
) -> None:
    first, second = make_claim(session), make_claim(session)
    workflow.assign(session, first, members.reviewer, actor=members.editor)
    workflow.add_comment(session, second, "Over to you, @rita.", actor=members.reviewer2)
    workflow.assign(session, second, members.reviewer2, actor=members.editor)  # not mine
    session.commit()
    as_role("reviewer")
    page = client.get("/inbox/").get_data(as_text=True)
    assert page.index("Rory Reviewer") < page.index("Eddie Editor")  # newest first
    assert "mentioned you" in page and "assigned you" in page and "Over to you, @rita." in page
    assert f'href="/claims/{first.id}"' in page
    assert f'href="/claims/{second.id}#comments"' in page
    assert page.count('<li class="inbox-item') == 2 and page.count("inbox-item--unread") == 2


def test_an_empty_inbox_says_what_it_will_hold(client, as_role) -> None:
    as_role("reviewer")
    page = client.get("/inbox/").get_data(as_text=True)
    assert "Nothing here yet" in page and "@rita" in page
    assert "Mark all read" not in page
    assert _count(client) is None


def test_the_inbox_pages_by_key(client, as_role, members, session) -> None:
    claim = make_claim(session)
    for n in range(27):
        workflow.add_comment(session, claim, f"note {n:02d} for @rita", actor=members.editor)
    session.commit()
    as_role("reviewer")
    page = client.get("/inbox/").get_data(as_text=True)
    assert "note 26" in page and "note 02" in page and "note 01" not in page
    after = re.search(r'href="/inbox/\?after=([^"]+)" rel="next"', page).group(1)
    rest = client.get(f"/inbox/?after={after}").get_data(as_text=True)
    assert "note 01" in rest and "note 00" in rest and "note 02" not in rest
    # a cursor the list did not give out starts from the top
    assert "note 26" in client.get("/inbox/?after=bogus").get_data(as_text=True)


def test_opening_the_claim_marks_its_notifications_read(client, as_role, members, session):
    one, two = make_claim(session), make_claim(session)
    workflow.assign(session, one, members.reviewer, actor=members.editor)
    workflow.add_comment(session, one, "@rita look", actor=members.editor)
    workflow.assign(session, two, members.reviewer, actor=members.editor)
    session.commit()
    as_role("reviewer")
    assert _count(client) == "3"
    page = client.get(f"/claims/{one.id}").get_data(as_text=True)
    # the page itself already shows the count without what was just read
    assert COUNT_RE.search(page).group(1) == "1"
    assert _unread(session, members.reviewer) == 1
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert inbox.count("inbox-item--unread") == 1
    # someone else opening the claim marks nothing of mine
    post(client, "/logout")
    as_role("editor")
    client.get(f"/claims/{two.id}")
    assert _unread(session, members.reviewer) == 1


def test_mark_all_read(client, as_role, members, session) -> None:
    for _ in range(2):
        workflow.assign(session, make_claim(session), members.reviewer, actor=members.editor)
    workflow.assign(session, make_claim(session), members.reviewer2, actor=members.editor)
    session.commit()
    as_role("reviewer")
    response = post(client, "/inbox/read", token_from="/inbox/")
    assert response.status_code == 302 and response.location == "/inbox/"
    assert "Marked 2 notifications read." in client.get("/inbox/").get_data(as_text=True)
    assert _unread(session, members.reviewer) == 0
    assert _unread(session, members.reviewer2) == 1  # only mine
    assert _count(client) is None


def test_mark_all_read_needs_the_csrf_token(client, as_role, members, session) -> None:
    workflow.assign(session, make_claim(session), members.reviewer, actor=members.editor)
    session.commit()
    as_role("reviewer")
    assert client.post("/inbox/read", data={}).status_code == 400
    assert _unread(session, members.reviewer) == 1


def test_the_top_bar_count_is_capped(client, as_role, members, session) -> None:
    article = make_article(session)
    claim = make_claim(session, article)
    for n in range(101):
        workflow.add_comment(session, claim, f"@rita {n}", actor=members.editor)
    session.commit()
    as_role("reviewer")
    assert _count(client, "/claims/") == "99+"


def test_anonymous_visitors_are_sent_to_login(client) -> None:
    for response in (client.get("/inbox/"), client.post("/inbox/read")):
        assert response.status_code in {302, 400}
    response = client.get("/inbox/")
    assert response.location.startswith("/login")

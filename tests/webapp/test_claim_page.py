"""The claim page (what it shows, and which forms to whom) and the "next claim" button."""

from __future__ import annotations

import re
from html import unescape

import pytest
import sqlalchemy as sa

from models import Claim, ClaimStatus, Role
from models.read import queue
from models.services import sourcing, workflow

from ..factories import make_article, make_claim, make_source, make_user, rating
from .conftest import login

FORMS = ["review", "verdict", "approve", "reopen", "assign", "comments", "sources", "edit"]


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return unescape(response.get_data(as_text=True))


def _forms(page: str, claim_id: int) -> set[str]:
    return set(re.findall(rf'action="/claims/{claim_id}/([a-z]+)"', page))


@pytest.fixture
def sourced(session, members):
    """A claim with one linked source, a comment and an assignee."""
    claim = make_claim(session, speaker=None)
    source = make_source(
        session, title="Canalys Q2 2023", publisher="Canalys", archive_url="https://archive.org/x"
    )
    sourcing.link_source(
        session, claim, source, "refutes", "Alibaba Cloud: 39% share", actor=members.editor
    )
    workflow.add_comment(session, claim, "Checked the Q2 report.", actor=members.reviewer)
    workflow.assign(session, claim, members.reviewer, actor=members.editor)
    session.commit()
    return claim


def test_anonymous_visitors_are_sent_to_login(client, sourced) -> None:
    for path in (f"/claims/{sourced.id}", "/claims/next"):
        response = client.get(path)
        assert response.status_code == 302 and response.location.startswith("/login")


def test_an_unknown_claim_is_404(client, as_role, members) -> None:
    as_role("reviewer")
    assert client.get("/claims/424242").status_code == 404


def test_the_page_shows_the_claim_in_context(client, as_role, sourced) -> None:
    as_role("reviewer")
    page = _page(client, f"/claims/{sourced.id}")
    # the context is cut at whole words, with an ellipsis where the article goes on
    assert (
        "… 130 new models this summer. <mark>Alibaba holds 80% of the cloud market</mark>"
        ", said the analyst. Services …"
    ) in page
    assert f'href="/articles/{sourced.article_id}#claim-{sourced.id}"' in page
    assert sourced.summary in page and sourced.text in page
    # the source with its stance, excerpt, publisher and archive link
    assert "Canalys Q2 2023" in page and "stance--refutes" in page
    assert "Alibaba Cloud: 39% share" in page and "Canalys" in page
    assert 'href="https://archive.org/x"' in page
    assert "Checked the Q2 report." in page and "Rita Reviewer" in page
    # the history, newest first, with readable before → after values
    history = page[page.index('id="history"') :]
    assert history.index("changed the assignee") < history.index("linked a source")
    assert "<del>nobody</del>" in history and "<ins>Rita Reviewer</ins>" in history
    assert "Eddie Editor" in history


def test_a_proposed_verdict_is_marked_as_draft(client, as_role, members, session) -> None:
    claim = make_claim(session)
    workflow.propose_verdict(
        session, claim, rating(session, "unverifiable"), "No data.", actor=members.reviewer2
    )
    session.commit()
    as_role("reviewer")
    page = _page(client, f"/claims/{claim.id}")
    assert "verdict--draft" in page and "Unverifiable (draft)" in page
    assert "Proposed by Rory Reviewer" in page and "No data." in page
    history = page[page.index('id="history"') :]
    assert "proposed a verdict" in history and "<ins>Unverifiable</ins>" in history


@pytest.mark.parametrize(
    ("role", "state", "expected"),
    [
        # a reviewer links evidence to a claim that can still take a verdict
        ("reviewer", "unreviewed", {"review", "verdict", "comments", "sources"}),
        ("editor", "unreviewed", {"review", "verdict", "comments", "assign", "sources", "edit"}),
        ("reviewer", "proposed", {"verdict", "approve", "reopen", "comments", "sources"}),
        ("reviewer", "approved", {"comments"}),
        # published: sources and words change only after a reopen
        ("editor", "approved", {"reopen", "comments", "assign"}),
        ("admin", "approved", {"reopen", "comments", "assign"}),
    ],
)
def test_only_usable_forms_are_shown(client, as_role, members, session, role, state, expected):
    claim = make_claim(session)
    if state in ("proposed", "approved"):
        workflow.propose_verdict(
            session, claim, rating(session, "unverifiable"), "No data.", actor=members.reviewer2
        )
    if state == "approved":
        workflow.approve_verdict(session, claim, actor=members.editor)
    session.commit()
    as_role(role)
    page = _page(client, f"/claims/{claim.id}")
    assert _forms(page, claim.id) == expected
    # every form that changes the claim remembers the version it was shown
    version_fields = re.findall(r'name="version" type="hidden" value="(\d+)"', page)
    assert set(version_fields) == ({str(claim.version)} if expected - {"comments"} else set())


def test_keyboard_shortcuts(client, as_role, members, session) -> None:
    claim = make_claim(session)
    workflow.propose_verdict(
        session, claim, rating(session, "unverifiable"), "No data.", actor=members.reviewer2
    )
    session.commit()
    as_role("editor")
    page = _page(client, f"/claims/{claim.id}")
    help_box = re.search(r'<aside id="shortcut-help"[^>]*>', page).group(0)
    assert " hidden" in help_box
    for key in ("v", "a", "c", "n", "s", "o", "e"):
        assert f'data-shortcut="{key}"' in page, key
        assert f'<kbd title="Keyboard shortcut: {key}">{key}</kbd>' in page
    next_link = f'href="/claims/next?after={claim.id}&article={claim.article_id}"'
    assert f'{next_link} data-shortcut="n"' in page  # the page is unescaped


def _queue_setup(session, members):
    """Claims in each group of the reviewer's queue, plus some that must stay out."""
    me, other = members.reviewer, members.reviewer2
    a = make_claim(session)  # assigned to me, in review: touched first
    b = make_claim(session)  # assigned to me, unreviewed: touched later
    article = make_article(session)
    c2 = make_claim(session, article, quote="Services are 54% of GDP", summary="Services")
    c1 = make_claim(session, article, quote="The desk counted 130 new models", summary="130")
    d = make_claim(session)  # proposed by someone else (so assigned to them)
    mine_proposed = make_claim(session)  # I proposed it: only someone else can move it
    done = make_claim(session)  # approved: nothing to do
    session.commit()
    workflow.start_review(session, a, actor=me)
    workflow.assign(session, b, me, actor=None)
    for claim, proposer in ((d, other), (mine_proposed, me), (done, other)):
        workflow.propose_verdict(
            session, claim, rating(session, "unverifiable"), "No data.", actor=proposer
        )
    workflow.approve_verdict(session, done, actor=me)
    session.commit()
    # mine, then the proposal awaiting my approval, then the unassigned in reading order
    return [a.id, b.id, d.id, c1.id, c2.id]


def test_the_queue_order(members, session) -> None:
    order = _queue_setup(session, members)
    assert [c.id for c in queue.my_queue(session, members.reviewer, limit=10)] == order
    assert [c.id for c in queue.my_queue(session, members.reviewer, limit=3)] == order[:3]
    assert queue.next_claim(session, members.reviewer).id == order[0]
    assert queue.next_claim(session, members.reviewer, exclude=order[0]).id == order[1]
    assert queue.why_queued(session.get(Claim, order[2]), members.reviewer) == (
        queue.AWAITING_APPROVAL
    )


def test_next_claim_follows_the_queue(client, as_role, members, session) -> None:
    order = _queue_setup(session, members)
    as_role("reviewer")
    response = client.get("/claims/next")
    assert response.status_code == 302 and response.location == f"/claims/{order[0]}"
    response = client.get(f"/claims/next?after={order[0]}")
    assert response.location == f"/claims/{order[1]}"


def test_next_claim_stays_in_the_article_it_came_from(client, as_role, members, session) -> None:
    order = _queue_setup(session, members)
    article_id = session.get(Claim, order[3]).article_id
    as_role("reviewer")
    # from c1, the next is c2 in the same article, though the desk's queue starts elsewhere
    response = client.get(f"/claims/next?after={order[3]}&article={article_id}")
    assert response.location == f"/claims/{order[4]}"
    # from c2 too, back to c1; an article with nothing left falls back to the desk's queue
    response = client.get(f"/claims/next?after={order[4]}&article={article_id}")
    assert response.location == f"/claims/{order[3]}"
    other = session.get(Claim, order[0]).article_id
    response = client.get(f"/claims/next?after={order[0]}&article={other}")
    assert response.location == f"/claims/{order[1]}"


def test_next_claim_with_nothing_waiting(client, as_role, members, session) -> None:
    claim = make_claim(session)
    workflow.propose_verdict(
        session, claim, rating(session, "unverifiable"), "No data.", actor=members.reviewer
    )
    session.commit()
    as_role("reviewer")  # their own proposal is all there is: nothing for them
    response = client.get("/claims/next")
    assert response.status_code == 302 and response.location == "/"
    assert "Nothing waiting" in client.get("/").get_data(as_text=True)


def test_next_claim_takes_a_second_reviewer_to_the_proposal(app, members, session) -> None:
    claim = make_claim(session)
    workflow.propose_verdict(
        session, claim, rating(session, "unverifiable"), "No data.", actor=members.reviewer
    )
    newcomer = make_user(session, Role.REVIEWER, username="nina", display_name="Nina")
    session.commit()
    client = app.test_client()
    login(client, newcomer)
    assert client.get("/claims/next").location == f"/claims/{claim.id}"
    assert session.scalar(sa.select(Claim.status).where(Claim.id == claim.id)) == (
        ClaimStatus.VERDICT_PROPOSED
    )

"""The top bar's search box and its results page: every kind grouped, capped counts,
links to see all of a kind, one kind by pages, hostile words, constant statements."""

from __future__ import annotations

import re
from html import unescape

import pytest
import sqlalchemy as sa

from models.read.search import SEARCH_MAX
from models.services import sourcing, speakers, workflow
from webapp.db import database
from webapp.search import views as search_views

from ..factories import make_article, make_claim, make_source
from ..models.read.test_fulltext import HOSTILE


def _page(client, path: str, **args) -> str:
    response = client.get(path, query_string=args or None)
    assert response.status_code == 200, response.status_code
    return unescape(response.get_data(as_text=True))


def _groups(page: str) -> dict[str, str]:
    """Return each group's count label by kind, as the page shows them."""
    return dict(re.findall(r'id="found-(\w+)-title">\w+ <span class="muted">\((\d+\+?)\)', page))


@pytest.fixture
def harbour(session, members):
    """One match of the word "harbour" of every kind."""
    editor = members.editor
    speaker = speakers.create_speaker(session, "Harbour Master", actor=editor)
    article = make_article(session, title="Harbour lights")
    claim = make_claim(session, article, speaker="Harbour Master", summary="Harbour pilots")
    source = make_source(session, title="Harbour census")
    sourcing.link_source(session, claim, source, "supports", "Pilots by port", actor=editor)
    comment = workflow.add_comment(session, claim, "Ask the harbour office", actor=editor)
    session.commit()
    return dict(claim=claim, article=article, source=source, speaker=speaker, comment=comment)


def test_the_top_bar_has_a_search_form_that_needs_no_script(client, as_role) -> None:
    as_role("reviewer")
    page = _page(client, "/claims/")
    form = re.search(
        r'<form class="topsearch" method="get" action="/search/"[^>]*>(.*?)</form>', page, re.S
    )
    assert form, "no search form in the top bar"
    assert 'name="q"' in form.group(1) and 'type="submit"' in form.group(1)
    assert 'value="harbour"' in _page(client, "/search/", q="harbour")  # kept in the box


def test_anonymous_visitors_are_sent_to_log_in(client) -> None:
    assert client.get("/search/?q=x").status_code == 302


def test_results_are_grouped_by_kind_with_links(client, as_role, harbour) -> None:
    as_role("reviewer")
    page = _page(client, "/search/", q="harbour")
    assert _groups(page) == {
        "claims": "1",
        "articles": "1",
        "sources": "1",
        "speakers": "1",
        "comments": "1",
    }
    assert f'href="/claims/{harbour["claim"].id}"' in page
    assert f'href="/articles/{harbour["article"].id}"' in page
    assert f'href="/sources/{harbour["source"].id}"' in page
    assert f'href="/speakers/{harbour["speaker"].id}"' in page
    assert f'href="/claims/{harbour["claim"].id}#comments"' in page
    assert "See all" not in page  # every match is shown already
    only_source = _page(client, "/search/", q="pilots port")  # the link's excerpt
    assert _groups(only_source) == {"sources": "1"}


def test_each_group_shows_a_few_and_links_to_all(client, as_role, members, session) -> None:
    quotes = ["The desk counted 130 new models", "Services are 54% of GDP today"]
    quotes += ["Alibaba holds 80% of the cloud market"]
    claims = [
        make_claim(session, article, quote=quote, summary="Ferry")
        for article in (make_article(session, title="Timetables"), make_article(session))
        for quote in quotes
    ]
    for n in range(7):
        workflow.add_comment(session, claims[0], f"Ferry note {n}", actor=members.editor)
    session.commit()
    as_role("reviewer")
    page = _page(client, "/search/", q="ferry")
    assert _groups(page) == {"claims": "6", "comments": "7"}
    assert page.count("Ferry note") == 5  # the newest five
    assert "Ferry note 6" in page and "Ferry note 1" not in page
    assert 'href="/search/?q=ferry&kind=comments">See all 7 comments' in page
    assert 'href="/claims/?q=ferry">See all 6 claims' in page
    everything = _page(client, "/search/", q="ferry", kind="comments")
    assert everything.count("Ferry note") == 7


def test_a_kind_pages_by_id(client, as_role, members, session, monkeypatch) -> None:
    claim = make_claim(session)
    notes = [
        workflow.add_comment(session, claim, f"Tide {n}", actor=members.editor) for n in range(3)
    ]
    session.commit()
    monkeypatch.setattr(search_views, "PER_PAGE", 2)
    as_role("reviewer")
    first = _page(client, "/search/", q="tide", kind="comments")
    assert "Tide 2" in first and "Tide 1" in first and "Tide 0" not in first
    link = re.search(r'href="(/search/\?[^"]*before=\d+)"', first)
    assert link and f"before={notes[1].id}" in link.group(1)
    second = _page(client, link.group(1))
    assert "Tide 0" in second and "Tide 1" not in second and "Older matches" not in second
    again = _page(client, "/search/", q="tide", kind="comments", before="not a number")
    assert "Tide 2" in again


@pytest.mark.parametrize("words", HOSTILE)
def test_hostile_words_answer_normally(client, as_role, harbour, words) -> None:
    as_role("reviewer")
    _page(client, "/search/", q=words)
    _page(client, "/search/", q=words, kind="claims")
    assert client.get("/claims/", query_string={"q": words}).status_code == 200
    assert client.get("/sources/", query_string={"q": words}).status_code == 200


def test_words_it_cannot_search_are_said_not_searched(client, as_role) -> None:
    as_role("reviewer")
    assert "Not searched" in _page(client, "/search/", q="x" * (SEARCH_MAX + 1))
    assert "no letter or digit" in _page(client, "/search/", q="-- *")
    assert "Nothing on the desk matches" in _page(client, "/search/", q="xyzzy")
    assert "Search the desk" in _page(client, "/search/")


def test_statements_do_not_grow_with_the_matches(client, as_role, members, session, app):
    engine = database(app).engine
    statements: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    as_role("reviewer")

    def count() -> int:
        statements.clear()
        _page(client, "/search/", q="gull")
        return len(statements)

    editor = members.editor
    article = make_article(session, title="Gull census")
    claim = make_claim(session, article, summary="Gull")
    workflow.add_comment(session, claim, "gull", actor=editor)
    source = make_source(session, title="Gull survey")
    speakers.create_speaker(session, "Gull Watcher", actor=editor)
    session.commit()
    few = count()
    for n in range(8):
        extra = make_article(session, title=f"Gull census {n}")
        make_claim(session, extra, summary="Gull")
        workflow.add_comment(session, claim, f"gull {n}", actor=editor)
        make_source(session, title=f"Gull survey {n}")
        speakers.create_speaker(session, f"Gull Watcher {n}", actor=editor)
    sourcing.link_source(session, claim, source, "context", "gull", actor=editor)
    session.commit()
    assert count() == few

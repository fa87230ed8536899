"""Lists that page by key: the article list, the speaker list and a speaker's claims.

Each page links to the first, previous and next pages (rel="first|prev|next") by the key
of the row beside it; following the links forward and back shows every row once, in
order, and a cursor the list did not give out starts it from the top.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from models.services import speakers as speaker_service
from webapp.articles import views as article_views
from webapp.speakers import views as speaker_views

from ..factories import make_article, make_claim


def _link(page: str, rel: str) -> str | None:
    match = re.search(rf'<a href="([^"]+)" rel="{rel}">', page)
    return match.group(1).replace("&amp;", "&") if match else None


def _walk(client, url: str, shown: Callable[[str], list[str]]) -> list[list[str]]:
    """Follow rel="next" from `url` to the end and back by rel="prev"; return the pages."""
    pages, page = [], client.get(url).get_data(as_text=True)
    assert _link(page, "prev") is None and _link(page, "first") is None
    while True:
        pages.append(shown(page))
        next_url = _link(page, "next")
        if next_url is None:
            break
        page = client.get(next_url).get_data(as_text=True)
        assert _link(page, "first") == url
    for expected in reversed(pages[:-1]):
        page = client.get(_link(page, "prev")).get_data(as_text=True)
        assert shown(page) == expected
    return pages


def test_the_article_list_pages_newest_first(client, as_role, members, session, monkeypatch):
    monkeypatch.setattr(article_views, "PER_PAGE", 2)
    made = [make_article(session, title=f"Article number {n}") for n in range(5)]
    session.commit()
    as_role("reviewer")

    def shown(page: str) -> list[str]:
        return re.findall(r'<tr id="article-(\d+)">', page)

    pages = _walk(client, "/articles/", shown)
    assert pages == [[str(a.id) for a in reversed(made)][i : i + 2] for i in (0, 2, 4)]
    page = client.get("/articles/?after=not-a-cursor").get_data(as_text=True)
    assert shown(page) == pages[0]


def test_the_speaker_list_pages_by_name(client, as_role, members, session, monkeypatch):
    monkeypatch.setattr(speaker_views, "PER_PAGE", 2)
    names = ["Grace Hopper", "Ada Lovelace", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov"]
    for name in names:
        speaker_service.create_speaker(session, name, actor=None)
    session.commit()
    as_role("reviewer")

    def shown(page: str) -> list[str]:
        return re.findall(r'<tr id="speaker-\d+">\s*<td><a [^>]+>([^<]+)</a>', page)

    pages = _walk(client, "/speakers/", shown)
    assert [name for page in pages for name in page] == sorted(names)
    assert [len(page) for page in pages] == [2, 2, 1]


@pytest.fixture
def busy_speaker(session, members):
    """A speaker with five unreviewed claims, each in an article of its own."""
    speaker = speaker_service.create_speaker(session, "Pascal Coppens", actor=None)
    claims = []
    for n in range(5):
        article = make_article(session, title=f"Interview {n}")
        claims.append(make_claim(session, article, speaker="Pascal Coppens", summary=f"Claim {n}"))
    session.commit()
    return speaker, claims


def test_a_speaker_page_pages_their_claims_newest_first(
    client, as_role, busy_speaker, monkeypatch
) -> None:
    monkeypatch.setattr(speaker_views, "PER_PAGE", 2)
    speaker, claims = busy_speaker
    as_role("reviewer")
    url = f"/speakers/{speaker.id}"

    def shown(page: str) -> list[str]:
        return re.findall(r'<tr id="claim-(\d+)">', page)

    pages = _walk(client, url, shown)
    assert [claim for page in pages for claim in page] == [str(c.id) for c in reversed(claims)]
    page = client.get(url).get_data(as_text=True)
    assert "Claims (5)" in page  # the record counts every claim, not the page's
    assert re.search(r"Unreviewed</span> × 5", page)

"""Cursor pages: a client walking them neither skips nor repeats a claim, even while
other people add claims between its requests."""

from __future__ import annotations

import sqlalchemy as sa

from models import Claim

from ..factories import make_article, make_claim

QUOTES = ["130 new models", "Alibaba holds 80%", "the cloud market", "Services are 54% of GDP"]


def _add_claims(session, count: int) -> list[int]:
    """Add `count` claims (each on a new article), commit, and return their ids."""
    ids = []
    for n in range(count):
        article = make_article(session)
        ids.append(make_claim(session, article, quote=QUOTES[n % 4], summary=f"claim {n}").id)
    session.commit()
    return ids


def _walk(api, query: str, *, between=None) -> list[int]:
    seen: list[int] = []
    url = f"/api/v1/claims?{query}"
    pages = 0
    while True:
        response = api.get(url)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        assert pages < 100, "the cursor never ends"
        if body["next_cursor"] is None:
            return seen
        if between:
            between(pages)
        url = f"/api/v1/claims?{query}&cursor={body['next_cursor']}"


def test_walking_the_pages_while_claims_are_added(api, session, members) -> None:
    articles = [make_article(session) for _ in range(10)]
    at_start = {
        make_claim(session, article, quote="Services are 54% of GDP", summary="54%").id
        for article in articles
    }
    session.commit()
    added: list[int] = []

    def someone_adds_claims(page: int) -> None:
        # new claims near the top of the earliest articles: they would shift any page
        # counted by offset in reading order
        for article in articles[2 * (page - 1) : 2 * page]:
            claim = make_claim(session, article, quote="130 new models", summary="130")
            added.append(claim.id)
        added.extend(_add_claims(session, 1))

    seen = _walk(api, "limit=3", between=someone_adds_claims)
    assert added, "claims were added between pages"
    assert len(seen) == len(set(seen)), "a claim was repeated"
    assert at_start <= set(seen), "a claim that existed at the start was skipped"
    assert set(seen) <= at_start | set(added)
    assert seen == sorted(seen)
    # keyset by id: whatever was added before the last page was asked for is reached too
    assert set(seen) == set(session.scalars(sa.select(Claim.id)))


def test_the_last_page_says_so_and_an_exact_fit_has_no_empty_page(api, session, members):
    ids = _add_claims(session, 4)
    first = api.get("/api/v1/claims?limit=2").get_json()
    assert [c["id"] for c in first["items"]] == ids[:2] and first["next_cursor"]
    second = api.get(f"/api/v1/claims?limit=2&cursor={first['next_cursor']}").get_json()
    assert [c["id"] for c in second["items"]] == ids[2:]
    assert second["next_cursor"] is None
    everything = api.get("/api/v1/claims?limit=4").get_json()
    assert len(everything["items"]) == 4 and everything["next_cursor"] is None


def test_pages_keep_the_filter(api, session, members) -> None:
    _add_claims(session, 8)
    gdp = set(session.scalars(sa.select(Claim.id).where(Claim.quote_exact.like("Services%"))))
    seen = _walk(api, "limit=1&q=GDP")
    assert sorted(seen) == seen and set(seen) == gdp and len(gdp) == 2


def test_an_empty_list_has_no_cursor(api, members) -> None:
    assert api.get("/api/v1/claims").get_json() == {"items": [], "next_cursor": None}

"""From an address to logged claims without leaving the article, in Chromium.

An editor imports a news page served from 127.0.0.1, finds detection's suggestions
dotted in the text, accepts three (the first with a speaker new to the desk, added on
the spot), dismisses one, and never leaves the article page; axe finds nothing serious
on the page with its suggestions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.pages import PageServer, html, serve

from .conftest import screenshot_dir
from .test_accessibility import blocking_violations
from .test_review_flow import log_in

PAGE = Path(__file__).parent / "data" / "reservoir.html"


@pytest.fixture
def pages():
    yield from serve()


def card(page: Page, words: str):
    return page.locator("li.suggestion", has_text=words)


def test_an_editor_accepts_and_dismisses_suggestions_on_the_article_page(
    app, live_server, new_page, pages: PageServer
) -> None:
    app.config["FETCH_ALLOW_PRIVATE"] = True
    pages.pages["/news/reservoir-low"] = html(PAGE.read_text(encoding="utf-8"))
    page = new_page()
    log_in(page, live_server, "eve")

    page.goto(f"{live_server}/articles/new")
    page.get_by_label("Or its web address").fill(pages.url("/news/reservoir-low"))
    page.get_by_role("button", name="Read it").click()
    page.get_by_role("button", name="Add article").click()
    expect(page).to_have_url(re.compile(r"/articles/\d+$"))
    article_path = re.sub(r"^https?://[^/]+", "", page.url)

    def on_the_article() -> None:
        expect(page).to_have_url(re.compile(re.escape(article_path) + r"(\?[^#]*)?(#.*)?$"))

    # The suggestions are dotted in the text and listed with their reasons.
    suggestions = page.locator("li.suggestion")
    expect(suggestions.first).to_be_visible()
    total = suggestions.count()
    assert total >= 4, page.locator("#suggestions").inner_text()
    expect(page.locator("#article-text mark.sg").first).to_be_visible()
    litres = card(page, "2.1 billion litres")
    litres.get_by_text("Why suggested").click()
    expect(litres.locator(".reasons li").first).to_be_visible()
    assert not blocking_violations(page)
    shots = screenshot_dir()
    if shots:
        page.screenshot(path=str(shots / "suggestions.png"), full_page=True)

    # 1. A speaker new to the desk: the card says so; tick the box and accept.
    expect(litres).to_contain_text("“Helen Marsh” is not a speaker on the desk yet")
    litres.get_by_label("Summary").fill("2.1 billion litres lost since June")
    litres.get_by_label("Add this name as a new speaker").check()
    litres.get_by_role("button", name="Accept").click()
    on_the_article()
    expect(page.get_by_role("status").first).to_contain_text("logged: 2.1 billion litres lost")
    claims = page.locator(".claim-list .claim-item")
    expect(claims).to_have_count(1)
    expect(claims.first).to_contain_text("Helen Marsh")
    expect(page.locator("#article-text mark.hl--new").first).to_contain_text("2.1 billion")

    # 2. Her second claim now names a known speaker: accepted as it stands.
    leaks = card(page, "1,200 leaks")
    expect(leaks).not_to_contain_text("not a speaker on the desk yet")
    leaks.get_by_role("button", name="Accept").click()
    on_the_article()
    expect(claims).to_have_count(2)

    # 3. Dismiss one: it leaves the list and the text.
    rainfall = card(page, "38% below")
    rainfall.get_by_role("button", name="Dismiss").click()
    on_the_article()
    expect(page.get_by_role("status").first).to_contain_text("Suggestion dismissed")
    expect(card(page, "38% below")).to_have_count(0)

    # 4. Accept another with its speaker cleared and a summary of the editor's own.
    wells = card(page, "Half of our wells")
    wells.get_by_label("Summary").fill("Half of the farmers' wells dry by mid-July")
    wells.get_by_label("Speaker", exact=True).fill("")
    wells.get_by_role("button", name="Accept").click()
    on_the_article()
    expect(claims).to_have_count(3)
    expect(page.locator("li.suggestion")).to_have_count(total - 4)

    # Detection again brings back nothing that was decided.
    page.get_by_role("button", name="Detect claims again").click()
    on_the_article()
    expect(page.locator("li.suggestion")).to_have_count(total - 4)
    expect(card(page, "38% below")).to_have_count(0)

"""Bringing an article in from its address in Chromium: read, check, correct, add.

The page is served from 127.0.0.1 (tests/pages.py); the desk may fetch from its own
network only because this test says so.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.pages import DATA, PageServer, html, serve

from .test_review_flow import log_in


@pytest.fixture
def pages():
    yield from serve()


def test_an_editor_imports_a_page_from_its_address(
    app, live_server, new_page, pages: PageServer
) -> None:
    app.config["FETCH_ALLOW_PRIVATE"] = True
    pages.pages["/news/bus-lanes"] = html((DATA / "bus-lanes.html").read_text())
    page = new_page()
    log_in(page, live_server, "eve")
    page.goto(f"{live_server}/articles/new")
    page.get_by_label("Or its web address").fill(pages.url("/news/bus-lanes"))
    page.get_by_role("button", name="Read it").click()

    expect(page.get_by_role("status")).to_contain_text("check the title")
    expect(page.get_by_label("Title")).to_have_value("Council spends £2.4m on new bus lanes")
    expect(page.get_by_label("Author")).to_have_value("Priya Natarajan")
    expect(page.get_by_label("Article text")).to_have_value(
        re.compile(r"^The city council will spend £2\.4 million.*\n\nAccording to", re.S)
    )
    page.get_by_label("Title").fill("Bus lanes to cost £2.4m")
    page.get_by_role("button", name="Add article").click()

    expect(page).to_have_url(re.compile(r"/articles/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bus lanes to cost £2.4m")
    expect(page.locator("#article-text")).to_contain_text("Potholes are what residents")
    expect(page.locator("#article-text")).not_to_contain_text("Subscribe")

    # the same address again: the desk opens the article it holds
    article_url = page.url
    page.goto(f"{live_server}/articles/new")
    page.get_by_label("Or its web address").fill(pages.url("/news/bus-lanes"))
    page.get_by_role("button", name="Read it").click()
    expect(page).to_have_url(article_url)
    expect(page.get_by_text("Nothing added: this text is already article")).to_be_visible()

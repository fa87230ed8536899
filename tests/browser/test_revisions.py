"""An article that changes, in Chromium: replace its text, read the revisions, place a lost claim.

An editor replaces an article's text so that one claim moves, one is found with a typo
fixed inside its words and one is lost; reads the outcome, the revisions list, the old
revision and the word diff; then places the lost claim again by selecting the words it
became, and the claim page shows it anchored. axe finds nothing serious on the page that
places a lost claim.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import orm

from ..factories import make_article, make_claim
from .conftest import screenshot_dir
from .test_accessibility import blocking_violations
from .test_logging_claims import drag_select
from .test_review_flow import log_in

BODY = (
    "The council met on Monday.\n\n"
    "Unemployment fell to 4.1% last year, the mayor said. "
    "Critics disagreed with the figures.\n\n"
    "The goverment budget rose to 5 billion euros, a record for the city."
)
NEW_WORDS = "Opposition members called those numbers wrong."
# The first paragraph goes (the jobs claim's context changes: found by its words alone),
# a typo is fixed inside the budget claim's words (found with changes), and the critics'
# sentence is reworded beyond recognition (lost).
NEW_BODY = (
    BODY.replace("The council met on Monday.\n\n", "")
    .replace("goverment", "government")
    .replace("Critics disagreed with the figures.", NEW_WORDS)
)


@pytest.fixture
def story(session: orm.Session, desk_members):
    article = make_article(session, title="City budget corrected", body=BODY)
    claims = {
        "jobs": make_claim(
            session, article, quote="Unemployment fell to 4.1% last year", summary="Jobs fell"
        ),
        "budget": make_claim(
            session,
            article,
            quote="The goverment budget rose to 5 billion euros",
            summary="Budget record",
        ),
        "critics": make_claim(
            session,
            article,
            quote="Critics disagreed with the figures.",
            summary="Critics disagree",
        ),
    }
    session.commit()
    return article.id, {key: claim.id for key, claim in claims.items()}


def replace_text(page: Page, base: str, article_id: int) -> None:
    page.goto(f"{base}/articles/{article_id}")
    page.get_by_role("link", name="Replace text…").click()
    page.get_by_role("textbox", name="New text").fill(NEW_BODY)
    page.get_by_label("Why the text changes").fill("The publisher corrected the story")
    page.get_by_role("button", name="Replace the text").click()
    expect(page).to_have_url(re.compile(rf"/articles/{article_id}#revision-note$"))


def test_an_editor_replaces_a_text_reads_its_revisions_and_places_a_lost_claim(
    live_server: str, new_page, story
) -> None:
    article_id, ids = story
    page = new_page()
    log_in(page, live_server, "eve")
    replace_text(page, live_server, article_id)

    # The outcome, claim by claim, and the lost claim listed with its old words.
    summary = page.locator(".alert--success")
    expect(summary).to_contain_text("revision 2")
    for said in ("1 found by its words", "1 found with changes", "1 lost"):
        expect(summary).to_contain_text(said)
    lost = page.locator(f"#lost-{ids['critics']}")
    expect(lost).to_contain_text("Critics disagreed with the figures.")
    expect(page.locator("#article-text")).to_contain_text("government budget")

    # The revisions list, the old revision with its claims, and the word diff.
    page.locator("#revision-note").get_by_role("link", name="revisions").click()
    expect(page.locator("#revision-1")).to_contain_text("As first brought in")
    expect(page.locator("#revision-2")).to_contain_text("The publisher corrected the story")
    diff = page.locator("#word-diff")
    expect(diff.locator("del", has_text="goverment")).to_have_count(1)
    expect(diff.locator("ins", has_text="government")).to_have_count(1)
    expect(diff.locator("ins", has_text="Opposition")).to_have_count(1)
    page.locator("#revision-1").get_by_role("link", name="Revision 1").click()
    expect(page.locator("h1")).to_contain_text("revision 1")
    expect(page.locator("#article-text")).to_contain_text("The council met on Monday.")
    expect(page.locator("#article-text")).to_contain_text("goverment")
    expect(page.locator(".claim-list .claim-item")).to_have_count(3)

    # Place the lost claim again: select the words it became in the current text.
    page.goto(f"{live_server}/articles/{article_id}")
    page.locator(f"#lost-{ids['critics']}").get_by_role("link", name="Place it again").click()
    expect(page).to_have_url(re.compile(rf"/claims/{ids['critics']}/place$"))
    expect(page.locator("#select-hint")).to_be_visible()  # the script runs
    expect(page.locator(".lost-context")).to_contain_text("Critics disagreed with the figures.")
    assert blocking_violations(page) == []
    drag_select(page, (NEW_WORDS, 0), (NEW_WORDS, len(NEW_WORDS) - 1))
    page.get_by_role("button", name="Use the selected words").click()
    expect(page.get_by_label("Its words in the current text")).to_have_value(NEW_WORDS)
    if (shots := screenshot_dir()) is not None:
        page.screenshot(path=str(shots / "place-lost-claim.png"), full_page=True)
    page.get_by_role("button", name="Place it here").click()

    # The claim page shows it anchored in the current text.
    expect(page).to_have_url(re.compile(rf"/claims/{ids['critics']}$"))
    expect(page.locator(".alert--success")).to_contain_text("placed again")
    expect(page.locator("blockquote.quote mark")).to_have_text(NEW_WORDS)
    expect(page.get_by_text("were not found in the article's current text")).to_have_count(0)
    page.get_by_role("link", name="See the highlight in the article").click()
    expect(page.locator(f"#lost-{ids['critics']}")).to_have_count(0)
    mark = page.locator(f"#article-text mark[data-claims~='{ids['critics']}']")
    expect(mark).to_have_text(NEW_WORDS)

"""Type-ahead pickers in a real browser: matches open under the field as one types, the
keyboard moves through them, and the form sends the picked record's id."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from models import Claim, ClaimStatus, Source

from .test_review_flow import log_in


def _unreviewed_claim(session) -> int:
    return session.scalar(
        sa.select(Claim.id).where(Claim.status == ClaimStatus.UNREVIEWED).order_by(Claim.id)
    )


def _edit_form(page: Page, base: str, claim_id: int):
    """Log in as the editor, open the claim's edit form; return the page and its speaker."""
    log_in(page, base, "eve")
    page.goto(f"{base}/claims/{claim_id}")
    page.locator("#edit summary").click()
    return page, page.get_by_role("combobox", name="Speaker")


def test_link_a_recorded_source_picked_with_the_keyboard(
    live_server: str, new_page, session
) -> None:
    source = session.scalar(sa.select(Source).where(Source.title.like("Introducing ChatGPT%")))
    claim_id = _unreviewed_claim(session)
    base = live_server
    page: Page = new_page()
    log_in(page, base, "eve")
    page.goto(f"{base}/claims/{claim_id}")
    page.locator("#link-source summary").click()
    field = page.get_by_role("combobox", name="Recorded source")
    expect(field).to_have_attribute("aria-expanded", "false")

    field.press_sequentially("introducing chat", delay=20)
    options = page.locator("#source-options [role=option]")
    expect(options.first).to_have_text(re.compile("Introducing ChatGPT"))
    expect(field).to_have_attribute("aria-expanded", "true")

    field.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    active = options.first.get_attribute("id")
    expect(field).to_have_attribute("aria-activedescendant", active)
    field.press("Enter")  # picks; does not send the form yet
    expect(field).to_have_value(re.compile("^Introducing ChatGPT"))
    expect(field).to_have_attribute("aria-expanded", "false")
    sent = page.locator('#link-source input[type=hidden][name="source"]')
    expect(sent).to_have_value(str(source.id))

    page.locator("#link-source").get_by_label("Stance").select_option("supports")
    page.locator("#link-source").get_by_role("button", name="Link source").click()
    expect(page.locator("#sources")).to_contain_text("Introducing ChatGPT")


def test_a_speaker_is_picked_with_the_mouse_and_escape_closes_the_list(
    live_server: str, new_page, session
) -> None:
    claim_id = _unreviewed_claim(session)
    base = live_server
    page, field = _edit_form(new_page(), base, claim_id)

    field.fill("")
    field.press_sequentially("hinss", delay=20)
    options = page.locator("#speaker-options [role=option]")
    expect(options).to_have_count(1)
    expect(options.first).to_have_text("Peter Hinssen")
    field.press("Escape")  # closes the list, keeps the field
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(field).to_be_focused()

    field.press_sequentially("e", delay=20)  # "hinsse": the list opens again
    expect(options.first).to_have_text("Peter Hinssen")
    options.first.click()
    expect(field).to_have_value("Peter Hinssen")
    page.locator("#edit").get_by_role("button", name="Save claim").click()
    expect(page.locator(".alert--success")).to_contain_text("Claim saved")
    session.rollback()  # a new snapshot: the server's commit is newer than the test's
    speaker = session.get(Claim, claim_id).speaker
    assert speaker is not None and speaker.name == "Peter Hinssen"


def test_typed_text_is_sent_as_typed_and_a_picked_id_shows_its_name(
    live_server: str, new_page, session
) -> None:
    claim_id = _unreviewed_claim(session)
    base = live_server
    page, field = _edit_form(new_page(), base, claim_id)
    field.fill("Nobody Known")  # nothing picked: the server reads the text, and refuses it
    page.locator("#edit").get_by_role("button", name="Save claim").click()
    expect(page.locator("#speaker-errors")).to_contain_text("no speaker called")

    # A form that comes back refused holds the picked id: the field shows its name.
    article = session.scalar(sa.select(Claim.article_id).where(Claim.id == claim_id))
    page.goto(f"{base}/articles/{article}/claims/new")
    page.get_by_label("Quote, word for word from the article").fill("Words the article lacks")
    page.get_by_label(re.compile("^Summary")).fill("A claim that cannot be anchored")
    field = page.get_by_role("combobox", name="Speaker")
    field.press_sequentially("pascal c", delay=20)
    expect(page.locator("#speaker-options [role=option]").first).to_have_text("Pascal Coppens")
    field.press("ArrowDown")
    field.press("Enter")
    page.get_by_role("button", name="Add claim").click()
    expect(page.locator("#quote-errors")).to_be_visible()
    pascal = session.scalar(sa.text("SELECT id FROM speakers WHERE name = 'Pascal Coppens'"))
    expect(page.locator('input[type=hidden][name="speaker"]')).to_have_value(str(pascal))
    expect(page.get_by_role("combobox", name="Speaker")).to_have_value("Pascal Coppens")

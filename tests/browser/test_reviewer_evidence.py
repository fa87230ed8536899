"""A reviewer who found the evidence cites it in the verdict form, picked with the type-ahead
picker, and proposes the verdict in one submit (a real browser on the real app)."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from models import Claim, ClaimSource, ClaimStatus, Source

from .test_review_flow import log_in


def test_a_reviewer_cites_a_picked_source_and_proposes_in_one_submit(
    live_server: str, new_page, session
) -> None:
    source = session.scalar(sa.select(Source).where(Source.title.like("Introducing ChatGPT%")))
    cited = sa.select(ClaimSource.claim_id).where(ClaimSource.source_id == source.id)
    claim_id = session.scalar(
        sa.select(Claim.id)
        .where(Claim.status == ClaimStatus.UNREVIEWED, Claim.id.not_in(cited))
        .order_by(Claim.id)
    )
    base = live_server
    page: Page = new_page()
    log_in(page, base, "rhea")  # a reviewer
    page.goto(f"{base}/claims/{claim_id}")

    form = page.locator("#verdict-form")
    form.get_by_label("Verdict", exact=True).select_option("false")
    form.get_by_label("Explanation").fill("The launch post gives another date.")
    form.locator("#cite-source summary").click()
    field = form.get_by_role("combobox", name="Recorded source")
    field.press_sequentially("introducing chat", delay=20)
    options = page.locator("#cite_source-options [role=option]")
    expect(options.first).to_have_text(re.compile("Introducing ChatGPT"))
    field.press("ArrowDown")
    field.press("Enter")  # picks; does not send the form yet
    expect(form.locator('input[type=hidden][name="cite_source"]')).to_have_value(str(source.id))
    form.get_by_label("Stance").select_option("refutes")
    form.get_by_label("Excerpt that bears on the claim").fill("We launched on 30 November.")
    form.get_by_role("button", name="Propose verdict").click()

    expect(page.locator(".flashes")).to_contain_text("Source linked and verdict proposed")
    sources = page.locator("#sources")
    expect(sources).to_contain_text("Introducing ChatGPT")
    expect(sources).to_contain_text("We launched on 30 November.")
    expect(sources).to_contain_text("Rhea Reviewer")
    # the reviewer may take back their own link (here refused by the verdict resting on it)
    mine = sources.locator("li", has_text="Introducing ChatGPT")
    expect(mine.get_by_role("button", name="Unlink")).to_be_visible()
    expect(page.locator("#verdict")).to_contain_text("Proposed by Rhea Reviewer")

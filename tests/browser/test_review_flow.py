"""A verdict's whole life in a real browser: research, refusal, evidence, approval."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from ..factories import PASSWORD
from .conftest import screenshot_dir


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base}/")
    # the URL changes before the dashboard has loaded: tests that read computed styles
    # (badge contrast) would otherwise measure a page without its stylesheets
    page.wait_for_load_state("load")


def approved_count(page: Page, base: str) -> int:
    page.goto(f"{base}/")
    legend = page.locator(".bars").first.locator('li[data-key="s-approved"] .count')
    return int(legend.inner_text()) if legend.count() else 0


def test_reviewers_and_an_editor_take_a_claim_to_an_approved_verdict(
    live_server: str, new_page
) -> None:
    base = live_server
    reviewer = new_page()
    reviewer.on("dialog", lambda dialog: dialog.accept())
    log_in(reviewer, base, "rhea")
    approved_before = approved_count(reviewer, base)
    shots = screenshot_dir()
    if shots:
        reviewer.screenshot(path=str(shots / "dashboard.png"), full_page=True)

    # The reviewer opens the seed article and clicks a highlighted claim.
    reviewer.get_by_role("link", name="Articles", exact=True).click()
    reviewer.get_by_role("link", name=re.compile("What you need to know")).first.click()
    highlight = reviewer.locator("a.hl-open[title^='Google acquired DeepMind in 2014']")
    expect(highlight).to_have_count(1)
    if shots:
        reviewer.screenshot(path=str(shots / "article.png"), full_page=False)
    highlight.click()
    expect(reviewer.locator("h1")).to_contain_text("Google acquired DeepMind")
    claim_url = reviewer.url

    # Proposing a sourced verdict with no source is refused, the typed text kept.
    verdict_form = reviewer.locator("#verdict-form")
    verdict_form.get_by_label("Verdict").select_option(label="Verified")
    verdict_form.get_by_label("Explanation").fill("DeepMind's sale to Google closed in 2014.")
    verdict_form.get_by_role("button", name="Propose verdict").click()
    expect(reviewer.locator("#verdict-form .errors")).to_contain_text("needs at least one")
    expect(reviewer.locator("#verdict-form").get_by_label("Explanation")).to_have_value(
        "DeepMind's sale to Google closed in 2014."
    )

    # An editor links a source to the claim.
    editor = new_page()
    log_in(editor, base, "eve")
    editor.goto(claim_url)
    editor.locator("#link-source summary").click()
    link_form = editor.locator("#link-source form")
    link_form.get_by_label("Address (URL)").fill("https://blog.google/deepmind-joins-google/")
    link_form.get_by_label("Title").fill("Google to acquire DeepMind")
    link_form.get_by_label("Stance").select_option("supports")
    link_form.get_by_label("Excerpt").fill("Google announced the DeepMind acquisition in 2014.")
    link_form.get_by_role("button", name="Link source").click()
    expect(editor.locator("#sources")).to_contain_text("Google to acquire DeepMind")

    # The reviewer tries again and the verdict is proposed.
    reviewer.goto(claim_url)
    verdict_form = reviewer.locator("#verdict-form")
    verdict_form.get_by_label("Verdict").select_option(label="Verified")
    verdict_form.get_by_label("Explanation").fill("Google's own announcement, 2014.")
    verdict_form.get_by_role("button", name="Propose verdict").click()
    expect(reviewer.locator("#verdict")).to_contain_text("Verdict proposed")

    # A second reviewer approves it.
    second = new_page()
    second.on("dialog", lambda dialog: dialog.accept())
    log_in(second, base, "remy")
    second.goto(claim_url)
    second.get_by_role("button", name=re.compile("Approve verdict")).click()
    expect(second.locator("#verdict")).to_contain_text("Approved")
    if shots:
        second.screenshot(path=str(shots / "claim.png"), full_page=True)

    # The dashboard counts the new approval.
    assert approved_count(second, base) == approved_before + 1


def test_an_editor_creates_a_claim_by_selecting_text(live_server: str, new_page) -> None:
    base = live_server
    page = new_page()
    log_in(page, base, "eve")
    page.get_by_role("link", name="Articles", exact=True).click()
    page.get_by_role("link", name=re.compile("What you need to know")).first.click()
    words = "Universities like Tsinghua University, Beijing University and Fudan University"
    paragraph = page.locator(".article-text p", has_text=words).first
    paragraph.evaluate(
        """(element, words) => {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.textContent.indexOf(words);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + words.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    document.dispatchEvent(new Event("selectionchange"));
                    element.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
                    return;
                }
            }
            throw new Error("words not found");
        }""",
        words,
    )
    page.get_by_role("button", name=re.compile("New claim from selection")).click()
    page.get_by_label("Summary").fill("Tsinghua, Beijing and Fudan universities train AI talent")
    page.get_by_role("button", name=re.compile("Save claim|Create claim|Add claim")).click()
    expect(page.locator("body")).to_contain_text("Tsinghua, Beijing and Fudan universities")

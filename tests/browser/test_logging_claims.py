"""Logging claims one after another on the article page, with a real mouse in Chromium.

Highlights used to be links: a drag that started inside one moved the link instead of
selecting words, and every claim logged sent the editor away to the claim's page.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .test_review_flow import log_in

ARTICLE = re.compile("What you need to know")

# The client position of one character of `words` somewhere in the article text: its
# left edge (side="left") or its right edge, half way down its line.
CHARACTER_AT = """([words, index, side]) => {
    const text = document.getElementById("article-text");
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    const whole = [];
    let node;
    while ((node = walker.nextNode())) whole.push(node);
    const joined = whole.map((n) => n.textContent).join("");
    let at = joined.indexOf(words);
    if (at < 0) throw new Error(`not in the text: ${words}`);
    at += index;
    for (const n of whole) {
        if (at < n.textContent.length) {
            const range = document.createRange();
            range.setStart(n, at);
            range.setEnd(n, at + 1);
            const box = range.getBoundingClientRect();
            const x = side === "left" ? box.left + 1 : box.right - 1;
            return {x, y: box.top + box.height / 2};
        }
        at -= n.textContent.length;
    }
    throw new Error("ran past the text");
}"""


def open_article(page: Page, base: str) -> None:
    page.get_by_role("link", name="Articles", exact=True).click()
    page.get_by_role("link", name=ARTICLE).first.click()
    expect(page.locator("#select-hint")).to_be_visible()  # the script runs
    expect(page.locator("#typed-hint")).to_be_hidden()


def drag_select(page: Page, first: tuple[str, int], last: tuple[str, int]) -> None:
    """Press the mouse on one character and release it on another, as a person would."""
    page.locator("#article-text").scroll_into_view_if_needed()
    page.get_by_text(first[0], exact=False).first.scroll_into_view_if_needed()
    start = page.evaluate(CHARACTER_AT, [first[0], first[1], "left"])
    end = page.evaluate(CHARACTER_AT, [last[0], last[1], "right"])
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move((start["x"] + end["x"]) / 2, (start["y"] + end["y"]) / 2, steps=5)
    page.mouse.move(end["x"], end["y"], steps=5)
    page.mouse.up()


def log_selection(page: Page, quote: str, summary: str) -> str:
    """Log the selected words as a claim; return the new claim's id."""
    page.get_by_role("button", name="New claim from selection").click()
    form = page.locator("#selection-form")
    expect(form.get_by_label(re.compile("^Quote"))).to_have_value(quote)
    form.get_by_label(re.compile("^Summary")).fill(summary)
    form.get_by_role("button", name="Add claim").click()
    expect(page).to_have_url(re.compile(r"/articles/\d+\?logged=\d+#claim-\d+$"))
    return re.search(r"logged=(\d+)", page.url).group(1)


def test_words_that_start_inside_a_highlight_can_be_selected_and_logged(
    live_server: str, new_page
) -> None:
    page = new_page()
    log_in(page, live_server, "eve")
    open_article(page, live_server)
    existing = page.locator("a.hl-open[title^='Google acquired DeepMind in 2014']")
    expect(existing).to_have_count(1)
    old_id = existing.get_attribute("id").removeprefix("claim-")

    # From the D of "DeepMind", inside the highlight, to the end of "effort", outside it.
    drag_select(page, ("Google acquired DeepMind", 16), ("their AI effort", 14))
    quote = "DeepMind in 2014 and that’s where a lot of their AI effort"
    new_id = log_selection(page, quote, "DeepMind is where Google's AI effort began")

    new_words = page.locator("mark.hl--new")
    expect(new_words.first).to_be_visible()
    expect(page.locator("#article-text")).to_contain_text(quote)
    assert "".join(new_words.all_inner_texts()) == quote
    expect(page.locator(f"#item-{new_id}")).to_contain_text("Just logged")
    # the older claim keeps its own link, and the two are listed as sharing words
    expect(page.locator(f"#claim-{old_id}")).to_be_visible()
    expect(page.locator(f"#item-{new_id} .claim-item__overlaps")).to_be_visible()


def test_an_editor_logs_two_claims_in_a_row_without_leaving_the_article(
    live_server: str, new_page
) -> None:
    page = new_page()
    log_in(page, live_server, "eve")
    open_article(page, live_server)
    article_path = re.search(r"/articles/\d+", page.url).group(0)

    drag_select(page, ("Microsoft has a very strange", 0), ("relationship with OpenAI", 23))
    first = log_selection(
        page,
        "Microsoft has a very strange relationship with OpenAI",
        "Microsoft's relationship with OpenAI is unusual",
    )
    assert article_path in page.url
    expect(page.locator(".alert")).to_contain_text(f"Claim {first} logged")

    # The next claim straight away, on the page the first one left us on.
    drag_select(page, ("a very similar move with Amazon", 2), ("AWS and Anthropic", 16))
    second = log_selection(
        page,
        "very similar move with Amazon AWS and Anthropic",
        "Amazon and Anthropic mirror Microsoft and OpenAI",
    )
    assert article_path in page.url and second != first
    for claim_id in (first, second):
        expect(page.locator(f"#claim-{claim_id}")).to_be_visible()
        expect(page.locator(f"#item-{claim_id}")).to_be_visible()
    expect(page.locator(f"#item-{second}")).to_contain_text("Just logged")
    expect(page.locator(f"#item-{first}")).not_to_contain_text("Just logged")


def test_an_overlapping_claim_is_visible_and_each_claim_opens_from_the_keyboard(
    live_server: str, new_page
) -> None:
    page = new_page()
    log_in(page, live_server, "eve")
    open_article(page, live_server)
    old_id = (
        page.locator("a.hl-open[title^='Google acquired DeepMind in 2014']")
        .get_attribute("id")
        .removeprefix("claim-")
    )

    # From "Amazon and Google" (plain text) into the highlighted "Google acquired".
    drag_select(page, ("Amazon and Google have", 0), ("Google acquired DeepMind", 14))
    quote = "Amazon and Google have been mostly participating by proxy. Google acquired"
    new_id = log_selection(page, quote, "Big tech took part by proxy")

    shared = page.locator(f"mark.hl--nested[data-claims~='{old_id}'][data-claims~='{new_id}']")
    expect(shared).to_have_text("Google acquired")
    expect(shared).to_be_visible()
    expect(page.locator(f"#item-{old_id} .claim-item__overlaps")).to_contain_text("Shares words")

    # Both claims open from their links with the keyboard.
    page.locator(f"#claim-{old_id}").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Google acquired DeepMind")
    page.go_back()
    page.locator(f"#claim-{new_id}").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Big tech took part by proxy")

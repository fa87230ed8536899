"""The report looks the same in the desk's preview as in the downloaded HTML file."""

from __future__ import annotations

from playwright.sync_api import Page

from .test_review_flow import log_in

# What a reader sees of each kind of element: its type and its spacing.
PROPERTIES = [
    "font-family",
    "font-size",
    "font-weight",
    "line-height",
    "color",
    "margin-top",
    "margin-bottom",
    "letter-spacing",
]
SELECTORS = [
    ".cd-report",
    ".cd-report h1",
    ".cd-report h2",
    ".cd-report h3",
    ".cd-report h3 a",
    ".cd-report .meta",
    ".cd-report p",
    ".cd-report table",
    ".cd-report th",
    ".cd-report td",
    ".cd-report dl.facts dt",
    ".cd-report dl.facts dd",
    ".cd-report blockquote",
    ".cd-report .verdict",
    ".cd-report .status",
    ".cd-report ol.sources li",
    ".cd-report footer",
]

STYLES_JS = """([selectors, properties]) => Object.fromEntries(selectors.map((selector) => {
  const element = document.querySelector(selector);
  if (!element) return [selector, null];
  const style = getComputedStyle(element);
  return [selector, Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)]))];
}))"""
# Every element of the report, in document order, as "tag.class: property values".
ALL_JS = """(properties) => [...document.querySelectorAll(".cd-report *")]
  .filter((e) => !e.closest("svg"))
  .map((e) => {
    const style = getComputedStyle(e);
    const values = properties.map((p) => style.getPropertyValue(p)).join(" | ");
    return e.tagName + "." + e.className + ": " + values;
  })"""


def _styles(page: Page) -> dict:
    return page.evaluate(STYLES_JS, [SELECTORS, PROPERTIES])


def _every_element(page: Page) -> list[str]:
    return page.evaluate(ALL_JS, [*PROPERTIES, "padding-left", "border-top-width", "display"])


def test_preview_and_download_style_the_report_alike(live_server: str, new_page, tmp_path) -> None:
    base = live_server
    page: Page = new_page()
    log_in(page, base, "eve")
    page.goto(f"{base}/reports/preview")
    preview = _styles(page)
    preview_all = _every_element(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="HTML", exact=True).click()
    saved = tmp_path / "report.html"
    download.value.save_as(saved)
    standalone = new_page()
    standalone.goto(saved.as_uri())
    downloaded = _styles(standalone)
    downloaded_all = _every_element(standalone)
    assert all(preview[s] is not None for s in SELECTORS), preview
    differences = {
        (selector, prop): (preview[selector][prop], downloaded[selector][prop])
        for selector in SELECTORS
        for prop in PROPERTIES
        if preview[selector][prop] != downloaded[selector][prop]
    }
    assert differences == {}
    assert len(preview_all) == len(downloaded_all) > 100
    mismatched = [(a, b) for a, b in zip(preview_all, downloaded_all, strict=True) if a != b]
    assert mismatched[:5] == []

"""Every page of the desk runs under its Content-Security-Policy without a violation.

The policy allows no inline script, style attribute or event handler; a page that used
one would lose it silently in the browser. Chromium reports each blocked thing as a
`securitypolicyviolation` event and a console error: the test fails on either.
"""

from __future__ import annotations

from playwright.sync_api import Page

from ..factories import PASSWORD
from ..webapp.test_headers import CONTENT_SECURITY_POLICY

# Registered before any page script runs (Playwright injects it outside the policy).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
});
"""

PAGES = [
    "/",
    "/articles/",
    "/articles/1",
    "/articles/1/claims/new",
    "/articles/new",
    "/claims/",
    "/claims/?status=approved&sort=speaker",
    "/claims/1",
    "/claims/{approved}",
    "/sources/",
    "/sources/1",
    "/sources/new",
    "/speakers/",
    "/speakers/1",
    "/users/",
    "/users/{admin}",
    "/users/new",
    "/account",
    "/account/tokens",
    "/users/{admin}/tokens",
    "/reports/preview",
    "/reports/preview?include_drafts=1",
    "/claims/999999",  # an error page
]


def _watch(page: Page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)

    def on_console(message) -> None:
        # Errors too: a blocked script shows up as one. The error page's own 404 does not count.
        text = message.text
        if "Content Security Policy" in text or (message.type == "error" and "404" not in text):
            problems.append(f"console: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return problems


def _visit(page: Page, url: str, problems: list[str]) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.headers.get("content-security-policy") == CONTENT_SECURITY_POLICY, url
    page.wait_for_load_state("load")
    problems.extend(f"{url}: {v}" for v in page.evaluate("window.__violations"))


def test_no_page_breaks_the_content_security_policy(live_server: str, new_page, session):
    import sqlalchemy as sa

    from models import Claim, ClaimStatus, User

    approved = session.scalar(sa.select(Claim.id).where(Claim.status == ClaimStatus.APPROVED))
    admin = session.scalar(sa.select(User.id).where(User.username == "ada"))
    base = live_server
    page = new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    problems = _watch(page)

    _visit(page, f"{base}/login", problems)
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")

    for path in PAGES:
        _visit(page, base + path.format(approved=approved, admin=admin), problems)

    # What the scripts do on the way: keyboard help, and selecting words in an article.
    _visit(page, f"{base}/claims/{approved}", problems)
    page.keyboard.press("?")
    _visit(page, f"{base}/articles/1", problems)
    paragraph = page.locator(".article-text p").nth(2)
    paragraph.click(click_count=3)
    paragraph.dispatch_event("mouseup")
    problems.extend(page.evaluate("window.__violations"))

    assert not problems, "\n".join(problems)

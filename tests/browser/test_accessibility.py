"""axe-core on every main page of the desk, as an admin and as a reviewer.

The axe script comes from the axe-playwright-python package, so nothing is fetched from
the network. A serious or critical violation fails the test, listed with its rule id,
impact, the elements it was found on and axe's one-line help.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page
from sqlalchemy import orm

from models import Article, Claim, Source, Speaker

from .test_review_flow import log_in

BLOCKING = {"serious", "critical"}


def main_pages(session: orm.Session, role: str) -> list[str]:
    """Every main page's path, with a record of the seed desk where a page needs one."""
    article_id = session.scalar(sa.select(sa.func.min(Article.id)))
    claim_id = session.scalar(sa.select(sa.func.min(Claim.id)))
    source_id = session.scalar(sa.select(sa.func.min(Source.id)))
    speaker_id = session.scalar(sa.select(sa.func.min(Speaker.id)))
    paths = [
        "/",
        "/articles/",
        f"/articles/{article_id}",
        "/claims/",
        f"/claims/{claim_id}",
        "/sources/",
        f"/sources/{source_id}",
        "/speakers/",
        f"/speakers/{speaker_id}",
        "/search/?q=google",
        "/check?text=Alibaba+holds+80%25+of+the+cloud+market",
        "/reports/preview",
        "/account",
        "/account/tokens",
        "/inbox/",
    ]
    if role == "admin":
        # Pages a reviewer is refused (403).
        paths += [
            f"/articles/{article_id}/claims/new",
            "/articles/new",
            "/sources/new",
            "/speakers/new",
            "/users/",
            "/users/new",
        ]
    return paths


def blocking_violations(page: Page) -> list[str]:
    """Run axe on the page in the browser; describe each serious or critical violation."""
    # Forms folded into <details> (reopen, edit, link a source) are checked too.
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        nodes = violation["nodes"]
        targets = "; ".join(" ".join(node["target"]) for node in nodes[:5])
        if len(nodes) > 5:
            targets += f" and {len(nodes) - 5} more"
        found.append(
            f"{page.url}: {violation['id']} ({violation['impact']}) on {targets}: "
            f"{violation['help']}"
        )
    return found


@pytest.mark.parametrize("role,username", [("admin", "ada"), ("reviewer", "rhea")])
def test_no_serious_or_critical_axe_violation_on_any_main_page(
    live_server: str, new_page, session: orm.Session, role: str, username: str
) -> None:
    page = new_page()
    log_in(page, live_server, username)
    found = []
    for path in main_pages(session, role):
        response = page.goto(live_server + path)
        assert response is not None and response.status == 200, path
        found.extend(blocking_violations(page))
    # The login page, as a visitor sees it.
    visitor = new_page()
    visitor.goto(live_server + "/login")
    found.extend(blocking_violations(visitor))
    assert not found, "axe found:\n" + "\n".join(found)

"""The desk on a 390 px phone: a one-row top bar whose menu opens without JavaScript, the
claim's details before its history, and no page wider than the screen."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import expect
from sqlalchemy import orm

from models import Article, Claim, Source, Speaker
from models.services import workflow

from .conftest import screenshot_dir
from .test_accessibility import blocking_violations
from .test_review_flow import log_in

PHONE = {"width": 390, "height": 844}
ONE_ROW = 64  # px: a 44 px touch target and the bar's padding


def phone_pages(session: orm.Session) -> dict[str, str]:
    article_id = session.scalar(sa.select(sa.func.min(Article.id)))
    claim_id = session.scalar(sa.select(sa.func.min(Claim.id)))
    source_id = session.scalar(sa.select(sa.func.min(Source.id)))
    speaker_id = session.scalar(sa.select(sa.func.min(Speaker.id)))
    return {
        "dashboard": "/",
        "articles": "/articles/",
        "article": f"/articles/{article_id}",
        "new-claim": f"/articles/{article_id}/claims/new",
        "claims": "/claims/",
        "claim": f"/claims/{claim_id}",
        "sources": "/sources/",
        "source": f"/sources/{source_id}",
        "speakers": "/speakers/",
        "speaker": f"/speakers/{speaker_id}",
        "search": "/search/?q=google",
        "report": "/reports/preview",
        "account": "/account",
        "users": "/users/",
        "inbox": "/inbox/",
        "new-article": "/articles/new",
        "new-source": "/sources/new",
        "new-speaker": "/speakers/new",
        "new-user": "/users/new",
        "tokens": "/account/tokens",
    }


def test_every_main_page_fits_a_phone_under_a_one_row_top_bar(
    live_server: str, new_page, session: orm.Session
) -> None:
    page = new_page(viewport=PHONE)
    log_in(page, live_server, "ada")
    shots = screenshot_dir()
    problems = []
    for name, path in phone_pages(session).items():
        page.goto(live_server + path)
        bar = page.locator("header.topbar").bounding_box()
        assert bar is not None
        if bar["height"] > ONE_ROW:
            problems.append(f"{path}: the top bar is {bar['height']:.0f} px high")
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{path}: {width} px wide, scrolls sideways")
        if shots and name in ("dashboard", "claim", "article"):
            # The claim page whole: its details come before its history.
            page.screenshot(path=str(shots / f"phone-{name}.png"), full_page=name == "claim")
    assert problems == []


def test_the_claim_page_shows_its_details_before_its_history_on_a_phone(
    live_server: str, new_page, session: orm.Session
) -> None:
    claim_id = session.scalar(sa.select(sa.func.min(Claim.id)))
    phone = new_page(viewport=PHONE)
    log_in(phone, live_server, "rhea")
    phone.goto(f"{live_server}/claims/{claim_id}")
    details = phone.locator(".claimside").bounding_box()
    history = phone.locator("#history").bounding_box()
    assert details is not None and history is not None
    assert details["y"] < history["y"]

    # On a wide screen the history stays under the main column, beside the details.
    wide = new_page()
    log_in(wide, live_server, "rhea")
    wide.goto(f"{live_server}/claims/{claim_id}")
    main = wide.locator(".claimmain").bounding_box()
    side = wide.locator(".claimside").bounding_box()
    history = wide.locator("#history").bounding_box()
    assert main is not None and side is not None and history is not None
    assert history["x"] == main["x"] and history["x"] + history["width"] <= side["x"]
    assert history["y"] > main["y"] + main["height"] - 1


def test_the_phone_menu_opens_and_leads_on_without_javascript(live_server: str, browser) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server, "rhea")
        claims_link = page.get_by_role("link", name="Claims", exact=True)
        expect(claims_link).to_be_hidden()
        page.locator(".topmenu--phone summary").click()
        expect(claims_link).to_be_visible()
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
        shots = screenshot_dir()
        if shots:
            page.screenshot(path=str(shots / "phone-menu.png"))
        claims_link.click()
        expect(page).to_have_url(f"{live_server}/claims/")
        # The menu opened on the last page stays closed on the next.
        expect(page.get_by_role("link", name="Claims", exact=True)).to_be_hidden()
    finally:
        context.close()


def test_axe_finds_nothing_serious_on_a_phone_with_the_menu_open(
    live_server: str, new_page, session: orm.Session
) -> None:
    page = new_page(viewport=PHONE)
    log_in(page, live_server, "ada")
    found = []
    for name in ("dashboard", "article", "claim", "claims"):
        page.goto(live_server + phone_pages(session)[name])
        found.extend(blocking_violations(page))  # opens every <details>, the menu too
        expect(page.get_by_role("link", name="Claims", exact=True)).to_be_visible()
    assert found == []


def test_the_closed_phone_menu_shows_the_unread_count(
    live_server: str, new_page, session: orm.Session, desk_members
) -> None:
    claim = session.scalars(sa.select(Claim).order_by(Claim.id)).first()
    workflow.assign(session, claim, desk_members["reviewer"], actor=desk_members["editor"])
    session.commit()
    page = new_page(viewport=PHONE)
    log_in(page, live_server, "rhea")
    toggle = page.locator(".topmenu--phone summary")
    expect(toggle).to_have_text("Menu 1 unread")
    expect(page.get_by_role("link", name="Inbox")).to_be_hidden()

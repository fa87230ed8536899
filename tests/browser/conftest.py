"""Browser tests: Playwright driving Debian's Chromium against the real app on loopback.

Outside CI they skip, with the reason, when /usr/bin/chromium or Playwright is missing;
under CI=true a missing browser fails the run instead.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import orm
from werkzeug.serving import make_server

from models import Role

from ..conftest import expect_seeded
from ..factories import make_user
from ..tools import unavailable

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Assertions wait up to 15 s, as page actions do (the default is 5 s): on a loaded
# 2-core CI machine a live server's answer can take longer than 5 s without anything
# being wrong, and a timed-out wait is the only way these tests can fail on time.
try:
    from playwright.sync_api import expect as _expect
except ImportError:  # the skip below says why
    pass
else:
    _expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        unavailable("browser tests", f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("browser tests", "playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def desk_members(session: orm.Session):
    """The seed fact-check plus one editor and two reviewers who can log in."""
    expect_seeded(session)
    people = {
        "editor": make_user(session, Role.EDITOR, username="eve", display_name="Eve Editor"),
        "reviewer": make_user(
            session, Role.REVIEWER, username="rhea", display_name="Rhea Reviewer"
        ),
        "reviewer2": make_user(
            session, Role.REVIEWER, username="remy", display_name="Remy Reviewer"
        ),
        "admin": make_user(session, Role.ADMIN, username="ada", display_name="Ada Admin"),
    }
    session.commit()
    return people


def closed_before_sending(app: Any) -> Any:
    """Wrap a WSGI app so that its response is read and closed before the server sends it.

    Werkzeug's development server closes a response in a `finally` block that first drains
    the socket; when the browser has already dropped the connection (a page navigated
    away mid-load) that drain raises and the close is skipped. A static file's handle is
    then closed later by the garbage collector, inside whichever test runs at that moment,
    as an unraisable ResourceWarning that fails it (CI saw this on a browser test).
    Pages and static files are small, so buffering them here costs nothing.
    """

    def buffered(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        iterable = app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:
                close()

    return buffered


@pytest.fixture
def live_server(app, desk_members) -> Iterator[str]:
    """Serve the real app on a free loopback port in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, closed_before_sending(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def new_page(browser):
    """Open pages in fresh contexts (separate cookies: one per desk member)."""
    contexts = []

    def open_page(viewport=None):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def screenshot_dir() -> Path | None:
    """Where to save the README's screenshots, when CLAIMDESK_SCREENSHOTS is set."""
    target = os.environ.get("CLAIMDESK_SCREENSHOTS")
    if not target:
        return None
    path = Path(target)
    path.mkdir(parents=True, exist_ok=True)
    return path

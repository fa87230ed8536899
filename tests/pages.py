"""A web server on 127.0.0.1 serving fixture pages, for the article-import tests.

Nothing in the tests fetches from the internet (see the `_no_internet` fixture in
tests/conftest.py); pages are served from here, each path answering as it is told:
a status, headers and a body, or a handler that misbehaves (slow, endless, redirects).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).parent / "data" / "intake"


@dataclass
class Page:
    """One answer: status, headers and body; `slow` seconds before the body starts."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    slow: float = 0.0
    endless: bool = False  # a body that never ends (no Content-Length)


def html(text: str, **headers: str) -> Page:
    """Return an HTML page answer."""
    return Page(text.encode(), headers={"Content-Type": "text/html; charset=utf-8", **headers})


def redirect(location: str, status: int = 302) -> Page:
    """Return a redirect answer."""
    return Page(status=status, headers={"Location": location})


class PageServer:
    """A threaded HTTP server on 127.0.0.1; `pages` maps a path (with query) to a Page."""

    def __init__(self) -> None:
        self.pages: dict[str, Page | Callable[[], Page]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                page = server.pages.get(self.path)
                if callable(page):
                    page = page()
                if page is None:
                    page = Page(b"not here", status=404, headers={"Content-Type": "text/plain"})
                if page.slow:
                    time.sleep(page.slow)
                self.send_response(page.status)
                for name, value in page.headers.items():
                    self.send_header(name, value)
                if not page.endless:
                    self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                try:
                    if page.endless:
                        deadline = time.monotonic() + 10
                        while time.monotonic() < deadline:
                            self.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
                    else:
                        self.wfile.write(page.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the desk stopped reading, as it should

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        """Return the server's address, http://127.0.0.1:PORT."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        """Return the full address of `path` on this server."""
        return self.base + path

    def __enter__(self) -> PageServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def serve() -> Iterator[PageServer]:
    """Run a PageServer for one test (use as a fixture body: `yield from serve()`)."""
    with PageServer() as server:
        yield server

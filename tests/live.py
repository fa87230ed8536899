"""A real HTTP server for the app on loopback, and a small cookie-keeping client for it.

For tests that need what the test client hides: several threads at once, responses
streamed over a socket, the server's own headers.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

from flask import Flask
from werkzeug.serving import make_server

TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@contextlib.contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve `app` on a free 127.0.0.1 port with a thread per request; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@dataclass
class Answer:
    """What the server answered: status, headers and the whole body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class Visitor:
    """One browser-like visitor: keeps its cookies, never follows redirects."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30,
        cookies: http.cookiejar.CookieJar | None = None,
    ) -> None:
        self.base_url = base_url
        self.timeout = timeout
        # Sharing another visitor's cookies: the same member in another tab.
        self.cookies = cookies if cookies is not None else http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> Answer:
        """Send one request and read the whole answer."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base_url + path, data=body, method=method)
        try:
            with self._opener.open(req, timeout=self.timeout) as response:
                return Answer(response.status, dict(response.headers.items()), response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, dict(error.headers.items()), error.read())

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post_form(self, path: str, data: dict[str, str], *, token_from: str) -> Answer:
        """POST a form with the CSRF token read from the page at `token_from`."""
        match = TOKEN_RE.search(self.get(token_from).text)
        assert match, f"no CSRF token on {token_from}"
        return self.request("POST", path, {**data, "csrf_token": match.group(1)})

    def log_in(self, username: str, password: str) -> Answer:
        """Log in through the login form; the answer is the redirect after it."""
        return self.post_form(
            "/login", {"username": username, "password": password}, token_from="/login"
        )

"""`claimdesk run` on a real socket: a neutral Server header, and the security headers."""

from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import urlsplit

from .test_cli import claimdesk_run
from .test_headers import EXPECTED

PATHS = ["/login", "/", "/static/claimdesk.css", "/static/none.css", "/api/v1/claims"]


def _get(base: str, path: str) -> http.client.HTTPResponse:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_the_development_server_names_no_versions(tmp_path: Path) -> None:
    with claimdesk_run(tmp_path / "desk.sqlite3") as (base, _):
        responses = {path: _get(base, path) for path in PATHS}
    for path, response in responses.items():
        assert response.getheader("Server") == "Claimdesk", path
        assert len(response.headers.get_all("Server") or []) == 1
        for name, value in EXPECTED.items():
            assert response.getheader(name) == value, (path, name)

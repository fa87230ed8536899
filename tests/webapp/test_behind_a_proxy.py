"""`claimdesk serve` behind nginx and behind Caddy, configured as docs/deploy.md says.

Each proxy's block is read from the document itself, so what a newsroom copies is what
runs here; only its addresses, certificate paths and the test's own settings are swapped
in (each swap must match exactly once, so a changed document fails these tests rather
than going untested). The proxy terminates TLS for desk.example.org with a certificate
made for the test (openssl for nginx; Caddy's own local authority, as it would obtain one
from Let's Encrypt) and passes requests to a real `claimdesk serve` with
CLAIMDESK_TRUSTED_PROXIES=1. Everything listens on 127.0.0.1.

Outside CI these tests skip, with the reason, when a proxy is missing; under CI=true a
missing one fails the run (.ci/run installs nginx-light, caddy and openssl).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import socket
import ssl
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from models import Role
from models.db import make_engine, make_session_factory, sqlite_url
from models.migrate import upgrade
from models.services import accounts
from models.services.seeding import default_seed_files, load_seed

from ..tools import free_port, system_tool
from .test_serve import STARTUP_SECONDS, Served, claimdesk_serve

ROOT = Path(__file__).resolve().parents[2]
HOST = "desk.example.org"  # the name the document's blocks serve
PASSWORD = "proxy harbour violet quill"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PROXIES = ["nginx", "caddy"]
PACKAGES = {"nginx": "nginx-light", "caddy": "caddy", "openssl": "openssl"}


def _tool(name: str) -> str:
    return system_tool(name, PACKAGES[name], "the reverse-proxy tests")


def documented_block(language: str) -> str:
    """The configuration docs/deploy.md tells a newsroom to use, in its ```language fence."""
    text = (ROOT / "docs" / "deploy.md").read_text("utf-8")
    blocks = re.findall(rf"```{language}\n(.*?)```", text, re.S)
    assert len(blocks) == 1, f"docs/deploy.md should hold exactly one {language} block"
    return blocks[0]


def _swap(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"docs/deploy.md's block no longer says {old!r}"
    return text.replace(old, new)


class _Dial(http.client.HTTPSConnection):
    """HTTPS to desk.example.org (its name for SNI and the certificate) at 127.0.0.1."""

    def connect(self) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=HOST)


@dataclass
class Proxy:
    """A reverse proxy in front of a running `claimdesk serve`."""

    name: str
    tls_port: int
    plain_port: int
    ca: Path  # the certificate (or authority) a member's browser would trust
    served: Served

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        *,
        tls: bool = True,
    ) -> tuple[http.client.HTTPResponse, bytes]:
        if tls:
            context = ssl.create_default_context(cafile=str(self.ca))
            connection: http.client.HTTPConnection = _Dial(
                HOST, self.tls_port, timeout=60, context=context
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.plain_port, timeout=60)
        try:
            connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
            response = connection.getresponse()
            return response, response.read()
        finally:
            connection.close()


class Browser:
    """Cookies and the Referer a browser sends (Flask-WTF checks it over HTTPS)."""

    def __init__(self, proxy: Proxy) -> None:
        self.proxy = proxy
        self.cookies: dict[str, str] = {}

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep(self, response: http.client.HTTPResponse) -> None:
        for line in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = line.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]

    def get(self, path: str) -> tuple[http.client.HTTPResponse, bytes]:
        response, body = self.proxy.request("GET", path, headers=self._headers(None))
        self._keep(response)
        return response, body

    def post(
        self, path: str, form: dict[str, str], headers: dict[str, str] | None = None
    ) -> tuple[http.client.HTTPResponse, bytes]:
        body = urllib.parse.urlencode(form).encode()
        extra = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://{HOST}{path}",
            **(headers or {}),
        }
        response, answer = self.proxy.request("POST", path, body, self._headers(extra))
        self._keep(response)
        return response, answer

    def token(self, path: str) -> str:
        _, page = self.get(path)
        found = TOKEN.search(page.decode())
        assert found, f"no form token on {path}"
        return found.group(1)

    def log_in(self, username: str, password: str = PASSWORD) -> http.client.HTTPResponse:
        token = self.token("/login")
        form = {"username": username, "password": password, "csrf_token": token}
        return self.post("/login", form)[0]


def _desk(path: Path) -> str:
    """A seeded desk with an editor whose password the test knows."""
    url = sqlite_url(path)
    engine = make_engine(url)
    try:
        upgrade(engine)
        with make_session_factory(engine, writes=True)() as session:
            for seed in default_seed_files():
                load_seed(session, seed)
            accounts.create_user(session, "editor", Role.EDITOR, PASSWORD, actor=None)
            accounts.create_user(session, "admin", Role.ADMIN, PASSWORD, actor=None)
            session.commit()
    finally:
        engine.dispose()
    return url


def _certificate(where: Path) -> tuple[Path, Path]:
    cert, key = where / "cert.pem", where / "key.pem"
    subprocess.run(
        [
            *(_tool("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@dataclass
class Launch:
    """How to start one proxy: its command, environment, and the certificate to trust."""

    command: list[str]
    env: dict[str, str]
    ca: Path


def _nginx(where: Path, upstream: int, tls: int, plain: int) -> Launch:
    nginx = _tool("nginx")
    cert, key = _certificate(where)
    block = documented_block("nginx")
    block = _swap(block, "listen 443 ssl;", f"listen 127.0.0.1:{tls} ssl;")
    block = _swap(block, "listen 80;", f"listen 127.0.0.1:{plain};")
    block = _swap(block, "/etc/letsencrypt/live/desk.example.org/fullchain.pem", str(cert))
    block = _swap(block, "/etc/letsencrypt/live/desk.example.org/privkey.pem", str(key))
    block = _swap(
        block, "proxy_pass http://127.0.0.1:8000;", f"proxy_pass http://127.0.0.1:{upstream};"
    )
    temp = "\n".join(
        f"  {kind}_temp_path {where / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Root's nginx hands requests to workers running as `nobody`, which could not read the
    # test's files; one process that stays root is enough for a test.
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = where / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\npid {where / 'nginx.pid'};\n"
        f"error_log {where / 'error.log'};\nevents {{}}\n"
        f"http {{\n  access_log {where / 'access.log'};\n{temp}\n{block}\n}}\n",
        "utf-8",
    )
    command = [nginx, "-e", str(where / "error.log"), "-p", str(where), "-c", str(conf)]
    return Launch([*command, "-g", "daemon off;"], dict(os.environ), cert)


def _caddy(where: Path, upstream: int, tls: int, plain: int) -> Launch:
    caddy = _tool("caddy")
    block = documented_block("caddyfile")
    # Loopback only, and the test's upstream; the certificate comes from Caddy's local
    # authority (offline), kept in the test's folder and never installed system-wide.
    block = _swap(
        block,
        "reverse_proxy 127.0.0.1:8000",
        f"bind 127.0.0.1\n    reverse_proxy 127.0.0.1:{upstream}",
    )
    options = (
        f"{{\n  admin off\n  local_certs\n  skip_install_trust\n"
        f"  storage file_system {where / 'data'}\n  http_port {plain}\n  https_port {tls}\n}}\n"
    )
    conf = where / "Caddyfile"
    conf.write_text(options + block, "utf-8")
    env = {**os.environ, "HOME": str(where), "XDG_DATA_HOME": str(where / "xdg")}
    env["XDG_CONFIG_HOME"] = str(where / "xdg-config")
    ca = where / "data" / "pki" / "authorities" / "local" / "root.crt"
    return Launch([caddy, "run", "--config", str(conf), "--adapter", "caddyfile"], env, ca)


LAUNCHERS = {"nginx": _nginx, "caddy": _caddy}


@contextlib.contextmanager
def behind(name: str, tmp_path: Path, **env: str) -> Iterator[Proxy]:
    """Run `claimdesk serve` on a seeded desk, with the proxy `name` in front."""
    where = tmp_path / name
    where.mkdir()
    url = _desk(tmp_path / "desk.sqlite3")
    with claimdesk_serve(url, tmp_path, CLAIMDESK_TRUSTED_PROXIES="1", **env) as served:
        tls, plain = free_port(), free_port()
        launch = LAUNCHERS[name](where, served.port, tls, plain)
        with (where / "proxy.log").open("wb") as log:
            process = subprocess.Popen(launch.command, env=launch.env, stdout=log, stderr=log)
        try:
            proxy = Proxy(name, tls, plain, launch.ca, served)
            _wait_for(proxy, process, where)
            yield proxy
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_for(proxy: Proxy, process: subprocess.Popen[bytes], where: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        with contextlib.suppress(OSError):  # not listening, or no certificate yet
            if proxy.ca.exists() and proxy.request("GET", "/login")[0].status == 200:
                return
        time.sleep(0.2)
    logs = [where / "proxy.log", where / "error.log"]
    pytest.fail(
        f"{proxy.name} did not answer:\n" + "\n".join(p.read_text() for p in logs if p.exists())
    )


# Successful logins are not counted, so only the last test below ever reaches this limit.
LIMITS = {"CLAIMDESK_LOGIN_LIMITS_PER_ADDRESS": "3 per minute"}


@pytest.fixture(scope="module", params=PROXIES)
def proxy(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Proxy]:
    folder = tmp_path_factory.mktemp(f"behind-{request.param}")
    with behind(request.param, folder, **LIMITS) as running:
        yield running


def test_through_the_proxy_the_desk_sees_https_and_a_login_holds(proxy: Proxy) -> None:
    browser = Browser(proxy)
    answer, _ = browser.get("/login")
    assert answer.status == 200
    assert answer.getheader("Strict-Transport-Security")  # it knows the visitor used HTTPS
    assert all("Secure" in c for c in answer.headers.get_all("Set-Cookie") or [])
    logged_in = browser.log_in("editor")  # CSRF over HTTPS wants Host and Referer to agree
    assert logged_in.status == 302
    assert not (logged_in.getheader("Location") or "").startswith("http:")
    page, body = browser.get("/claims/")
    assert page.status == 200
    assert b"Log out" in body or b"logout" in body


def test_plain_http_is_sent_to_the_same_address_over_https(proxy: Proxy) -> None:
    answer, _ = proxy.request("GET", "/claims/?q=china", tls=False)
    assert answer.status in (301, 308)  # permanent: nginx's block says 301, Caddy sends 308
    assert answer.getheader("Location") == f"https://{HOST}/claims/?q=china"


def test_a_report_arrives_whole_through_the_proxy(proxy: Proxy) -> None:
    browser = Browser(proxy)
    assert browser.log_in("editor").status == 302
    answer, body = browser.get("/reports/download/csv")
    assert answer.status == 200
    assert "attachment" in (answer.getheader("Content-Disposition") or "")
    rows = body.decode("utf-8-sig").strip().splitlines()
    assert len(rows) - 1 >= 30  # the seed's claims, each a row under the header
    assert rows[-1].count(",") >= rows[0].count(",")  # the last row is complete


def test_an_upload_over_the_desks_limit_gets_the_desks_own_answer(proxy: Proxy) -> None:
    """nginx's limit (5m) sits above the desk's own (Caddy sets none), so members read the
    desk's message."""
    browser = Browser(proxy)
    assert browser.log_in("editor").status == 302
    token = browser.token("/articles/import")
    boundary = "claimdesk-test-boundary"
    big = b"word " * 1_000_001  # 5,000,005 bytes: over the desk's 5,000,000
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="long.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + big
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Referer": f"https://{HOST}/articles/import",
        "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
    }
    answer, page = proxy.request("POST", "/articles/import", body, headers)
    text = page.decode("utf-8", "replace")
    assert proxy.name not in text.lower()
    assert "the most the desk reads" in text, (answer.status, text[:500])


def test_a_forged_client_address_is_not_believed_past_the_proxy(proxy: Proxy) -> None:
    """One trusted proxy: the desk takes the address the proxy saw, not what the client
    wrote (nginx appends its peer to the forged list; Caddy replaces it).

    Each failed login claims another client address; had the desk believed them, no
    address would reach the per-address limit. Keep this test last in the module: it
    leaves the proxy's own address throttled for the rest of the minute.
    """
    statuses = []
    for n in range(5):
        browser = Browser(proxy)
        token = browser.token("/login")
        form = {"username": f"guess{n}", "password": "wrong", "csrf_token": token}
        forged = {"X-Forwarded-For": f"198.51.100.{n + 1}"}
        statuses.append(browser.post("/login", form, forged)[0].status)
    assert statuses[:3] == [401, 401, 401]  # the login form again, with its message
    assert statuses[3:] == [429, 429]

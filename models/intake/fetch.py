"""Fetch an article's page from its address, without letting the address reach inside.

An address typed by an editor (or sent through the API) makes the desk's server open a
connection: left alone, `http://127.0.0.1:5432/` or `http://169.254.169.254/` would
let anyone with an editor's token probe the desk's own network. So:

- only http and https, on any port;
- the host name is resolved once, and every address it resolves to must be public
  (not loopback, private, link-local, shared, reserved, multicast or unspecified)
  unless the policy allows the desk's own network;
- the connection goes to the address that was checked (the host name is only sent as
  the Host header and for TLS), so a second DNS answer cannot swap in another address;
- every redirect is checked the same way, and at most `max_redirects` are followed;
- one timeout for each network step, and a deadline for the whole fetch;
- the body is read in chunks and given up on past `max_bytes`, whatever the server
  announced; content encodings are not asked for (no compressed bombs);
- only HTML, Markdown and plain text are read as articles.

The name lookup runs in the system resolver, in a thread of its own so the deadline
holds for it too (a lookup that outlives the deadline finishes unheard).
"""

from __future__ import annotations

import dataclasses
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from urllib.parse import urljoin, urlsplit

from ..errors import ValidationError
from .document import Document, size_text
from .reader import CONTENT_TYPES, read_document

USER_AGENT = "Claimdesk/0.1 (article import; +https://github.com/claimdesk)"
ACCEPT = "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8"
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024


@dataclasses.dataclass(frozen=True)
class FetchPolicy:
    """How far a fetch may go: size, time, redirects, and whether private addresses do."""

    max_bytes: int = 5_000_000
    timeout: float = 10.0
    allow_private: bool = False  # True: the desk's own network (intranet pages, tests)
    max_redirects: int = 5


class FetchRefused(ValidationError):
    """An address the desk would not or could not fetch an article from.

    `reason` names the kind for programs and tests: scheme, address, not-found,
    refused, server-error, not-article, too-large, timeout, unreachable, redirects.
    """

    def __init__(self, message: str, *, reason: str, field: str | None = "url") -> None:
        super().__init__(message, field=field)
        self.reason = reason


@dataclasses.dataclass(frozen=True)
class Fetched:
    """A page as the server sent it."""

    url: str  # after redirects
    content_type: str | None
    data: bytes


def resolve_host(host: str, port: int) -> list[str]:
    """Return the IP addresses `host` resolves to (the system resolver; tests replace it)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _resolve_within(host: str, port: int, deadline: float) -> list[str]:
    """Return resolve_host's answer, or raise TimeoutError once the deadline passes."""
    answer: list[list[str] | BaseException] = []

    def lookup() -> None:
        try:
            answer.append(resolve_host(host, port))
        except BaseException as exc:  # handed to the fetch's own thread below
            answer.append(exc)

    thread = threading.Thread(target=lookup, name="claimdesk-resolve", daemon=True)
    thread.start()
    thread.join(max(0.0, deadline - time.monotonic()))
    if not answer:
        raise TimeoutError
    if isinstance(answer[0], BaseException):
        raise answer[0]
    return answer[0]


def open_socket(address: str, port: int, timeout: float) -> socket.socket:
    """Open a TCP connection to the IP `address` (the one place a fetch connects)."""
    return socket.create_connection((address, port), timeout=timeout)


def address_refusal(address: str, *, allow_private: bool) -> str | None:
    """Return why the desk will not connect to the IP `address`, or None when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # a scope id ("fe80::1%eth0") aside
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_multicast or ip.is_unspecified:
        return "a multicast or unspecified address"
    if ip.is_global or allow_private:
        return None
    if ip.is_loopback:
        return "this machine (loopback)"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private network address"
    return "a reserved address"


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to an address checked beforehand, whatever DNS says now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address
        self.step_timeout = timeout

    def connect(self) -> None:
        self.sock = open_socket(self.address, self.port, self.step_timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to a checked address; the certificate must name the host."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address
        self.step_timeout = timeout

    def connect(self) -> None:
        sock = open_socket(self.address, self.port, self.step_timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def _target(url: str, policy: FetchPolicy, deadline: float) -> tuple[str, str, int, list[str]]:
    """Return scheme, host, port and the checked addresses of `url`, or refuse it."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchRefused(f"{_shown(url)} is not a valid address", reason="scheme") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(
            f"{_shown(url)}: the desk fetches only http:// and https:// addresses",
            reason="scheme",
        )
    host = parts.hostname
    if not host:
        raise FetchRefused(f"{_shown(url)} names no host", reason="scheme")
    port = port or (443 if scheme == "https" else 80)
    try:
        addresses = _resolve_within(host, port, deadline)
    except TimeoutError:
        raise
    except (OSError, UnicodeError):
        raise FetchRefused(
            f"the host {host[:80]!r} could not be found (no such name)", reason="unreachable"
        ) from None
    for address in addresses:
        why = address_refusal(address, allow_private=policy.allow_private)
        if why is not None:
            raise FetchRefused(
                f"the desk does not fetch from {host[:80]} ({address}): it is {why}. "
                "Only public addresses are fetched unless FETCH_ALLOW_PRIVATE is set",
                reason="address",
            )
    if not addresses:
        raise FetchRefused(f"the host {host[:80]!r} has no address", reason="unreachable")
    return scheme, host, port, addresses


def _shown(url: str) -> str:
    return repr(url if len(url) <= 80 else url[:79] + "…")


def _request(url: str, policy: FetchPolicy, deadline: float) -> tuple[int, dict, bytes | None]:
    """Send one GET to `url`; return status, headers and (for a 200) the body."""
    scheme, host, port, addresses = _target(url, policy, deadline)
    parts = urlsplit(url.strip())
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    last_error: OSError | None = None
    for address in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        connection = kind(host, port, address, min(policy.timeout, remaining))
        response: http.client.HTTPResponse | None = None
        try:
            connection.request(
                "GET",
                path,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": ACCEPT,
                    "Accept-Encoding": "identity",
                },
            )
            response = connection.getresponse()
            headers = {name.lower(): value for name, value in response.getheaders()}
            if response.status != 200:
                return response.status, headers, None
            _check_type(headers.get("content-type"))
            return response.status, headers, _read(response, headers, policy, deadline)
        except (TimeoutError, ssl.SSLError, http.client.HTTPException):
            raise
        except OSError as exc:  # refused, reset, unreachable: try the host's next address
            last_error = exc
        finally:
            if response is not None:
                response.close()
            connection.close()
    raise last_error or OSError("no address answered")


def _check_type(content_type: str | None) -> None:
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type and media_type not in CONTENT_TYPES:
        raise FetchRefused(
            f"the address answers with {media_type[:60]}, not an article page "
            "(HTML, Markdown or plain text)",
            reason="not-article",
        )


def _too_large(policy: FetchPolicy, size: str) -> FetchRefused:
    return FetchRefused(
        f"the page is {size}; the desk reads articles up to {size_text(policy.max_bytes)}",
        reason="too-large",
    )


def _read(
    response: http.client.HTTPResponse, headers: dict, policy: FetchPolicy, deadline: float
) -> bytes:
    """Read the body in chunks, refusing it once it passes max_bytes or the deadline."""
    announced = headers.get("content-length", "").strip()
    if announced.isdigit() and int(announced) > policy.max_bytes:
        raise _too_large(policy, size_text(int(announced)))
    chunks: list[bytes] = []
    received = 0
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError
        chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
        if not chunk:
            return b"".join(chunks)
        received += len(chunk)
        if received > policy.max_bytes:
            raise _too_large(policy, f"more than {size_text(policy.max_bytes)}")
        chunks.append(chunk)


def fetch(url: str, policy: FetchPolicy) -> Fetched:
    """Fetch `url` under `policy`, following checked redirects; refuse with FetchRefused."""
    deadline = time.monotonic() + policy.timeout
    current = url.strip()
    try:
        for _hop in range(policy.max_redirects + 1):
            status, headers, data = _request(current, policy, deadline)
            if status in REDIRECTS and headers.get("location"):
                current = urljoin(current, headers["location"].strip())
                continue
            if status == 200 and data is not None:
                return Fetched(current, headers.get("content-type"), data)
            raise _status_refusal(status)
    except FetchRefused:
        raise
    except TimeoutError:
        raise FetchRefused(
            f"the site did not answer within {policy.timeout:g} seconds", reason="timeout"
        ) from None
    except ssl.SSLError as exc:
        raise FetchRefused(
            f"a secure connection to the site failed: {exc.reason or exc}", reason="unreachable"
        ) from None
    except http.client.HTTPException:
        raise FetchRefused("the site's answer was not valid HTTP", reason="unreachable") from None
    except OSError as exc:
        raise FetchRefused(
            f"the site could not be reached: {exc.strerror or exc}", reason="unreachable"
        ) from None
    raise FetchRefused(
        f"the address redirected more than {policy.max_redirects} times", reason="redirects"
    )


def _status_refusal(status: int) -> FetchRefused:
    if status in (404, 410):
        return FetchRefused(
            f"no page at that address (the site answered {status} Not Found)",
            reason="not-found",
        )
    if status >= 500:
        return FetchRefused(
            f"the site had a server error ({status}); try again later", reason="server-error"
        )
    if status in REDIRECTS:
        return FetchRefused(
            f"the site redirected ({status}) without saying where", reason="refused"
        )
    return FetchRefused(f"the site refused the request ({status})", reason="refused")


def fetch_document(url: str, policy: FetchPolicy) -> Document:
    """Fetch the page at `url` and read it as an article draft (see read_document)."""
    page = fetch(url, policy)
    try:
        return read_document(
            page.data,
            max_bytes=policy.max_bytes,
            content_type=page.content_type,
            source_url=page.url,
            label="the page",
        )
    except ValidationError as exc:
        exc.field = "url"  # the address was the input; the page is what is wrong
        raise

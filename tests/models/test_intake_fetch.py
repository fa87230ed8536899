"""Fetching an address: only public http(s) addresses, every hop checked, limits kept.

Pages come from a server on 127.0.0.1 (tests/pages.py), so most tests allow the desk's
own network; the refusals check what happens without that setting.
"""

from __future__ import annotations

import time

import pytest

from models.intake import DocumentRefused, FetchPolicy, FetchRefused, fetch_document
from models.intake import fetch as fetching
from tests.pages import DATA, Page, PageServer, html, redirect, serve

LOCAL = FetchPolicy(allow_private=True, timeout=3)
PUBLIC_ONLY = FetchPolicy(timeout=3)


@pytest.fixture
def server():
    yield from serve()


def refusal(url: str, policy: FetchPolicy = LOCAL) -> FetchRefused | DocumentRefused:
    with pytest.raises((FetchRefused, DocumentRefused)) as caught:
        fetch_document(url, policy)
    assert caught.value.field == "url"
    return caught.value


def test_a_page_is_fetched_and_read(server: PageServer) -> None:
    server.pages["/news/bus-lanes"] = html((DATA / "bus-lanes.html").read_text())
    document = fetch_document(server.url("/news/bus-lanes"), LOCAL)
    assert document.title == "Council spends £2.4m on new bus lanes"
    assert document.source_url == server.url("/news/bus-lanes")
    assert document.canonical_url == "https://gazette.example.org/news/2026/bus-lanes"
    assert document.body.startswith("The city council will spend £2.4 million")
    assert "Subscribe" not in document.body and "First!" not in document.body


def test_redirects_are_followed_to_the_page(server: PageServer) -> None:
    server.pages["/old"] = redirect("/newer", 301)
    server.pages["/newer"] = redirect(server.url("/page"), 307)
    server.pages["/page"] = Page(
        b"Headline\n\nThe text of it.", headers={"Content-Type": "text/plain"}
    )
    document = fetch_document(server.url("/old"), LOCAL)
    assert document.source_url == server.url("/page")
    assert document.body == "Headline\n\nThe text of it."


@pytest.mark.parametrize(
    ("page", "reason", "words"),
    [
        (Page(b"gone", status=404), "not-found", "404 Not Found"),
        (Page(b"gone", status=410), "not-found", "410"),
        (Page(b"oops", status=500), "server-error", "server error (500)"),
        (Page(b"busy", status=503), "server-error", "503"),
        (Page(b"no", status=403), "refused", "refused the request (403)"),
        (Page(b"%PDF-1.7", headers={"Content-Type": "application/pdf"}), "not-article", "pdf"),
        (Page(b"\x89PNG", headers={"Content-Type": "image/png"}), "not-article", "image/png"),
        (Page(b"", headers={"Content-Type": "text/html"}), "empty", "the page is empty"),
        (
            html("<html><body><nav><a href='/'>Home</a></nav></body></html>"),
            "no-text",
            "no article text",
        ),
    ],
)
def test_each_failure_has_its_message(
    server: PageServer, page: Page, reason: str, words: str
) -> None:
    server.pages["/p"] = page
    refused = refusal(server.url("/p"))
    assert refused.reason == reason
    assert words in refused.message


def test_a_page_announced_too_large_is_refused_before_reading(server: PageServer) -> None:
    server.pages["/big"] = html("<p>" + "word " * 400 + "</p>")
    refused = refusal(server.url("/big"), FetchPolicy(allow_private=True, max_bytes=1000))
    assert refused.reason == "too-large"
    assert "2 KB" in refused.message and "1 KB" in refused.message


def test_a_page_without_a_length_is_cut_off_at_the_limit(server: PageServer) -> None:
    server.pages["/endless"] = Page(headers={"Content-Type": "text/html"}, endless=True)
    started = time.monotonic()
    refused = refusal(server.url("/endless"), FetchPolicy(allow_private=True, max_bytes=200_000))
    assert refused.reason == "too-large"
    assert "more than 200 KB" in refused.message
    assert time.monotonic() - started < 3


def test_a_slow_site_times_out(server: PageServer) -> None:
    server.pages["/slow"] = Page(b"late", slow=2, headers={"Content-Type": "text/plain"})
    started = time.monotonic()
    refused = refusal(server.url("/slow"), FetchPolicy(allow_private=True, timeout=0.5))
    assert refused.reason == "timeout"
    assert "0.5 seconds" in refused.message
    assert time.monotonic() - started < 1.8


def test_too_many_redirects_are_refused(server: PageServer) -> None:
    for n in range(10):
        server.pages[f"/hop{n}"] = redirect(f"/hop{n + 1}")
    refused = refusal(server.url("/hop0"))
    assert refused.reason == "redirects"
    assert len(server.requests) == LOCAL.max_redirects + 1


def test_a_redirect_to_a_private_address_is_refused(
    server: PageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a public host (its address served here by the local server) that sends the desk
    # on to its own network: the second hop is checked like the first
    addresses = {"news.example.org": ["93.184.215.14"], "10.0.0.8": ["10.0.0.8"]}
    monkeypatch.setattr(fetching, "resolve_host", lambda host, port: addresses[host])
    monkeypatch.setattr(fetching, "open_socket", lambda address, port, timeout: _to(server))
    server.pages["/"] = redirect("http://10.0.0.8/admin")
    refused = refusal("http://news.example.org/", PUBLIC_ONLY)
    assert refused.reason == "address"
    assert "10.0.0.8" in refused.message and "private network" in refused.message
    assert server.requests == ["/"]


def _to(server: PageServer):
    import socket

    host, port = server.httpd.server_address[:2]
    return socket.create_connection((host, port), timeout=3)


def test_the_connection_goes_to_the_address_that_was_checked(
    server: PageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the host name resolves to 127.0.0.1 once; the socket must be opened to that very
    # address, never to a second lookup's answer
    opened: list[str] = []
    real_open = fetching.open_socket
    monkeypatch.setattr(fetching, "resolve_host", lambda host, port: ["127.0.0.1"])

    def open_socket(address: str, port: int, timeout: float):
        opened.append(address)
        return real_open(address, port, timeout)

    monkeypatch.setattr(fetching, "open_socket", open_socket)
    server.pages["/a"] = Page(b"Some text here.", headers={"Content-Type": "text/plain"})
    port = server.httpd.server_address[1]
    document = fetch_document(f"http://desk-intranet.example:{port}/a", LOCAL)
    assert document.body == "Some text here."
    assert opened == ["127.0.0.1"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.1.2.3:8080/page",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://localhost/",
    ],
)
def test_addresses_on_the_desks_network_are_refused_without_the_setting(
    url: str, server: PageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[str, int]] = []

    def open_socket(address: str, port: int, timeout: float):
        opened.append((address, port))
        raise AssertionError("a refused address must not be connected to")

    monkeypatch.setattr(fetching, "open_socket", open_socket)
    refused = refusal(url, PUBLIC_ONLY)
    assert refused.reason == "address"
    assert "FETCH_ALLOW_PRIVATE" in refused.message or "multicast" in refused.message
    # refused before any connection: nothing waits for an address that may never answer
    assert opened == []
    assert server.requests == []


def test_a_host_name_that_resolves_inside_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetching, "resolve_host", lambda host, port: ["93.184.215.14", "10.0.0.2"])
    refused = refusal("https://intranet.example.com/", PUBLIC_ONLY)
    assert refused.reason == "address" and "10.0.0.2" in refused.message


def test_the_local_server_is_refused_without_the_setting(server: PageServer) -> None:
    server.pages["/a"] = Page(b"text", headers={"Content-Type": "text/plain"})
    assert refusal(server.url("/a"), PUBLIC_ONLY).reason == "address"
    assert server.requests == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/file.txt", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("gopher://127.0.0.1:25/", "scheme"),
        ("http://", "scheme"),
        ("http://exa mple.org:99999/", "scheme"),
        ("https://no-such-host.invalid/", "unreachable"),
    ],
)
def test_addresses_that_are_no_web_pages_are_refused(url: str, reason: str) -> None:
    assert refusal(url, PUBLIC_ONLY).reason == reason


def test_a_port_with_nothing_listening_is_unreachable() -> None:
    with PageServer() as server:
        url = server.url("/")
    refused = refusal(url)  # the server is gone
    assert refused.reason == "unreachable"
    assert "could not be reached" in refused.message


def test_a_slow_name_lookup_times_out_too(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(host: str, port: int) -> list[str]:
        time.sleep(2)
        return ["93.184.215.14"]

    monkeypatch.setattr(fetching, "resolve_host", slow)
    started = time.monotonic()
    refused = refusal("https://slow-dns.example.org/", FetchPolicy(timeout=0.3))
    assert refused.reason == "timeout"
    # before the 2 s lookup could have finished, with room for a loaded machine
    assert time.monotonic() - started < 1.8

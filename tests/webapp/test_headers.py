"""Security headers on every response; HSTS and Secure cookies over HTTPS and behind proxies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp import create_app

from ..factories import PASSWORD
from .conftest import TOKEN_RE

# The desk has no inline script or style: its own origin is all a page needs.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
    "object-src 'none'"
)
EXPECTED = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
TEMPLATES = Path(__file__).parents[2] / "webapp" / "templates"


def assert_security_headers(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (name, response.status_code)
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/login", 200),  # a page, anonymous
        ("/", 302),  # a redirect to the login page
        ("/static/claimdesk.css", 200),
        ("/static/claimdesk.js", 200),
        ("/static/no-such-file.css", 404),
        ("/api/v1/openapi.json", 200),  # JSON
        ("/api/v1/claims", 401),  # a JSON refusal
        ("/api/v1/no/such/path", 404),
    ],
)
def test_anonymous_responses_carry_the_headers(client, path, status) -> None:
    with client.get(path) as response:
        assert response.status_code == status
        assert_security_headers(response)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/articles/1", 200),
        ("/claims/", 200),
        ("/claims/1", 200),
        ("/users/", 403),  # an error page
        ("/claims/999999", 404),
        ("/reports/preview?article=1", 200),
        ("/reports/report.css", 200),
        ("/reports/download/csv", 200),  # streamed download
        ("/reports/download/html", 200),  # checked, then sent
        ("/reports/download/pdf?status=approved", 200),
        ("/reports/download/csv?status=nonsense", 400),
    ],
)
def test_member_responses_carry_the_headers(client, seeded, as_role, path, status) -> None:
    as_role("reviewer")
    response = client.get(path)
    assert response.status_code == status
    response.get_data()  # a streamed body runs to its end
    assert_security_headers(response)


def test_a_refused_post_carries_the_headers(client, members) -> None:
    response = client.post("/login", data={"username": "x", "password": "y"})  # no CSRF
    assert response.status_code == 400
    assert_security_headers(response)


def test_an_unexpected_error_carries_the_headers(app, client) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    from webapp import security

    security.PUBLIC_ENDPOINTS.add("boom")
    try:
        response = client.get("/boom")
    finally:
        security.PUBLIC_ENDPOINTS.discard("boom")
    assert response.status_code == 500
    assert_security_headers(response)


def _session_cookie(response) -> str:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def _is_secure(cookie: str) -> bool:
    return "secure" in {part.strip().lower() for part in cookie.split(";")[1:]}


def test_plain_http_cookies_are_not_secure(client) -> None:
    response = client.get("/login")
    assert not _is_secure(_session_cookie(response))


def test_https_sends_hsts_and_secure_cookies(client, members) -> None:
    https = "https://desk.example.org"
    response = client.get("/login", base_url=https)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert _is_secure(_session_cookie(response))
    # Logging in over HTTPS: the new session cookie is Secure too.
    token = TOKEN_RE.search(response.get_data(as_text=True)).group(1)
    response = client.post(
        "/login",
        data={"username": members.reviewer.username, "password": PASSWORD, "csrf_token": token},
        base_url=https,
        # Over HTTPS, Flask-WTF also wants a same-origin Referer, which the
        # Referrer-Policy (same-origin) lets browsers send.
        headers={"Referer": f"{https}/login"},
    )
    assert response.status_code == 302
    assert _is_secure(_session_cookie(response))


def test_cookies_set_by_a_view_are_secure_over_https(app, client) -> None:
    from flask import make_response

    from webapp import security

    @app.get("/cookie")
    def cookie():
        response = make_response("ok")
        response.set_cookie("remember_token", "x", httponly=True)
        return response

    security.PUBLIC_ENDPOINTS.add("cookie")
    try:
        plain = client.get("/cookie")
        secure = client.get("/cookie", base_url="https://desk.example.org")
    finally:
        security.PUBLIC_ENDPOINTS.discard("cookie")
    [plain_cookie] = plain.headers.getlist("Set-Cookie")
    [secure_cookie] = secure.headers.getlist("Set-Cookie")
    assert not _is_secure(plain_cookie)
    assert _is_secure(secure_cookie) and secure_cookie.count("Secure") == 1


def _app(db_url: str, tmp_path: Path, **config):
    app = create_app({"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "t", **config})
    app.instance_path = str(tmp_path / "instance")
    return app


FORWARDED_HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(client) -> None:
    response = client.get("/login", headers=FORWARDED_HTTPS)
    assert "Strict-Transport-Security" not in response.headers
    assert not _is_secure(_session_cookie(response))


def test_a_trusted_proxy_says_the_request_was_https(db_url, tmp_path) -> None:
    app = _app(db_url, tmp_path, TRUSTED_PROXIES=1)
    response = app.test_client().get("/login", headers=FORWARDED_HTTPS)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert _is_secure(_session_cookie(response))


def test_trusted_proxies_from_the_environment(db_url, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMDESK_TRUSTED_PROXIES", "1")
    app = _app(db_url, tmp_path)
    assert app.config["TRUSTED_PROXIES"] == 1
    response = app.test_client().get("/login", headers=FORWARDED_HTTPS)
    assert "Strict-Transport-Security" in response.headers


@pytest.mark.parametrize("value", [-1, "two", 1.5j])
def test_a_bad_trusted_proxies_setting_is_refused(db_url, tmp_path, value) -> None:
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        _app(db_url, tmp_path, TRUSTED_PROXIES=value)


def test_secure_cookies_can_be_forced(db_url, tmp_path) -> None:
    app = _app(db_url, tmp_path, SECURE_COOKIES=True)
    response = app.test_client().get("/login")
    assert _is_secure(_session_cookie(response))
    assert "Strict-Transport-Security" not in response.headers  # still plain HTTP


def test_hsts_can_be_turned_off(db_url, tmp_path) -> None:
    app = _app(db_url, tmp_path, HSTS_MAX_AGE=0)
    response = app.test_client().get("/login", base_url="https://desk.example.org")
    assert "Strict-Transport-Security" not in response.headers
    assert _is_secure(_session_cookie(response))


# What the policy would block: checked in every template (the browser test visits pages).
INLINE = {
    "a style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "an inline script": re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*application/ld\+json)", re.I),
    "an inline <style>": re.compile(r"<style", re.I),
    "an event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_templates_hold_nothing_the_policy_blocks(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{template.name} has {', '.join(found)}; move it to webapp/static"

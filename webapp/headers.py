"""Security headers on every response, and what HTTPS changes: HSTS and Secure cookies.

The desk serves no inline script, style or event handler (a test walks every page in a
browser and fails on any policy violation), so its Content-Security-Policy allows its own
origin and nothing else. Behind a reverse proxy, TRUSTED_PROXIES says how many proxies
to believe about the client's address, scheme and host; without it a request is HTTPS
only if it reached the app over TLS itself.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "base-uri 'none'",  # default-src does not cover these four
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # links to sources do not reveal the desk's URLs
}


def init_app(app: Flask) -> None:
    """Trust the configured proxies, mark cookies Secure over HTTPS, add the headers.

    Call it before anything else registers an after_request hook that sets a cookie
    (Flask-Login): hooks run last-registered first, so this one sees their cookies.
    """
    hops = trusted_proxies(app.config.get("TRUSTED_PROXIES"))
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
    app.session_interface = SessionInterface()
    app.after_request(add_headers)


def trusted_proxies(value: object) -> int:
    """Return the number of trusted proxy hops in the TRUSTED_PROXIES setting."""
    try:
        hops = int(value or 0)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        hops = -1
    if hops < 0:
        raise ValueError(
            f"TRUSTED_PROXIES must be the number of proxies in front of the desk, not {value!r}"
        )
    return hops


def cookies_secure() -> bool:
    """Tell whether this response's cookies must be Secure: HTTPS, or SECURE_COOKIES."""
    return bool(request.is_secure or current_app.config.get("SECURE_COOKIES"))


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, Secure whenever the request came over HTTPS.

    The session cookie is written after every after_request hook, so it is marked here.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or cookies_secure()


def add_headers(response: Response) -> Response:
    """Add the security headers (a view may set its own first) and Secure cookies."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    max_age = int(current_app.config.get("HSTS_MAX_AGE") or 0)
    if request.is_secure and max_age > 0:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={max_age}")
    if cookies_secure():
        _mark_cookies_secure(response)
    return response


def _mark_cookies_secure(response: Response) -> None:
    cookies = response.headers.getlist("Set-Cookie")
    if not cookies:
        return
    del response.headers["Set-Cookie"]
    for cookie in cookies:
        attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
        secure = cookie if "secure" in attributes else f"{cookie}; Secure"
        response.headers.add("Set-Cookie", secure)

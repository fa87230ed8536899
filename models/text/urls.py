"""Check and normalise web addresses, so one document is one source row."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import ValidationError
from .inputs import clean_plain

# Query parameters that only track a click; they never change the document.
_TRACKING_PREFIXES = ("utm_",)
_TRACKING_NAMES = {"fbclid", "gclid", "mc_cid", "mc_eid", "ref_src"}
_DEFAULT_PORTS = {"http": 80, "https": 443}
URL_MAX = 2000


def check_url(url: str, *, field: str = "url") -> str:
    """Return `url` stripped, refusing anything that is not an absolute http(s) address."""
    url = (url or "").strip()
    if not url:
        raise ValidationError("an address is needed", field=field)
    if len(url) > URL_MAX:
        raise ValidationError(f"the address is longer than {URL_MAX} characters", field=field)
    clean_plain(url, field)  # a control character in an address is never meant
    parts = urlsplit(url)
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        raise ValidationError("the address must start with http:// or https://", field=field)
    if not parts.hostname or any(ch.isspace() for ch in url):
        raise ValidationError("the address has no valid host name", field=field)
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise ValidationError("the address has an invalid port", field=field) from exc
    return url


def normalise_url(url: str, *, field: str = "url") -> str:
    """Return the canonical form of an http(s) address.

    Lower-cases scheme and host, drops default ports, fragments, tracking parameters and a
    trailing slash on the path; keeps everything else, since it may name the document.
    """
    parts = urlsplit(check_url(url, field=field))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{parts.port}"
    if parts.username:
        raise ValidationError("the address must not carry a user name or password", field=field)
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith(_TRACKING_PREFIXES) and key.lower() not in _TRACKING_NAMES
        ]
    )
    return urlunsplit((scheme, host, path if path != "/" else "", query, ""))

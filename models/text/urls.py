"""Check and normalise web addresses, so one document is one source row."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import ValidationError
from .inputs import clean_plain

# Query parameters that only track a click (ad networks, newsletters, social sites, web
# analytics); they never change the document.
_TRACKING_PREFIXES = ("utm_", "mtm_")
_TRACKING_NAMES = {
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "ttclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "ref_src",
    "ref_url",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "s_cid",
    "pk_campaign",
    "pk_kwd",
    "pk_source",
    "pk_medium",
}
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


def _bare_host(host: str) -> str:
    """Return `host` without a leading "www." (but "www.com" stays a host of its own)."""
    if host.startswith("www.") and "." in host[4:]:
        return host[4:]
    return host


def source_key(url: str, *, field: str = "url") -> str:
    """Return the identity of the document at `url`: what makes two addresses one source.

    On top of normalise_url, the scheme, a leading "www." and a trailing slash do not count:
    ``http://www.example.org/a/`` and ``https://example.org/a?utm_source=x#top`` are both
    ``example.org/a``.
    """
    parts = urlsplit(normalise_url(url, field=field))
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{_bare_host(parts.netloc)}{path}{query}"


def url_spellings(url: str, *, field: str = "url") -> list[str]:
    """Return every normalised address with the same source_key as `url`, its own first.

    http or https, with or without "www.", with or without a trailing slash: a desk that
    stores normalised addresses finds the recorded one among these with its unique index
    on the address, without a column for the key (see Source.url).
    """
    own = normalise_url(url, field=field)
    parts = urlsplit(own)
    bare = _bare_host(parts.netloc)
    hosts = [bare] if bare == parts.netloc and bare.startswith("www.") else [bare, f"www.{bare}"]
    path = parts.path.rstrip("/")
    paths = [path, f"{path}/"]
    spellings = [own]
    for scheme in ("https", "http"):
        for host in hosts:
            for spelled in paths:
                candidate = urlunsplit((scheme, host, spelled, parts.query, ""))
                if candidate not in spellings:
                    spellings.append(candidate)
    return spellings

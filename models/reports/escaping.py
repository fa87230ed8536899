"""What keeps desk data inert in every report: which addresses become links, and how.

A report prints whatever the desk holds, and the desk holds what people typed, imported
or kept from older versions: an address may be `javascript:…`, or carry quotes and angle
brackets that would end the attribute or the Markdown link around it; a text may hold
`</script>`. Each format escapes its own syntax (Jinja's autoescape, `markdown.md`, the
csv and json modules); the rules they share live here.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from ..errors import ValidationError
from ..text.urls import URL_MAX, check_url

# RFC 3986's reserved characters and "%" stay as they are, so an address keeps its
# meaning; everything else (quotes, <, >, backslash, backtick, spaces, non-ASCII) is
# percent-encoded, as a browser would send it anyway.
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
# The shape nearly every stored address has: http(s), a plain host name, then printable
# ASCII without spaces. check_url accepts such an address unchanged, so link_target
# answers it without parsing (a large report asks for every source link it prints).
_PLAIN_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#][!-~]*)?")


def link_target(url: str | None) -> str | None:
    """Return `url` if a report may link to it (an absolute http(s) address), else None.

    Anything else, `javascript:` and `data:` above all, is shown as text or not at all.
    """
    if not url:
        return None
    if len(url) <= URL_MAX and _PLAIN_WEB_ADDRESS.fullmatch(url):
        return url
    try:
        return check_url(url)
    except (ValidationError, ValueError):  # ValueError: urlsplit's, e.g. "http://[x"
        return None


def encode_url(url: str) -> str:
    """Percent-encode every character of `url` that could end the markup around it."""
    return quote(url, safe=_URL_SAFE)


def script_json(data: Any, *, indent: int = 1) -> str:
    """Serialise `data` as JSON that can sit inside a <script> element.

    No "</script>" or "<!--" can appear: <, > and & are written as \\u escapes, which
    every JSON parser reads back as the same characters.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

"""What makes two articles one: a fingerprint of the text, and the identity of its address.

An article brought in twice rarely arrives byte for byte the same: a copy from a saved
page and one pasted from the browser differ in line breaks, a trailing space, curly or
straight quotes and the kind of dash. The fingerprint ignores exactly those differences
and nothing else, so two texts that share it say the same words in the same order.

A change to either function changes what is stored for every article: it needs a
migration that recomputes the columns (0010 computed them first).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ..errors import ValidationError
from .urls import source_key

# Typographic variants that copying, editors and CMSs swap for each other.
_SAME_CHARACTERS = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        # invisible: zero-width space and joiners, soft hyphen, byte order mark
        **dict.fromkeys("\u200b\u200c\u200d\u2060\u00ad\ufeff", ""),
    }
)
_WHITESPACE = re.compile(r"\s+")


def fingerprint_text(body: str) -> str:
    """Return `body` as the fingerprint sees it: NFC, one kind of quote and dash, one space."""
    text = unicodedata.normalize("NFC", body).translate(_SAME_CHARACTERS)
    return _WHITESPACE.sub(" ", text).strip()


def body_fingerprint(body: str) -> str:
    """Return the sha256 hex digest of `body` with whitespace, quotes and dashes evened out."""
    return hashlib.sha256(fingerprint_text(body).encode("utf-8")).hexdigest()


def url_key(url: str | None) -> str | None:
    """Return the identity of an article's address (sha256 of its source key), or None.

    Two spellings of one address (http or https, "www.", a trailing slash, tracking
    parameters) share it; an address the desk cannot read has none. A digest rather than
    the key itself, so the index stays small whatever the address's length.
    """
    if url is None or not url.strip():
        return None
    try:
        key = source_key(url)
    except ValidationError:
        return None
    return hashlib.sha256(key.encode("utf-8")).hexdigest()

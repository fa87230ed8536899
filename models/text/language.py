"""Language tags (BCP 47) for articles: "en", "zh-Hans", "pt-BR", "es-419".

Checked for shape, not against the IANA registry (which changes): a primary language
of 2-3 letters (RFC 5646 also allows 4-8, but none is registered, and "english" is the
mistake that shape would let through), then optional extended language,
script, region, variants, extensions and a private use part, as RFC 5646 §2.1 writes
them. Tags are stored in their conventional case: language lower, script title, region
upper ("zh-hant-tw" becomes "zh-Hant-TW"); tags compare without regard to case.
"""

from __future__ import annotations

import re

from ..errors import ValidationError

MAX_LENGTH = 35  # RFC 5646 §4.4.1: implementations need not keep longer tags

_TAG = re.compile(
    r"""
    (?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3})
    (?:-(?P<script>[a-z]{4}))?
    (?:-(?P<region>[a-z]{2}|[0-9]{3}))?
    (?P<variants>(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)
    (?P<extensions>(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*)
    (?P<private>-x(?:-[a-z0-9]{1,8})+)?
    """,
    re.VERBOSE,
)


def parse_language(value: str | None) -> str | None:
    """Return the BCP 47 tag in `value` in its conventional case, or None when blank.

    Refuses anything that is not a well-formed tag ("english", "en_US", "e").
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    match = _TAG.fullmatch(text.lower()) if len(text) <= MAX_LENGTH else None
    if match is None:
        raise ValidationError(
            f"{text[:40]!r} is not a language tag: use a BCP 47 tag such as en, fr, "
            "pt-BR or zh-Hans",
            field="language",
        )
    parts = [match["language"]]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    rest = (match["variants"] or "") + (match["extensions"] or "") + (match["private"] or "")
    return "-".join(parts) + rest

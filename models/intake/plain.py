"""Plain text: the body as written, tidied at its edges; and the tidying all readers share."""

from __future__ import annotations

import re

from .document import Document, Kind

# Characters no stored text may hold (see models.text.inputs): control characters other
# than tab and newline, and lone surrogates. A reader drops them instead of refusing the
# whole article for a stray one.
_NOT_PLAIN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")
_BLANK_LINES = re.compile(r"\n{3,}")
TITLE_MAX = 300


def tidy(text: str) -> str:
    """Return `text` with LF line ends, no stray control characters, no trailing spaces,
    at most one blank line in a row, and no blank lines at either end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _NOT_PLAIN.sub("", text)
    text = _TRAILING_SPACE.sub("\n", text + "\n")
    return _BLANK_LINES.sub("\n\n", text).strip("\n").rstrip()


def one_line(text: str | None, limit: int = TITLE_MAX) -> str | None:
    """Return `text` on one line with single spaces, cut to `limit`; None when empty."""
    if text is None:
        return None
    line = " ".join(_NOT_PLAIN.sub("", text).split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line or None


def _title_line(body: str) -> str | None:
    """Return the first line when it reads like a headline: short, alone, no full stop."""
    first, blank, _ = body.partition("\n\n")
    if not blank or "\n" in first or len(first) > 150 or first.rstrip().endswith((".", ":")):
        return None
    return one_line(first)


def read_plain(text: str) -> Document:
    """Return plain text as a draft; a headline-like first line is offered as the title.

    The words stay as written (the first line too): claims anchor in them.
    """
    body = tidy(text)
    return Document(body=body, kind=Kind.TEXT, title=_title_line(body))

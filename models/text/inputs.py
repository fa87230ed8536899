"""What the desk accepts from people: whole numbers and plain text.

Every channel (forms, the API, report downloads, the CLI) reads numbers and stores text
through these few rules, so a value is refused the same way wherever it comes from and
whichever database sits below: SQLite would store a NUL that PostgreSQL rejects, and
neither can bind an integer past 64 bits.
"""

from __future__ import annotations

import re
from typing import Literal, overload

from ..errors import ValidationError

# The largest integer SQLite (and PostgreSQL's BIGINT) can bind; no id or version is larger.
ID_MAX = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")

# Control characters (Unicode category Cc) other than tab and newline, and lone
# surrogates, which no UTF-8 text can hold. A carriage return is turned into a newline
# before this check (see normalise_newlines), so only tab and newline remain.
_NOT_PLAIN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def whole_number(value: str | None, *, minimum: int = 0, maximum: int = ID_MAX) -> int | None:
    """Return `value` as an int if it is ASCII digits within [minimum, maximum], else None.

    `str.isdigit()` also says yes to "²" and "١٢", and `int()` reads "+1", "1_000" and
    Arabic-Indic digits: neither is how anyone writes an id, a page or a version.
    """
    text = (value or "").strip()
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def is_digits(text: str) -> bool:
    """Tell whether `text` is written in the ASCII digits 0–9 only (an id, not a name)."""
    return text.isascii() and text.isdigit()


def parse_whole_number(
    value: str | None, field: str, *, minimum: int = 0, maximum: int = ID_MAX
) -> int:
    """Return `value` as an int, refusing anything `whole_number` does not accept."""
    number = whole_number(value, minimum=minimum, maximum=maximum)
    if number is None:
        raise ValidationError(
            f"{field} must be a number written with the digits 0–9, from {minimum} to "
            f"{maximum}; not {_shown(value)}",
            field=field,
        )
    return number


def normalise_newlines(text: str) -> str:
    """Return `text` with CRLF and lone CR line ends written as LF.

    Browsers send CRLF, and an HTML page turns a lone CR into a line break: stored text
    uses LF only, so what a page shows is what the desk holds.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def control_character(text: str) -> str | None:
    """Return the first character of `text` that plain text may not hold, or None."""
    match = _NOT_PLAIN.search(text)
    return match.group() if match else None


def clean_plain(value: str, field: str) -> str:
    """Return `value` with LF line ends, refusing control characters and lone surrogates."""
    text = normalise_newlines(value)
    bad = control_character(text)
    if bad is not None:
        raise ValidationError(
            f"{field.replace('_', ' ')} contains a control character (U+{ord(bad):04X}), "
            "which the desk does not accept; remove it",
            field=field,
        )
    return text


@overload
def clean_text(
    value: str | None, field: str, *, limit: int, required: Literal[True] = True
) -> str: ...
@overload
def clean_text(value: str | None, field: str, *, limit: int, required: bool) -> str | None: ...
def clean_text(value: str | None, field: str, *, limit: int, required: bool = True) -> str | None:
    """Return `value` stripped, refusing it when empty (if required) or longer than `limit`.

    Line ends become LF; control characters (except tab and newline) are refused.
    """
    value = clean_plain((value or "").strip(), field)
    if not value:
        if required:
            raise ValidationError(f"{field.replace('_', ' ')} is required", field=field)
        return None
    if len(value) > limit:
        raise ValidationError(
            f"{field.replace('_', ' ')} has {len(value)} characters; at most {limit} fit",
            field=field,
        )
    return value


def _shown(value: str | None) -> str:
    text = value or ""
    return repr(text if len(text) <= 40 else text[:39] + "…")

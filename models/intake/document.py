"""The draft an import produces, and the refusals a reader or a fetch can give."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any

from ..errors import ValidationError


class Kind(enum.StrEnum):
    """What a document was read as."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


@dataclasses.dataclass(frozen=True)
class Document:
    """An article as read from outside: its plain text and the metadata found with it.

    Every field but the body may be None: nothing was found. The editor (a form, flags on
    the command line, fields in an API call) corrects or completes it before it is saved.
    """

    body: str
    kind: Kind = Kind.TEXT
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    language: str | None = None
    canonical_url: str | None = None  # where the page says it lives
    source_url: str | None = None  # where it was fetched from (after redirects)

    @property
    def url(self) -> str | None:
        """Return the article's address: its canonical one, else where it was fetched."""
        return self.canonical_url or self.source_url

    def with_values(self, **values: Any) -> Document:
        """Return a copy with the fields in `values` replaced; None values are left out."""
        return dataclasses.replace(
            self, **{name: value for name, value in values.items() if value is not None}
        )


class DocumentRefused(ValidationError):
    """A file or page the desk will not read as an article; nothing was written.

    `reason` names the kind of refusal for programs and tests: empty, binary, too-large,
    encoding, no-text.
    """

    def __init__(self, message: str, *, reason: str, field: str | None = "file") -> None:
        super().__init__(message, field=field)
        self.reason = reason


def size_text(count: int) -> str:
    """Return a byte count as a person reads it: 512 bytes, 1.5 KB, 5 MB."""
    if count < 1000:
        return f"{count} bytes"
    for unit, scale in (("KB", 1000), ("MB", 1000**2), ("GB", 1000**3)):
        if count < scale * 1000 or unit == "GB":
            value = count / scale
            return f"{value:.1f} {unit}".replace(".0 ", " ")
    raise AssertionError("unreachable")  # pragma: no cover

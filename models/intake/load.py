"""A path or an address, as the command line takes it, into a draft."""

from __future__ import annotations

from pathlib import Path

from .document import Document, DocumentRefused, size_text
from .fetch import FetchPolicy, fetch_document
from .reader import read_document


def is_address(source: str) -> bool:
    """Tell whether `source` is a web address (http:// or https://) rather than a path."""
    return source.strip().lower().startswith(("http://", "https://"))


def load_document(source: str, policy: FetchPolicy) -> Document:
    """Return the article at `source`: fetched when it is an address, read when a path.

    The file's size is checked before it is read, against the policy's max_bytes.
    """
    if is_address(source):
        return fetch_document(source, policy)
    path = Path(source)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise DocumentRefused(f"{source} is not a file", reason="not-found", field="path")
        if size > policy.max_bytes:
            raise DocumentRefused(
                f"{path.name} is {size_text(size)}; the desk reads articles up to "
                f"{size_text(policy.max_bytes)}",
                reason="too-large",
                field="path",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentRefused(
            f"cannot read {source}: {exc.strerror or exc}", reason="not-found", field="path"
        ) from None
    return read_document(data, max_bytes=policy.max_bytes, filename=path.name)

"""Read bytes (a file, an upload, a fetched page) into a Document draft.

The order of checks is the order of cheapness: size, emptiness, a binary format's
signature, the encoding, then the text itself. Each refusal is a DocumentRefused with a
message that says what to do instead; nothing is written by reading.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath

from .document import Document, DocumentRefused, Kind, size_text
from .html import read_html
from .markdown import read_markdown
from .plain import read_plain

# Content types and file suffixes the desk reads, and what it reads them as.
CONTENT_TYPES = {
    "text/html": Kind.HTML,
    "application/xhtml+xml": Kind.HTML,
    "text/markdown": Kind.MARKDOWN,
    "text/x-markdown": Kind.MARKDOWN,
    "text/plain": Kind.TEXT,
}
SUFFIXES = {
    ".html": Kind.HTML,
    ".htm": Kind.HTML,
    ".xhtml": Kind.HTML,
    ".md": Kind.MARKDOWN,
    ".markdown": Kind.MARKDOWN,
    ".mdown": Kind.MARKDOWN,
    ".txt": Kind.TEXT,
    ".text": Kind.TEXT,
}

# The first bytes of formats people save articles in but that are no text.
_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a Word .docx or OpenDocument file is one)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP image or audio)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"SQLite format 3", "an SQLite database"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16's, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.I)
# Control characters a text file has no business holding (tab, newlines and form feed
# aside); a few may slip into a real article, many mean the file is no text.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_HTML_INSIDE = re.compile(r"<(?:body|head|article|p|div)\b[^>]*>", re.I)
_MARKDOWN_START = re.compile(r"\s*(?:---\n|#{1,6} \S)")

UPLOAD_HINT = "save the article as plain text (.txt), Markdown (.md) or a web page (.html)"


def read_document(
    data: bytes,
    *,
    max_bytes: int,
    filename: str | None = None,
    content_type: str | None = None,
    source_url: str | None = None,
    label: str | None = None,
) -> Document:
    """Return the article in `data` as a draft, or refuse it with a DocumentRefused.

    The kind (HTML, Markdown or plain text) comes from the content type, else the file
    name's suffix, else the text's first characters. Refused: more than `max_bytes`, an
    empty file, a binary format, text in an unknown encoding, and a file with no text.
    Messages name the file as `label` (else its file name, else "the file").
    """
    name = f"{label or filename or 'the file'} "
    if len(data) > max_bytes:
        # (a caller may have read only max_bytes + 1 of it: the size itself is not known)
        raise DocumentRefused(
            f"{name}is larger than {size_text(max_bytes)}, the most the desk reads",
            reason="too-large",
        )
    if not data.strip():
        raise DocumentRefused(f"{name}is empty", reason="empty")
    media_type, declared = _split_content_type(content_type)
    kind = CONTENT_TYPES.get(media_type) if media_type else None
    if kind is None and filename:
        kind = SUFFIXES.get(PurePath(filename).suffix.lower())
    text = decode(data, declared=declared, label=name.strip())
    if kind is None:
        kind = sniff_kind(text)
    if kind is Kind.HTML:
        document = read_html(text, url=source_url)
    elif kind is Kind.MARKDOWN:
        document = read_markdown(text)
    else:
        document = read_plain(text)
    if not document.body.strip():
        raise DocumentRefused(f"no article text was found in {name.strip()}", reason="no-text")
    return document.with_values(source_url=source_url)


def _split_content_type(content_type: str | None) -> tuple[str | None, str | None]:
    if not content_type:
        return None, None
    media_type = content_type.split(";", 1)[0].strip().lower() or None
    match = _CHARSET_PARAM.search(content_type)
    return media_type, match.group(1).strip() if match else None


def _binary_kind(data: bytes) -> str | None:
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            return what
    return None


def decode(data: bytes, *, declared: str | None = None, label: str = "the file") -> str:
    """Return `data` as text: by its byte order mark, its declared charset, or UTF-8.

    An HTML page may declare its charset in a <meta> tag. A charset Python does not know,
    bytes that are not what was declared, and binary data are refused.
    """
    what = _binary_kind(data)
    if what is not None:
        raise DocumentRefused(f"{label} is {what}, not text: {UPLOAD_HINT}", reason="binary")
    encoding = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            encoding, data = codec, data[len(bom) :]
            break
    if encoding is None and declared is None:
        match = _META_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii") if match else None
    if encoding is None and declared is not None:
        try:
            encoding = codecs.lookup(declared).name
        except LookupError:
            raise DocumentRefused(
                f"{label} says it is written in {declared[:40]!r}, an encoding the desk "
                "does not know: save it as UTF-8",
                reason="encoding",
            ) from None
    if encoding is None and b"\x00" in data[:4096]:
        raise _binary(label)
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        said = (
            f"is not valid {encoding}" if encoding else "is not UTF-8 and does not say its encoding"
        )
        raise DocumentRefused(
            f"{label} {said} (byte {exc.start}): save it as UTF-8", reason="encoding"
        ) from None
    controls = len(_CONTROL.findall(text[:65536]))
    if "\x00" in text or controls > max(8, len(text[:65536]) // 200):
        raise _binary(label)
    return text


def _binary(label: str) -> DocumentRefused:
    return DocumentRefused(f"{label} holds binary data, not text: {UPLOAD_HINT}", reason="binary")


def sniff_kind(text: str) -> Kind:
    """Guess what an unnamed text is: HTML by its tags, Markdown by a heading or front matter."""
    head = text[:2048]
    if _HTML_START.match(head) or len(_HTML_INSIDE.findall(head)) >= 2:
        return Kind.HTML
    if _MARKDOWN_START.match(head):
        return Kind.MARKDOWN
    return Kind.TEXT

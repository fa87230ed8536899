"""HTML: the article's main text and metadata, through trafilatura; never HTML again.

trafilatura finds the main text and leaves out scripts, styles, navigation, sign-up
boxes, footers and comments; it also reads the title, author, date, site name and
canonical address from the page's meta tags and structured data. Its result is an XML
tree of paragraphs, headings, lists, quotes and tables, written here as plain text with
a blank line between paragraphs. The page's language comes from <html lang> or its
Content-Language meta tag.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from ..errors import ValidationError
from ..text.language import parse_language
from ..text.urls import check_url
from .document import Document, Kind
from .plain import one_line, tidy

_SPACES = re.compile(r"[^\S\n]+")
_INLINE_BREAK = {"lb"}
_BLOCKS = {"p", "head", "list", "item", "quote", "table", "row", "cell", "code", "div", "main"}
_SKIPPED = {"graphic", "note", "fw", "comments"}


def _inline_text(element: Any) -> str:
    """Return an element's words, a <lb/> as a line break, spaces evened out."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str) or child.tag in _SKIPPED:
            pass
        elif child.tag in _INLINE_BREAK:
            parts.append("\n")
        else:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _clean(text: str, *, keep_spaces: bool = False) -> str:
    if keep_spaces:
        return text.strip("\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _blocks(element: Any, out: list[str]) -> None:
    """Append the text of each block under `element` to `out`, one string per paragraph."""
    for child in element:
        if not isinstance(child.tag, str) or child.tag in _SKIPPED:
            continue
        tag = child.tag
        if tag == "list":
            ordered = (child.get("rend") or "").lower() == "ol"
            lines = []
            for number, item in enumerate(child.iter("item"), start=1):
                words = _clean(_inline_text(item)).replace("\n", " ")
                if words:
                    lines.append(f"{number}. {words}" if ordered else f"- {words}")
            if lines:
                out.append("\n".join(lines))
        elif tag == "table":
            rows = []
            for row in child.iter("row"):
                cells = [_clean(_inline_text(cell)).replace("\n", " ") for cell in row]
                if any(cells):
                    rows.append(" | ".join(cells))
            if rows:
                out.append("\n".join(rows))
        elif tag == "code":
            code = _clean(_inline_text(child), keep_spaces=True)
            if code.strip():
                out.append(code)
        elif tag in ("quote", "div", "main") and any(
            isinstance(c.tag, str) and c.tag in _BLOCKS for c in child
        ):
            _blocks(child, out)
        else:
            words = _clean(_inline_text(child))
            if words:
                out.append(words)


def _page_language(tree: Any) -> str | None:
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += tree.xpath(
        "//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')"
        "='content-language']/@content"
    )
    candidates += [
        value.replace("_", "-") for value in tree.xpath("//meta[@property='og:locale']/@content")
    ]
    for value in candidates:
        if not value:
            continue
        try:
            return parse_language(value.split(",")[0])
        except ValidationError:
            continue
    return None


def _published(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _address(value: str | None) -> str | None:
    """Return a page's own address when it is a usable http(s) one, else None."""
    try:
        return check_url(value) if value else None
    except ValidationError:
        return None


def _parse(text: str) -> Any | None:
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


_PARSER = lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=True)


def read_html(text: str, *, url: str | None = None) -> Document:
    """Return an HTML page as a draft: its main text as plain paragraphs, and metadata."""
    tree = _parse(text)
    if tree is None:
        return Document(body="", kind=Kind.HTML)
    language = _page_language(tree)  # read first: the extraction prunes the tree
    extracted = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=True,
        deduplicate=False,
    )
    if not isinstance(extracted, trafilatura.settings.Document) or extracted.body is None:
        return Document(body="", kind=Kind.HTML, language=language)
    title = one_line(extracted.title)
    paragraphs: list[str] = []
    _blocks(extracted.body, paragraphs)
    # the headline, when the extraction kept it, is the title, not a line of the text
    if paragraphs and title and one_line(paragraphs[0]) == title:
        paragraphs.pop(0)
    return Document(
        body=tidy("\n\n".join(paragraphs)),
        kind=Kind.HTML,
        title=title,
        author=one_line(extracted.author, 200),
        publisher=one_line(extracted.sitename, 200),
        published=_published(extracted.date),
        language=language,
        canonical_url=_address(extracted.url),
    )

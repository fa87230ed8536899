"""Markdown: the words without the markup, paragraphs apart, list items one to a line.

Parsed with markdown-it-py (CommonMark, tables on), then written back as plain text:
headings and paragraphs as they read, emphasis and links as their words, list items
as "- item" or "1. item", table rows with their cells between " | ". Images, raw HTML
and rules carry no article text and are left out. A YAML front matter block, as static
site generators write one, gives title, author, date, publisher, language and address.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import ValidationError
from ..text.language import parse_language
from .document import Document, Kind
from .plain import one_line, tidy

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")


def _inline(token: Token) -> str:
    """Return an inline token's words: text and code kept, markup and images dropped."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts).strip()


def _blocks(tokens: list[Token]) -> tuple[list[tuple[str, int | None]], str | None]:
    """Return the text blocks (with the list or table each belongs to) and a leading h1."""
    blocks: list[tuple[str, int | None]] = []
    title: str | None = None
    lists: list[list[Any]] = []  # per open list: [ordered?, next number]
    marker: str | None = None
    group = 0  # numbers each outermost list or table, so its lines stay together
    row: list[str] | None = None
    in_heading: str | None = None
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            if not lists:
                group += 1
            start = int(token.attrGet("start") or 1)
            lists.append([kind == "ordered_list_open", start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            marker = f"{'  ' * (len(lists) - 1)}{f'{number}.' if ordered else '-'} "
            lists[-1][1] = number + 1
        elif kind == "heading_open":
            in_heading = token.tag
        elif kind == "table_open":
            group += 1
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            if any(row):
                blocks.append((" | ".join(row), group))
            row = None
        elif kind == "inline":
            words = _inline(token)
            if row is not None:
                row.append(words)
            elif in_heading == "h1" and title is None and not blocks:
                title = words  # the document's own title, not a line of its text
            elif words:
                if marker is not None:
                    words, marker = marker + words, None
                blocks.append((words, group if lists else None))
        elif kind == "heading_close":
            in_heading = None
        elif kind in ("fence", "code_block"):
            code = token.content.rstrip("\n")
            if code.strip():
                blocks.append((code, group if lists else None))
    return blocks, title


def _join(blocks: list[tuple[str, int | None]]) -> str:
    """Join blocks with a blank line, except lines of one list or table (a line break)."""
    out: list[str] = []
    previous: int | None = None
    for text, group in blocks:
        if out:
            out.append("\n" if group is not None and group == previous else "\n\n")
        out.append(text)
        previous = group
    return "".join(out)


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        values = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text  # not front matter after all: leave it to be read as text
    if not isinstance(values, dict):
        return {}, text
    return {str(k).lower(): v for k, v in values.items()}, text[match.end() :]


def _first(values: dict[str, Any], *names: str) -> Any:
    for name in names:
        value = values.get(name)
        if value not in (None, ""):
            return value
    return None


def _text_value(value: Any) -> str | None:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return one_line(str(value)) if value is not None else None


def _date_value(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _language_value(value: Any) -> str | None:
    try:
        return parse_language(str(value)) if value is not None else None
    except ValidationError:
        return None


def read_markdown(text: str) -> Document:
    """Return a Markdown text as a draft: plain words, metadata from its front matter."""
    meta, source = _front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks, heading = _blocks(_PARSER.parse(source))
    return Document(
        body=tidy(_join(blocks)),
        kind=Kind.MARKDOWN,
        title=_text_value(_first(meta, "title")) or one_line(heading),
        author=_text_value(_first(meta, "author", "authors", "byline")),
        publisher=_text_value(_first(meta, "publisher", "site", "source")),
        published=_date_value(_first(meta, "date", "published", "pubdate")),
        language=_language_value(_first(meta, "language", "lang")),
        canonical_url=_text_value(_first(meta, "canonical_url", "canonical", "url")),
    )

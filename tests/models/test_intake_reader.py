"""Reading a file into an article draft: each kind, and each refusal."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest

from models.errors import ValidationError
from models.intake import DocumentRefused, Kind, read_document
from tests.pages import DATA

LIMIT = 1_000_000


def read(data: bytes | str, **kw) -> object:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return read_document(raw, max_bytes=kw.pop("max_bytes", LIMIT), **kw)


def refused(data: bytes | str, **kw) -> DocumentRefused:
    with pytest.raises(DocumentRefused) as caught:
        read(data, **kw)
    assert isinstance(caught.value, ValidationError)
    return caught.value


# --- plain text -------------------------------------------------------------------------


def test_plain_text_keeps_its_words_and_tidies_its_edges() -> None:
    doc = read("\n\nBudget day\r\n\r\nThe minister said  \r\nit twice.\n\n\n\nMore.  \n")
    assert doc.kind is Kind.TEXT
    assert doc.body == "Budget day\n\nThe minister said\nit twice.\n\nMore."
    assert doc.title == "Budget day"  # offered, and kept in the text


def test_a_first_line_that_is_a_sentence_is_no_title() -> None:
    assert read("The minister said it.\n\nMore.").title is None
    assert read("One paragraph only").title is None


def test_stray_control_characters_are_dropped() -> None:
    assert read("Tab\tstays.\x0c\x07Bell goes.").body == "Tab\tstays.\nBell goes."


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_a_byte_order_mark_says_the_encoding(bom: bytes, codec: str) -> None:
    doc = read(bom + "Café prices rose 5%.".encode(codec), filename="a.txt")
    assert doc.body == "Café prices rose 5%."


def test_a_declared_charset_is_honoured() -> None:
    doc = read("Café prices rose.".encode("latin-1"), content_type="text/plain; charset=ISO-8859-1")
    assert doc.body == "Café prices rose."


# --- Markdown ---------------------------------------------------------------------------

MARKDOWN = """---
title: Rates held
author: [Ann Lee, Bo Chen]
date: 2026-11-02
lang: en-gb
url: https://news.example.org/rates
---
# Rates held at 4.5%

The bank **held** rates at *4.5%*, [its governor](https://x.org/g) said.
A second line of the same paragraph.

## What comes next

- Inflation is 3.1%
- Growth is **1.2%**
  1. first quarter
  2. second quarter

> "We will act," she said.

| Year | Rate |
|------|------|
| 2025 | 4.0% |

![A chart](chart.png)

<div class="ad">Subscribe!</div>

```
code stays
```
"""


def test_markdown_becomes_plain_text_with_its_front_matter_as_metadata() -> None:
    doc = read(MARKDOWN, filename="rates.md")
    assert doc.kind is Kind.MARKDOWN
    assert (doc.title, doc.author, doc.published, doc.language) == (
        "Rates held",
        "Ann Lee, Bo Chen",
        dt.date(2026, 11, 2),
        "en-GB",
    )
    assert doc.canonical_url == "https://news.example.org/rates"
    assert doc.body == (
        "The bank held rates at 4.5%, its governor said. A second line of the same paragraph."
        "\n\nWhat comes next"
        "\n\n- Inflation is 3.1%\n- Growth is 1.2%\n  1. first quarter\n  2. second quarter"
        '\n\n"We will act," she said.'
        "\n\nYear | Rate\n2025 | 4.0%"
        "\n\ncode stays"
    )


def test_a_markdown_heading_is_the_title_without_front_matter() -> None:
    doc = read("# Jobs report\n\nUnemployment fell to 4%.", content_type="text/markdown")
    assert (doc.title, doc.body) == ("Jobs report", "Unemployment fell to 4%.")


def test_an_unnamed_file_starting_with_a_heading_is_read_as_markdown() -> None:
    assert read("# Heading\n\n*Words*.").kind is Kind.MARKDOWN


# --- HTML -------------------------------------------------------------------------------


def test_a_saved_page_gives_its_main_text_and_metadata() -> None:
    doc = read((DATA / "bus-lanes.html").read_bytes(), filename="bus-lanes.html")
    assert doc.kind is Kind.HTML
    assert doc.title == "Council spends £2.4m on new bus lanes"
    assert (doc.author, doc.publisher) == ("Priya Natarajan", "The Riverside Gazette")
    assert (doc.published, doc.language) == (dt.date(2026, 11, 20), "en-GB")
    assert doc.canonical_url == "https://gazette.example.org/news/2026/bus-lanes"
    paragraphs = doc.body.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[1].startswith("According to the council's own figures, bus journeys on the")
    assert "Route 7 corridor" in paragraphs[1]  # a link's words stay, its markup goes
    for dropped in ("tracking", "injected", "Sign up", "Subscribe", "First!", "Home", "©"):
        assert dropped not in doc.body


def test_an_unnamed_page_is_recognised_and_its_charset_read() -> None:
    page = (
        '<!DOCTYPE html><html><head><meta charset="windows-1252"><title>Prices</title></head>'
        "<body><article><p>Caf\xe9 prices rose by 12% in 2025, the statistics office said "
        "on Tuesday.</p><p>Tea rose by 3%, its smallest rise since 2019.</p></article>"
        "</body></html>"
    ).encode("cp1252")
    doc = read(page)
    assert doc.kind is Kind.HTML
    assert doc.body.startswith("Café prices rose by 12% in 2025")


def test_lists_and_tables_in_a_page_are_lines() -> None:
    page = (
        "<html><body><article><p>The council listed three projects worth £4m in total "
        "for the coming year, the report said.</p><ol><li>Bus lanes</li><li>Cycle paths</li>"
        "</ol><table><tr><th>Year</th><th>Cost</th></tr><tr><td>2026</td><td>£2.4m</td></tr>"
        "</table></article></body></html>"
    )
    body = read(page, filename="p.html").body
    assert "1. Bus lanes\n2. Cycle paths" in body
    assert "Year | Cost\n2026 | £2.4m" in body


# --- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason", "words"),
    [
        (b"", "empty", "is empty"),
        (b" \n\t\n", "empty", "is empty"),
        (b"%PDF-1.7\n", "binary", "a PDF document"),
        (b"PK\x03\x04rest", "binary", "ZIP archive (a Word .docx"),
        (b"\x89PNG\r\n\x1a\n", "binary", "PNG image"),
        (b"\xff\xd8\xff\xe0", "binary", "JPEG image"),
        (b"abc\x00def" * 10, "binary", "binary data"),
        (bytes(range(1, 32)) * 20, "binary", "binary data"),
        ("Caf\xe9".encode("latin-1"), "encoding", "is not UTF-8 and does not say its encoding"),
        (b'<meta charset="klingon"><p>x</p>', "encoding", "'klingon', an encoding the desk"),
        (b"<html><body><nav>Home</nav><footer>(c)</footer></body></html>", "no-text", "no article"),
    ],
)
def test_what_is_no_article_is_refused(data: bytes, reason: str, words: str) -> None:
    refusal = refused(data, filename="upload.html" if data.startswith(b"<") else "upload.txt")
    assert refusal.reason == reason
    assert words in refusal.message
    assert refusal.message.startswith("upload.") or reason == "no-text"


def test_a_declared_charset_that_does_not_fit_is_refused() -> None:
    refusal = refused(b"\xe9t\xe9 not ascii", content_type="text/plain; charset=us-ascii")
    assert refusal.reason == "encoding" and "is not valid ascii" in refusal.message


def test_too_large_is_refused_before_anything_else() -> None:
    refusal = refused(b"%PDF" + b"x" * 2000, max_bytes=1000, filename="big.pdf")
    assert refusal.reason == "too-large"
    assert refusal.message == "big.pdf is larger than 1 KB, the most the desk reads"

"""The Markdown report's quote line as a CommonMark reader sees it (markdown-it-py)."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from models.reports.markdown import quoted
from models.reports.model import ClaimView
from models.text.anchoring import find_quote


def _view(body: str, quote: str) -> ClaimView:
    anchor = find_quote(body, quote)
    return ClaimView(
        id=1, article_id=1, anchor="claim-1", text=quote, summary=quote, quote=quote,
        quote_prefix=anchor.prefix, quote_suffix=anchor.suffix, quote_start=anchor.start,
        quote_end=anchor.end, speaker=None, speaker_same_as=None, speaker_type="Person",
        status="unreviewed", status_label="Unreviewed", verdict=None, rating_slug=None,
        proposed_by=None, proposed_at=None, approved_by=None, approved_at=None, sources=(),
    )  # fmt: skip


def _rendered(line: str) -> tuple[str, list[str]]:
    """Return the quote line's text as read, and what it shows in bold."""
    html = MarkdownIt("commonmark").render("> " + line)
    bold = re.findall(r"<strong>(.*?)</strong>", html)
    text = re.sub(r"<[^>]+>", "", html).strip()
    return " ".join(text.split()), bold


@pytest.mark.parametrize(
    ("body", "quote"),
    [
        # The issue's case: a space between the context and the quote.
        (
            "The retailer said in a filing that it plans to close forty stores next year. Sure.",
            "it plans to close forty stores next year",
        ),
        # A quote that starts with punctuation right after a letter, and ends with some
        # right before one: "**" would not flank there.
        (
            "He wrote“it plans to close forty stores.”Then he left the building for good.",
            "“it plans to close forty stores.”",
        ),
        (
            "The company (it plans to close stores) said nothing more about the matter then.",
            "(it plans to close stores)",
        ),
        # Markdown's own characters inside and around the quote stay text.
        (
            "A *starred* line said that **it plans** to close [forty] stores, nothing more.",
            "**it plans** to close [forty]",
        ),
        (
            "The whole article starts with the quote itself, then goes on for a while longer.",
            "The whole article starts",
        ),
    ],
)
def test_the_quote_reads_as_in_the_article_with_the_quote_in_bold(body, quote) -> None:
    view = _view(body, quote)
    text, bold = _rendered(quoted(view))
    start = body.find(quote)
    around = " ".join(text.strip("…").split())
    assert " ".join(quote.split()) in around
    # The words around the quote keep the article's spacing: nothing glued, nothing added.
    assert around in " ".join(body.split())
    # All the quote's words are bold (edge punctuation may stand just outside).
    assert len(bold) == 1 and bold[0] in quote
    assert re.findall(r"\w+", bold[0]) == re.findall(r"\w+", quote)
    if start + len(quote) == len(body):
        assert not text.endswith("…")
    if start == 0:
        assert not text.startswith("…")


def test_issue_example_is_not_glued() -> None:
    body = "Whole Foods parent Amazon said in a filing that it plans to open new stores soon."
    text, bold = _rendered(quoted(_view(body, "it plans to open new stores")))
    assert "that it plans" in text and bold == ["it plans to open new stores"]

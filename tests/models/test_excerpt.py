"""The quote in its context, cut at whole words (models.text.excerpt)."""

from __future__ import annotations

import re

from models.tables.claim import CONTEXT_CHARS
from models.text.anchoring import find_quote
from models.text.excerpt import quote_context

BODY = (
    "Shoppers were told in a filing that the company now owns all of Whole Foods said the "
    "spokesperson, and that it plans to open forty new stores before the end of next year."
)


def _context(quote: str):
    anchor = find_quote(BODY, quote)
    return quote_context(anchor.prefix, quote, anchor.suffix, anchor.start)


def test_cut_ends_lose_their_half_words() -> None:
    context = _context("the spokesperson")
    assert context.more_before and context.more_after
    words = set(re.findall(r"\w+", BODY))
    # Every word shown is a whole word of the article: none starts or ends mid-word.
    assert set(re.findall(r"\w+", context.before + context.after)) <= words
    assert context.before.endswith("Foods said ")
    assert BODY.find(context.before + "the spokesperson" + context.after) > 0


def test_the_articles_own_ends_stay_whole() -> None:
    start = _context("Shoppers were told")
    assert not start.more_before and start.before == ""
    end = _context("end of next year")
    assert not end.more_after and end.after == "."


def test_a_context_of_one_cut_word_shows_nothing() -> None:
    context = quote_context("x" * CONTEXT_CHARS, "quoted", "y" * CONTEXT_CHARS, 100)
    assert (context.before, context.after) == ("", "")
    assert context.more_before and context.more_after

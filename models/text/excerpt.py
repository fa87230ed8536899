"""A quote in its context, cut at whole words: the claim page and the reports share it.

A claim keeps up to CONTEXT_CHARS characters of the article on each side of its quote
(models.text.anchoring); cut at a fixed width, those usually begin and end inside a word
("ole Foods said"). Shown to a reader, the half word at a cut end is dropped and the cut
is marked with an ellipsis; an end that is the article's own start or end stays whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..tables.claim import CONTEXT_CHARS


@dataclass(frozen=True, slots=True)
class QuoteContext:
    """The quote with the words around it, cut at word boundaries."""

    before: str
    exact: str
    after: str
    more_before: bool  # the article goes on before the context shown
    more_after: bool  # ... and after it


def quote_context(
    prefix: str, exact: str, suffix: str, quote_start: int, width: int = CONTEXT_CHARS
) -> QuoteContext:
    """Return the quote between its context, without half words at either cut end.

    `prefix` and `suffix` are the stored context (at most `width` characters each) and
    `quote_start` the quote's offset in the article, which tells whether the prefix
    reaches the article's start. A suffix shorter than `width` reaches the article's end.
    """
    before, after = prefix, suffix
    more_before = quote_start > len(prefix)
    more_after = len(suffix) >= width
    if more_before:
        before = _drop_first_word(before)
    if more_after:
        after = _drop_last_word(after)
    return QuoteContext(before, exact, after, more_before, more_after)


def _drop_first_word(text: str) -> str:
    """Drop the (possibly cut) word the text starts with, up to the next whitespace."""
    for index, char in enumerate(text):
        if char.isspace():
            return text[index:].lstrip()
    return ""


def _drop_last_word(text: str) -> str:
    """Drop the (possibly cut) word the text ends with, back to the last whitespace."""
    for index in range(len(text) - 1, -1, -1):
        if text[index].isspace():
            return text[:index].rstrip()
    return ""

"""Counted nouns for messages and command output: "1 article", "2 articles"."""

from __future__ import annotations

# Plurals that are not the noun with an "s" (and nouns that do not change: "staff").
_IRREGULAR = {"staff": "staff", "entry": "entries", "reply": "replies", "story": "stories"}
# The nouns whose plural an "s" does not make, indexed by that plural, to count tables.
_SINGULAR = {plural: singular for singular, plural in _IRREGULAR.items()}


def plural(noun: str) -> str:
    """Return the plural of a singular noun ("article" -> "articles")."""
    return _IRREGULAR.get(noun, noun + "s")


def singular(noun: str) -> str:
    """Return the singular of a plural noun or table name ("articles" -> "article")."""
    if noun in _SINGULAR:
        return _SINGULAR[noun]
    return noun[:-1] if noun.endswith("s") else noun


def count(n: int, noun: str, *, thousands: bool = False) -> str:
    """Return `n` with `noun` agreeing with it; `noun` may be singular or plural.

    `thousands` groups the digits ("1,000 claims").
    """
    one = singular(noun)
    number = f"{n:,}" if thousands else str(n)
    return f"{number} {one if n == 1 else plural(one)}"

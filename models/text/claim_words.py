"""A claim's words as matching reads them: one spelling per name, number and direction.

Two claims say the same thing in different words more often than not: "80 per cent"
and "80%", "the US" and "the United States", "fell" and "dropped", "$2.5bn" and
"2.5 billion dollars". `read_claim` turns a claim's text into a `ClaimWords`: its
content words with those variants made one, the numbers it states (as values), whether
it is negated, which way it says something moved, and the names it mentions. The tables it
uses are in `claim_vocabulary`. `claim_similarity` compares two of them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Written forms of one name, matched as whole words; the key is how matching spells it.
# Upper-case short forms are matched as written only ("US", "WHO"), so "us" and "who"
# stay pronouns.
from .claim_vocabulary import (
    CASED_ALIASES,
    DIRECTIONS,
    FRACTIONS,
    MONTHS,
    MULTIPLES,
    NAME_ALIASES,
    NEGATIONS,
    ORDINALS,
    SCALES,
    STOPWORDS,
    SYNONYMS,
    UNITS,
)

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'"})
_TOKEN = re.compile(r"[$€£]?\d[\d,]*(?:\.\d+)?(?:bn|mn|tn|k|m|b)?%?|[^\W\d_]+(?:'[^\W\d_]+)?|%")
_NUMBER = re.compile(r"([$€£]?)(\d[\d,]*(?:\.\d+)?)(bn|mn|tn|k|m|b)?(%?)")
_QUARTERS = {"1": "first", "2": "second", "3": "third", "4": "fourth"}
_CURRENCY = {"$": "dollar", "€": "euro", "£": "pound"}
_WORD = re.compile(r"[^\W\d_]+")
_OPENERS = set(".!?:;\"'")  # after these (and spaces) a capital starts a sentence


@dataclass(frozen=True)
class ClaimWords:
    """A claim's text as matching reads it."""

    words: tuple[str, ...]  # content words, one spelling each, in order
    numbers: frozenset[str]  # values stated, as plain decimals ("745000", "2.5e9" -> "2500000000")
    negated: bool
    directions: frozenset[str]  # words that say which way something went
    names: frozenset[str]  # names mentioned (capitalised words and known aliases)


def _alias_table() -> dict[str, str]:
    table = {}
    for key, forms in NAME_ALIASES.items():
        for form in forms:
            table[form] = key
    return table


_ALIASES = _alias_table()
_ALIAS_PHRASE = re.compile(
    r"\b(" + "|".join(re.escape(f) for f in sorted(_ALIASES, key=len, reverse=True)) + r")(?:'s)?\b"
    r"|(?<=\s)(u\.s\.a\.|u\.s\.|u\.k\.)",
    re.IGNORECASE,
)
_CASED = re.compile(r"\b(" + "|".join(CASED_ALIASES) + r")(?:'s)?\b")
_ALIAS_KEY = re.compile(
    r"\b("
    + "|".join(sorted({*NAME_ALIASES, *CASED_ALIASES.values()}, key=len, reverse=True))
    + r")\b"
)
_SYNONYM = {form: key for key, forms in SYNONYMS.items() for form in forms}


def _value(digits: str, scale: int = 1) -> str:
    try:
        value = Decimal(digits.replace(",", "")) * scale
    except InvalidOperation:
        return digits
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = re.sub(r"\bper\s*cent\b|\bpercent\b|\bpc\b", "%", text, flags=re.IGNORECASE)
    text = re.sub(r"(\d)\s+%", r"\1%", text)
    text = re.sub(r"\bQ([1-4])\b", lambda m: _QUARTERS[m.group(1)] + " quarter", text)
    text = re.sub(r"\bno one\b|\bno-one\b", "noone", text, flags=re.IGNORECASE)
    text = re.sub(r"\bno longer\b", "not", text, flags=re.IGNORECASE)
    text = re.sub(r"n't\b", " not", text)
    text = re.sub(r"\bcan not\b|\bcannot\b|\bca not\b", "can not", text, flags=re.IGNORECASE)
    text = re.sub(r"\bwo not\b", "will not", text)
    text = without_attribution(text)
    text = re.sub(r"\b(?:went|gone|go|goes|going) up\b", "grew", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:went|gone|go|goes|going) down\b", "fell", text, flags=re.IGNORECASE)
    text = re.sub(r"\bmore than\b", "over", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:less|fewer) than\b", "under", text, flags=re.IGNORECASE)
    text = _CASED.sub(lambda m: " " + CASED_ALIASES[m.group(1)] + " ", text)
    return _ALIAS_PHRASE.sub(
        lambda m: " " + _ALIASES[(m.group(1) or m.group(2)).lower()] + " ", text
    )


# Who said it is not what was said: the same claim is often repeated by someone else.
_SAYING = r"(?:said|says|say|claimed|claims|claim|argued|argues|added|stated|states|told \w+)"
_ATTRIBUTIONS = [
    re.compile(r",?\s*according to [^,.;:]{1,80}(?=[,.;:]|$)", re.IGNORECASE),
    re.compile(rf",\s*[^,.;:]{{1,60}}?\s+{_SAYING}\s*(?=[.!?]?\s*$)", re.IGNORECASE),
    re.compile(rf",\s*{_SAYING}\s+[^,.;:]{{1,60}}?(?=[.!?]?\s*$)", re.IGNORECASE),
    re.compile(rf"^\s*[^,.;:]{{1,60}}?\s+{_SAYING}(?:\s+that)?\s+(?=\S)", re.IGNORECASE),
]


def without_attribution(text: str) -> str:
    """Return `text` without who said it ("according to X", "X said", "said X")."""
    for pattern in _ATTRIBUTIONS:
        shorter = pattern.sub(" ", text).strip(" ,")
        if len(shorter.split()) >= 3:  # something is left to compare
            text = shorter
    return text


def _names(text: str) -> set[str]:
    """Return capitalised words that are not the first of a sentence: names, mostly."""
    names = set()
    for match in _WORD.finditer(text):
        word = match.group(0)
        if not word[0].isupper():
            continue
        before = text[: match.start()].rstrip()
        if not before or before[-1] in _OPENERS:
            continue
        key = word.lower()
        if key in STOPWORDS or key in MONTHS.values() or key in MONTHS:
            continue
        names.add(key)
    return names


def read_claim(text: str) -> ClaimWords:
    """Return the content words, numbers, negation, directions and names of a claim."""
    clean = _clean(text)
    names = {_SYNONYM.get(n, n) for n in _names(clean)}
    names |= set(_ALIAS_KEY.findall(clean))
    tokens = [t.lower() for t in _TOKEN.findall(clean)]
    words: list[str] = []
    numbers: set[str] = set()
    negated = False
    directions: set[str] = set()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token in NEGATIONS:
            negated = True
            i += 1
            continue
        number = _NUMBER.fullmatch(token)
        if number or token in UNITS:
            if number:
                currency, digits, suffix, _ = number.groups()
                value = _value(digits, SCALES.get(suffix or "", 1))
                if currency:
                    words.append(_CURRENCY[currency])
            else:
                value = str(UNITS[token])
                # "one in five", "nine out of ten": a share, as a percentage
            after = tokens[i + 1 : i + 4]
            share = "%" not in token and not (number and number.group(1))
            if share and (after[:1] == ["in"] or after[:2] == ["out", "of"]):
                denominator = after[1] if after[:1] == ["in"] else after[2]
                total = UNITS.get(denominator) or (int(denominator) if denominator.isdigit() else 0)
                if 0 < Decimal(value) < total <= 100:
                    numbers.add(_value(str(Decimal(value) * 100 / total), 1).split(".")[0])
                    i += 2 if after[:1] == ["in"] else 3
                    i += 1
                    continue
            if nxt in SCALES and nxt not in ("m", "b", "k"):
                value = _value(value, SCALES[nxt])
                i += 1
            numbers.add(value)
            i += 1
            continue
        if token in FRACTIONS and (
            i == 0 or tokens[i - 1] in ("a", "one", "of", "over", "under", "by")
        ):
            numbers.add(FRACTIONS[token])
            i += 1
            continue
        if token in ORDINALS:
            numbers.add(ORDINALS[token])
            i += 1
            continue
        if token in MULTIPLES:
            numbers.add(MULTIPLES[token])
        if token in MONTHS:
            token = MONTHS[token]
        if token.endswith("'s"):
            token = token[:-2]
        token = _SYNONYM.get(token, token)
        if any(token in members for members in DIRECTIONS.values()):
            directions.add(token)
        if token in STOPWORDS or token == "%":
            i += 1
            continue
        words.append(_stem(token))
        i += 1
    return ClaimWords(
        words=tuple(words),
        numbers=frozenset(numbers),
        negated=negated,
        directions=frozenset(directions),
        names=frozenset(_stem(n) for n in names),
    )


def _stem(word: str) -> str:
    """Return `word` without a plural ending, so "prices" and "price" are one word."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word

"""Full-text matching: the one place that knows how each database finds words.

Migration 0005 keeps a search index per kind (claims, articles, sources, speakers,
comments), written by triggers: on SQLite an FTS5 table `<kind>_fts` whose rowid is the
row's id, on PostgreSQL a table `<kind>_fts` (id, document) with a GIN index over a
`simple` (language-agnostic) tsvector. Everything that searches goes through here.

A search is up to WORDS_MAX words; every word must be found (case-insensitively). A
word is matched whole, or as a prefix when typed with a trailing `*`; a word of several
parts ("e-commerce", "3.5") matches those parts in a row. Nothing a person types is
query syntax: quotes, `AND`, `NEAR(`, `-` are words or punctuation, and a word with no
letter or digit is left out. SQLite also ignores accents ("Zurich" finds "Zürich");
PostgreSQL's `simple` configuration does not.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import visitors

KINDS = ("claims", "articles", "sources", "speakers", "comments")
WORDS_MAX = 8  # words of a search that are used; the rest are ignored

_PART = re.compile(r"[^\W_]+")  # a run of letters and digits: what both indexes store
# As migration 0005 does to the indexed text on PostgreSQL (see there why).
_PUNCTUATION = str.maketrans(string.punctuation, " " * len(string.punctuation))


@dataclass(frozen=True)
class Word:
    """One searched word: as typed (without a trailing `*`), and whether it is a prefix."""

    text: str
    prefix: bool = False

    @property
    def parts(self) -> list[str]:
        """Return the word's runs of letters and digits."""
        return _PART.findall(self.text)


def search_words(text: str | None) -> list[Word]:
    """Return the words of a search that can be matched, at most WORDS_MAX of them."""
    words = []
    for typed in (text or "").split()[:WORDS_MAX]:
        word = Word(typed.rstrip("*"), prefix=typed.endswith("*"))
        if word.parts:
            words.append(word)
    return words


def fts5_query(words: list[Word]) -> str:
    """Return an FTS5 query for `words`: each one a quoted phrase, so never syntax."""
    phrases = []
    for word in words:
        phrase = '"' + word.text.replace('"', '""') + '"'
        phrases.append(phrase + " *" if word.prefix else phrase)
    return " ".join(phrases)


def tsquery(words: list[Word]) -> str:
    """Return a PostgreSQL tsquery for `words` (their parts only, so never syntax)."""
    terms = []
    for word in words:
        parts = _PART.findall(word.text.translate(_PUNCTUATION))
        term = " <-> ".join(f"'{part}'" for part in parts)
        terms.append(f"({term}:*)" if word.prefix else f"({term})")
    return " & ".join(terms)


# One table per kind for both databases: its columns are named as each one has them
# (FTS5: rowid and a column named like the table; PostgreSQL: id and document), and the
# constructs below pick theirs when a statement is compiled.
_TABLES = {
    kind: sa.table(
        f"{kind}_fts",
        sa.column("rowid", sa.Integer),
        sa.column("id", sa.Integer),
        sa.column("document"),
        sa.column(f"{kind}_fts"),
    )
    for kind in KINDS
}


def _table(kind: str) -> sa.TableClause:
    if kind not in KINDS:
        raise ValueError(f"no search index for {kind!r}")
    return _TABLES[kind]


class _IndexId(sa.ColumnElement[int]):
    """The id of a row of `kind`'s search index: FTS5's rowid, or PostgreSQL's id."""

    inherit_cache = True
    type = sa.Integer()
    key = "id"  # a claim's id, when a list's order is read back from a loaded claim
    _traverse_internals = [("kind", visitors.InternalTraversal.dp_string)]

    def __init__(self, kind: str) -> None:
        self.kind = kind
        _table(kind)

    @property
    def _from_objects(self) -> list[sa.FromClause]:  # type: ignore[override]
        return [_TABLES[self.kind]]


@compiles(_IndexId)
def _compile_index_id(element: _IndexId, compiler: Any, **kw: Any) -> str:
    name = "id" if compiler.dialect.name == "postgresql" else "rowid"
    return compiler.process(_TABLES[element.kind].c[name], **kw)


class _WordMatch(sa.ColumnElement[bool]):
    """The condition that a row of `kind`'s search index holds the words.

    The words travel as two bound values, one per database's query language, so a
    statement holding this is compiled and cached once, whatever is searched.
    """

    inherit_cache = True
    type = sa.Boolean()
    _is_implicitly_boolean = True  # a condition already: no "= 1" where booleans are ints
    _traverse_internals = [
        ("kind", visitors.InternalTraversal.dp_string),
        ("fts5_value", visitors.InternalTraversal.dp_clauseelement),
        ("tsquery_value", visitors.InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, kind: str, words: list[Word]) -> None:
        self.kind = kind
        _table(kind)
        self.fts5_value = sa.bindparam(None, fts5_query(words), type_=sa.String)
        self.tsquery_value = sa.bindparam(None, tsquery(words), type_=sa.String)

    @property
    def _from_objects(self) -> list[sa.FromClause]:  # type: ignore[override]
        return [_TABLES[self.kind]]


@compiles(_WordMatch)
def _compile_word_match(element: _WordMatch, compiler: Any, **kw: Any) -> str:
    table = _TABLES[element.kind]
    if compiler.dialect.name == "postgresql":
        query = sa.func.to_tsquery(sa.literal_column("'simple'"), element.tsquery_value)
        condition = table.c.document.op("@@")(query)
    else:
        condition = table.c[f"{element.kind}_fts"].op("MATCH")(element.fts5_value)
    return compiler.process(condition, **kw)


def index_id(kind: str) -> sa.ColumnElement[int]:
    """Return the id column of `kind`'s search index, to order matches newest first.

    FTS5 reads its matches in rowid order either way, so ordering by this column (not
    by the row's own id, which SQLite cannot tell is the same) lets a LIMIT stop it.
    """
    return _IndexId(kind)


def word_match(kind: str, text: str | None) -> sa.ColumnElement[bool]:
    """Return the condition on `kind`'s search index that it holds the words of `text`.

    Blank text is no condition (true); text without a word to match matches nothing.
    """
    if not (text or "").strip():
        return sa.true()
    words = search_words(text)
    return _WordMatch(kind, words) if words else sa.false()


def matching_ids(
    kind: str, text: str | None, *, limit: int | None = None, before: int | None = None
) -> sa.Select:
    """Return the SELECT of ids of `kind` matching `text`, newest (highest id) first.

    `before` keeps only ids below it (the next page of a list by id). FTS5 reads its
    matches in rowid order, so a LIMIT stops it after that many however common the
    words; PostgreSQL chooses between the GIN index and walking the primary key.
    """
    ids = index_id(kind)
    condition = word_match(kind, text) if search_words(text) else sa.false()
    stmt = sa.select(ids.label("id")).select_from(_table(kind)).where(condition)
    if before is not None:
        stmt = stmt.where(ids < before)
    return stmt.order_by(ids.desc()).limit(limit)


def count_matching(kind: str, text: str | None, cap: int) -> sa.ScalarSelect[int]:
    """Return a scalar subquery counting the matches of `kind`, up to cap + 1.

    Read from the search index alone, so it costs at most cap + 1 index entries.
    """
    capped = matching_ids(kind, text, limit=cap + 1).subquery()
    return sa.select(sa.func.count()).select_from(capped).scalar_subquery()


def joined_matches(column: Any, kind: str, text: str | None) -> sa.ColumnElement[bool]:
    """Return a condition that joins `kind`'s search index to `column` (the row's id)
    and keeps the rows holding the words of `text`; pair it with ordering by `index_id`.

    For a list newest first: the index is read in its own order and stops at the page's
    end. `+ 0` keeps SQLite from reading it the other way round (each row's id looked up
    in FTS5, a fresh full-text query per row).
    """
    condition = word_match(kind, text)
    if isinstance(condition, _WordMatch):
        return sa.and_(index_id(kind) + sa.literal_column("0") == column, condition)
    return condition


def matches(column: Any, kind: str, text: str | None) -> sa.ColumnElement[bool]:
    """Return a WHERE condition: `column` (the id of a `kind` row) matches `text`.

    The matching ids are read whole, then joined: any list order, any other filter, at
    a cost that grows with the number of matches. Blank text is no condition (true);
    text without a word to match matches nothing.
    """
    condition = word_match(kind, text)
    if isinstance(condition, _WordMatch):
        return column.in_(sa.select(index_id(kind)).where(condition))
    return condition

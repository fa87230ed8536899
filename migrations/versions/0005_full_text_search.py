"""Search across the desk: a full-text index per kind, kept in sync by the database.

SQLite: an FTS5 table `<table>_fts` per kind whose rowid is the row's id. PostgreSQL: a
table `<table>_fts` (id, document tsvector) with a GIN index, its rows removed with their
row by a cascading foreign key. On both, triggers rewrite a row's document whenever text
it holds changes, including a speaker's or an article's text copied into their claims'
documents (a rename), and this migration fills the index from the rows already there.
`models/read/fulltext.py` asks these tables; the models' metadata does not know them
(env.py leaves them out of autogenerate).

A later SQLite batch migration that copies one of the watched tables (claims, articles,
speakers, speaker_aliases, sources, claim_sources, comments) to a new table drops its
triggers with the old table: it must create them again (`SYNC` below says which).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 00:10:00
"""

from __future__ import annotations

import string

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The words each kind is found by: SQL over the kind's table (aliased as its first letter
# after the kind), one expression per indexed column.
DOCUMENTS: dict[str, tuple[str, dict[str, str]]] = {
    "claims": (
        "claims c JOIN articles a ON a.id = c.article_id "
        "LEFT JOIN speakers s ON s.id = c.speaker_id",
        {
            "text": "c.text",
            # A quote usually repeats the text; its words count once.
            "quote": "CASE WHEN c.quote_exact = c.text THEN '' ELSE c.quote_exact END",
            "summary": "c.summary",
            "speaker": "coalesce(s.name, '') || ' ' || coalesce((SELECT {agg} "
            "FROM speaker_aliases x WHERE x.speaker_id = c.speaker_id), '')",
            "article": "a.title",
        },
    ),
    "articles": (
        "articles a",
        {
            "title": "a.title",
            "author": "coalesce(a.author, '')",
            "publisher": "coalesce(a.publisher, '')",
        },
    ),
    "sources": (
        "sources s",
        {
            "title": "s.title",
            "publisher": "coalesce(s.publisher, '')",
            "url": "s.url",
            "excerpts": "coalesce((SELECT {agg} FROM claim_sources x "
            "WHERE x.source_id = s.id AND x.excerpt IS NOT NULL), '')",
        },
    ),
    "speakers": (
        "speakers s",
        {
            "name": "s.name",
            "aliases": "coalesce((SELECT {agg} FROM speaker_aliases x "
            "WHERE x.speaker_id = s.id), '')",
            "description": "coalesce(s.description, '')",
        },
    ),
    "comments": ("comments m", {"body": "m.body"}),
}
AGGREGATE = {  # the text of several rows joined by spaces; the column differs per use
    "sqlite": "group_concat({column}, ' ')",
    "postgresql": "string_agg({column}, ' ')",
}
AGGREGATED = {"claims": "x.alias", "sources": "x.excerpt", "speakers": "x.alias"}
ALIAS = {"claims": "c", "articles": "a", "sources": "s", "speakers": "s", "comments": "m"}

# What each trigger watches: (table, event, columns of an UPDATE, WHEN, [(kind, key)]):
# after the event, the documents of `kind` whose rows `key` selects are written again.
# `key` is a SQL condition on the kind's alias, with NEW/OLD of the watched row.
SYNC: list[tuple[str, str, str, str, list[tuple[str, str]]]] = [
    ("claims", "INSERT", "", "", [("claims", "c.id = NEW.id")]),
    (
        "claims",
        "UPDATE",
        "text, quote_exact, summary, speaker_id, article_id",
        "",
        [("claims", "c.id = NEW.id")],
    ),
    ("articles", "INSERT", "", "", [("articles", "a.id = NEW.id")]),
    ("articles", "UPDATE", "title, author, publisher", "", [("articles", "a.id = NEW.id")]),
    (
        "articles",
        "UPDATE",
        "title",
        "OLD.title IS DISTINCT FROM NEW.title",
        [("claims", "c.article_id = NEW.id")],
    ),
    ("speakers", "INSERT", "", "", [("speakers", "s.id = NEW.id")]),
    ("speakers", "UPDATE", "name, description", "", [("speakers", "s.id = NEW.id")]),
    (
        "speakers",
        "UPDATE",
        "name",
        "OLD.name IS DISTINCT FROM NEW.name",
        [("claims", "c.speaker_id = NEW.id")],
    ),
    (
        "speaker_aliases",
        "INSERT",
        "",
        "",
        [("speakers", "s.id = NEW.speaker_id"), ("claims", "c.speaker_id = NEW.speaker_id")],
    ),
    (
        "speaker_aliases",
        "UPDATE",
        "alias, speaker_id",
        "",
        [
            ("speakers", "s.id IN (OLD.speaker_id, NEW.speaker_id)"),
            ("claims", "c.speaker_id IN (OLD.speaker_id, NEW.speaker_id)"),
        ],
    ),
    (
        "speaker_aliases",
        "DELETE",
        "",
        "",
        [("speakers", "s.id = OLD.speaker_id"), ("claims", "c.speaker_id = OLD.speaker_id")],
    ),
    ("sources", "INSERT", "", "", [("sources", "s.id = NEW.id")]),
    ("sources", "UPDATE", "title, publisher, url", "", [("sources", "s.id = NEW.id")]),
    (
        "claim_sources",
        "INSERT",
        "",
        "NEW.excerpt IS NOT NULL",
        [("sources", "s.id = NEW.source_id")],
    ),
    (
        "claim_sources",
        "UPDATE",
        "excerpt, source_id",
        "",
        [("sources", "s.id IN (OLD.source_id, NEW.source_id)")],
    ),
    (
        "claim_sources",
        "DELETE",
        "",
        "OLD.excerpt IS NOT NULL",
        [("sources", "s.id = OLD.source_id")],
    ),
    ("comments", "INSERT", "", "", [("comments", "m.id = NEW.id")]),
    ("comments", "UPDATE", "body", "", [("comments", "m.id = NEW.id")]),
]
# SQLite's FTS5 tables have no foreign key: a deleted row's document goes by trigger.
SQLITE_DELETES = ["claims", "articles", "speakers", "sources", "comments"]

# PostgreSQL's parser keeps "3.5", "e-mail" or an address as one word where SQLite's
# tokenizer sees several; ASCII punctuation becomes a space before either reads the text,
# so a word means the same on both (models/read/fulltext.py does the same to a search).
PUNCTUATION = string.punctuation


def _aggregate(dialect: str, kind: str) -> str:
    return AGGREGATE[dialect].format(column=AGGREGATED.get(kind, ""))


def _select(dialect: str, kind: str, key: str) -> tuple[list[str], str]:
    """Return the document's column names and the SELECT of (id, columns...) for `key`."""
    source, columns = DOCUMENTS[kind]
    agg = _aggregate(dialect, kind)
    values = [expression.format(agg=agg) for expression in columns.values()]
    select = f"SELECT {ALIAS[kind]}.id, {', '.join(values)} FROM {source} WHERE {key}"
    return list(columns), select


def _trigger_name(table: str, event: str, n: int) -> str:
    return f"search_sync_{table}_{event.lower()}_{n}"


def _triggers() -> list[tuple[str, tuple[str, str, str, str, list[tuple[str, str]]]]]:
    named = []
    for n, spec in enumerate(SYNC, start=1):
        table, event = spec[0], spec[1]
        named.append((_trigger_name(table, event, n), spec))
    return named


# --- SQLite ---------------------------------------------------------------------------


def _sqlite_refresh(kind: str, key: str) -> str:
    columns, select = _select("sqlite", kind, key)
    ids = f"SELECT {ALIAS[kind]}.id FROM {DOCUMENTS[kind][0]} WHERE {key}"
    return (
        f"DELETE FROM {kind}_fts WHERE rowid IN ({ids}); "
        f"INSERT INTO {kind}_fts (rowid, {', '.join(columns)}) {select};"
    )


def _sqlite_upgrade() -> None:
    for kind, (_, columns) in DOCUMENTS.items():
        op.execute(
            f"CREATE VIRTUAL TABLE {kind}_fts USING fts5({', '.join(columns)}, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        names, select = _select("sqlite", kind, "1 = 1")
        op.execute(f"INSERT INTO {kind}_fts (rowid, {', '.join(names)}) {select}")
    for name, (table, event, watched, when, refreshes) in _triggers():
        of = f" OF {watched}" if watched else ""
        # SQLite has no IS DISTINCT FROM; its IS NOT means the same.
        condition = f" WHEN {when.replace('IS DISTINCT FROM', 'IS NOT')}" if when else ""
        body = " ".join(_sqlite_refresh(kind, key) for kind, key in refreshes)
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event}{of} ON {table} FOR EACH ROW{condition} "
            f"BEGIN {body} END"
        )
    for kind in SQLITE_DELETES:
        op.execute(
            f"CREATE TRIGGER search_sync_{kind}_delete AFTER DELETE ON {kind} FOR EACH ROW "
            f"BEGIN DELETE FROM {kind}_fts WHERE rowid = OLD.id; END"
        )


def _sqlite_downgrade() -> None:
    for kind in SQLITE_DELETES:
        op.execute(f"DROP TRIGGER search_sync_{kind}_delete")
    for name, _ in _triggers():
        op.execute(f"DROP TRIGGER {name}")
    for kind in DOCUMENTS:
        op.execute(f"DROP TABLE {kind}_fts")


# --- PostgreSQL -----------------------------------------------------------------------


def _postgres_document(kind: str) -> str:
    """Return the SELECT of (id, document) for the rows of `kind` whose id is in `ids`."""
    source, columns = DOCUMENTS[kind]
    agg = _aggregate("postgresql", kind)
    words = ", ".join(expression.format(agg=agg) for expression in columns.values())
    punctuation = PUNCTUATION.replace("'", "''")
    return (
        f"SELECT {ALIAS[kind]}.id, to_tsvector('simple', translate(concat_ws(' ', {words}), "
        f"'{punctuation}', '{' ' * len(PUNCTUATION)}')) FROM {source} "
        f"WHERE {ALIAS[kind]}.id = ANY(ids)"
    )


def _postgres_upgrade() -> None:
    for kind in DOCUMENTS:
        op.execute(
            f"CREATE TABLE {kind}_fts (id integer PRIMARY KEY "
            f"REFERENCES {kind} (id) ON DELETE CASCADE, document tsvector NOT NULL)"
        )
        op.execute(f"CREATE INDEX {kind}_fts_document ON {kind}_fts USING gin (document)")
        # search_refresh_<kind>(ids): write the documents of those rows again
        op.execute(
            f"CREATE FUNCTION search_refresh_{kind}(ids integer[]) RETURNS void AS $$ "
            f"INSERT INTO {kind}_fts (id, document) {_postgres_document(kind)} "
            "ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document $$ LANGUAGE sql"
        )
        op.execute(f"SELECT search_refresh_{kind}(ARRAY(SELECT id FROM {kind}))")
    for name, (table, event, watched, when, refreshes) in _triggers():
        calls = " ".join(
            f"PERFORM search_refresh_{kind}(ARRAY(SELECT {ALIAS[kind]}.id "
            f"FROM {DOCUMENTS[kind][0]} WHERE {key}));"
            for kind, key in refreshes
        )
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN {calls} RETURN NULL; END "
            "$$ LANGUAGE plpgsql"
        )
        of = f" OF {watched}" if watched else ""
        condition = f" WHEN ({when})" if when else ""
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event}{of} ON {table} FOR EACH ROW{condition} "
            f"EXECUTE FUNCTION {name}()"
        )


def _postgres_downgrade() -> None:
    for name, (table, *_) in _triggers():
        op.execute(f"DROP TRIGGER {name} ON {table}")
        op.execute(f"DROP FUNCTION {name}()")
    for kind in DOCUMENTS:
        op.execute(f"DROP FUNCTION search_refresh_{kind}(integer[])")
        op.execute(f"DROP TABLE {kind}_fts")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgres_upgrade()
    else:
        _sqlite_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgres_downgrade()
    else:
        _sqlite_downgrade()

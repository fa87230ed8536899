"""Alembic environment: the models' metadata, SQLite-safe batch mode, type comparison.

The database is, in order: a connection handed over in `config.attributes` (the
`claimdesk init` command and the tests), CLAIMDESK_DATABASE_URL, or the app's default
SQLite file in the instance folder.
"""

from __future__ import annotations

import re

from alembic import context

from models import Base
from models.db import make_engine
from models.tables.base import UTCDateTime

config = context.config
target_metadata = Base.metadata


def _render_item(type_: str, obj, autogen_context):
    """Write UTCDateTime as the plain DateTime it stores, so revisions never import models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


# The search index (migration 0005): FTS5 tables and their shadow tables on SQLite,
# tsvector tables on PostgreSQL. Written by triggers, never by the models.
_SEARCH_TABLE = re.compile(r"(claims|articles|sources|speakers|comments)_fts(_[a-z]+)?")


def _include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave the search index out of autogenerate: the models do not describe it."""
    return not (type_ == "table" and reflected and _SEARCH_TABLE.fullmatch(name or ""))


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_item=_render_item,
        include_object=_include_object,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move instead
        compare_type=True,
        compare_server_default=False,
    )


def _default_url() -> str:
    from webapp.config import database_url_for_instance

    return database_url_for_instance()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or _default_url(),
        target_metadata=target_metadata,
        render_as_batch=True,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or _default_url())
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

"""One article, one record: a fingerprint of each article's text and the key of its address.

`articles.body_fingerprint` is the sha256 of the text with whitespace runs collapsed,
curly quotes straight, dashes as hyphens and the ends trimmed; `articles.url_key` the
sha256 of the address's source identity (models.text.urls.source_key: scheme, "www.",
trailing slash and tracking parameters do not count), NULL without an address. Both are
indexed and neither is unique: a desk from before may already hold near-copies, and
they stay. The import services refuse a new one (models.services.intake).

Both are filled here for the articles already there, with the functions the desk uses
(models.text.fingerprint); changing those functions needs a migration that does it again.

Plain ALTER TABLE, never a batch copy: `articles` carries the search triggers of 0005.
SQLite adds a NOT NULL column only with a default, so the fingerprint gets '' for the
moment of the ALTER; every row is then filled, and PostgreSQL drops the default again.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from models.text.fingerprint import body_fingerprint, url_key

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BATCH = 500


def _backfill() -> None:
    connection = op.get_bind()
    articles = sa.table(
        "articles",
        sa.column("id", sa.Integer),
        sa.column("body", sa.Text),
        sa.column("url", sa.String),
        sa.column("body_fingerprint", sa.String),
        sa.column("url_key", sa.String),
    )
    update = (
        sa.update(articles)
        .where(articles.c.id == sa.bindparam("row_id"))
        .values(body_fingerprint=sa.bindparam("fp"), url_key=sa.bindparam("key"))
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(articles.c.id, articles.c.body, articles.c.url)
            .where(articles.c.id > last)
            .order_by(articles.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(
            update,
            [{"row_id": r.id, "fp": body_fingerprint(r.body), "key": url_key(r.url)} for r in rows],
        )
        last = rows[-1].id


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.add_column(
        "articles",
        sa.Column("body_fingerprint", sa.String(64), nullable=False, server_default=""),
    )
    op.add_column("articles", sa.Column("url_key", sa.String(64), nullable=True))
    _backfill()
    if postgres:
        op.alter_column("articles", "body_fingerprint", server_default=None)
    op.create_index("ix_articles_body_fingerprint", "articles", ["body_fingerprint"])
    op.create_index("ix_articles_url_key", "articles", ["url_key"])


def downgrade() -> None:
    # SQLite (3.35+) drops a column without a table copy once no index uses it.
    op.drop_index("ix_articles_url_key", "articles")
    op.drop_index("ix_articles_body_fingerprint", "articles")
    op.drop_column("articles", "url_key")
    op.drop_column("articles", "body_fingerprint")

"""Read side: indexes that match the claim list's filters and sorts.

Each filter column (status, speaker, verdict, assignee) gets an index with the reading
order behind it, so a filtered page in reading order is one index range read from its
cursor on; the single-column indexes of those columns (and of updated_at) gain the id,
which PostgreSQL needs for the newest-first and by-status orders (SQLite appends the
rowid anyway); the reading order itself ends in the id; the order by update within a
status gets its own; an article is found by its exact title.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 23:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

POSITION = ["article_id", "quote_start", "id"]

# name: (columns before, columns after) for the claims indexes this revision changes
CHANGED = {
    "ix_claims_article_position": (["article_id", "quote_start"], POSITION),
    "ix_claims_status": (["status"], ["status", "id"]),
    "ix_claims_speaker_id": (["speaker_id"], ["speaker_id", "id"]),
    "ix_claims_rating_id": (["rating_id"], ["rating_id", "id"]),
    "ix_claims_assignee_id": (["assignee_id"], ["assignee_id", "id"]),
    "ix_claims_updated_at": (["updated_at"], ["updated_at", "id"]),
}
ADDED = {
    "ix_claims_status_position": ["status", *POSITION],
    "ix_claims_speaker_position": ["speaker_id", *POSITION],
    "ix_claims_rating_position": ["rating_id", *POSITION],
    "ix_claims_assignee_position": ["assignee_id", *POSITION],
    "ix_claims_status_updated": ["status", "updated_at", "id"],
}


def upgrade() -> None:
    for name, (_, columns) in CHANGED.items():
        op.drop_index(name, table_name="claims")
        op.create_index(name, "claims", columns, unique=False)
    for name, columns in ADDED.items():
        op.create_index(name, "claims", columns, unique=False)
    op.create_index("ix_articles_title", "articles", ["title"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_articles_title", table_name="articles")
    for name in reversed(ADDED):
        op.drop_index(name, table_name="claims")
    for name, (columns, _) in reversed(CHANGED.items()):
        op.drop_index(name, table_name="claims")
        op.create_index(name, "claims", columns, unique=False)

"""Articles carry a language (BCP 47), for reports and ClaimReview inLanguage.

`articles.language` is a tag such as "en" or "zh-Hans", checked by the services
(models.text.language), or NULL where nobody has said. The seed article is English.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: nullable, so existing articles simply have no language yet.
    op.add_column("articles", sa.Column("language", sa.String(35), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) drops a column without a table copy; articles have no triggers.
    op.drop_column("articles", "language")

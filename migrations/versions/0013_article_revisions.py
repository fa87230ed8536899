"""Article revisions: an article's text can be replaced, the old one kept, claims re-anchored.

`article_revisions` keeps each text an article had before a replacement (who replaced
it, when, why, its sha256 and fingerprint); `claim_placements` where each claim stood in
it. `articles.revision` numbers the current text. `claims` gets how its quote was found
again (`anchor_method`, `anchor_score`, `anchor_revision`) and `recheck_needed`, set
when an approved verdict's quoted words changed.

Plain ALTER TABLE, never a batch copy: `claims` and `articles` carry the search and
tally triggers of 0005, 0006 and 0008. That is also why `anchor_method` has no CHECK
(SQLite cannot drop a column a CHECK names): the model's enum checks the values.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("body_fingerprint", sa.String(64), nullable=False),
        sa.Column("began_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_article_revisions_number_positive")),
        sa.CheckConstraint("length(body) >= 1", name=op.f("ck_article_revisions_body_length")),
        sa.CheckConstraint("length(reason) >= 1", name=op.f("ck_article_revisions_reason_length")),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_revisions_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"],
            ["users.id"],
            name=op.f("fk_article_revisions_replaced_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_revisions")),
        sa.UniqueConstraint(
            "article_id", "number", name=op.f("uq_article_revisions_article_id_number")
        ),
    )
    op.create_index(
        op.f("ix_article_revisions_body_fingerprint"), "article_revisions", ["body_fingerprint"]
    )
    op.create_table(
        "claim_placements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("quote_exact", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "quote_start >= 0 AND quote_end > quote_start",
            name=op.f("ck_claim_placements_quote_span"),
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["article_revisions.id"],
            name=op.f("fk_claim_placements_revision_id_article_revisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_placements_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_placements")),
        sa.UniqueConstraint(
            "revision_id", "claim_id", name=op.f("uq_claim_placements_revision_id_claim_id")
        ),
    )
    op.create_index(op.f("ix_claim_placements_claim_id"), "claim_placements", ["claim_id"])
    op.add_column(
        "articles", sa.Column("revision", sa.Integer(), server_default="1", nullable=False)
    )
    op.add_column("claims", sa.Column("anchor_method", sa.String(5), nullable=True))
    op.add_column("claims", sa.Column("anchor_score", sa.Float(), nullable=True))
    op.add_column("claims", sa.Column("anchor_revision", sa.Integer(), nullable=True))
    op.add_column(
        "claims",
        sa.Column("recheck_needed", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    for column in ("recheck_needed", "anchor_revision", "anchor_score", "anchor_method"):
        op.drop_column("claims", column)
    op.drop_column("articles", "revision")
    op.drop_index(op.f("ix_claim_placements_claim_id"), table_name="claim_placements")
    op.drop_table("claim_placements")
    op.drop_index(op.f("ix_article_revisions_body_fingerprint"), table_name="article_revisions")
    op.drop_table("article_revisions")

"""Claim suggestions: spans that claim detection proposes, with their reasons and fate.

One row per distinct text in an article (article_id, text_key is unique): accepting one
points it at the claim made from it, dismissing one keeps it as a "no", so running
detection again never brings back what an editor decided.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

STATES = ("open", "accepted", "dismissed")


def upgrade() -> None:
    op.create_table(
        "claim_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("exact", sa.Text(), nullable=False),
        sa.Column("text_key", sa.String(64), nullable=False),
        sa.Column("speaker_name", sa.String(200), nullable=True),
        sa.Column("speaker_reason", sa.String(300), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                *STATES,
                name="suggestion_state",
                native_enum=False,
                create_constraint=True,
                length=max(len(state) for state in STATES),
            ),
            nullable=False,
        ),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "quote_start >= 0 AND quote_end > quote_start", name=op.f("ck_claim_suggestions_span")
        ),
        sa.CheckConstraint(
            "score >= 0 AND score <= 1", name=op.f("ck_claim_suggestions_score_range")
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_claim_suggestions_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_suggestions_claim_id_claims"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_claim_suggestions_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_suggestions")),
        sa.UniqueConstraint(
            "article_id", "text_key", name=op.f("uq_claim_suggestions_article_id_text_key")
        ),
    )
    op.create_index(
        "ix_claim_suggestions_article_state",
        "claim_suggestions",
        ["article_id", "state", "quote_start"],
    )


def downgrade() -> None:
    op.drop_index("ix_claim_suggestions_article_state", table_name="claim_suggestions")
    op.drop_table("claim_suggestions")

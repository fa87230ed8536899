"""Claim matches: earlier claims that possibly say what a claim says, and their fate.

One row per pair (claim_id, the newer claim; other_claim_id, the earlier one) with the
score matching gave it and its state: suggested, confirmed or rejected by an editor.
A new table only: `claims` and its search and tally triggers are left as they are.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

STATES = ("suggested", "confirmed", "rejected")


def upgrade() -> None:
    op.create_table(
        "claim_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("other_claim_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                *STATES,
                name="match_state",
                native_enum=False,
                create_constraint=True,
                length=max(len(state) for state in STATES),
            ),
            nullable=False,
        ),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("claim_id <> other_claim_id", name=op.f("ck_claim_matches_not_itself")),
        sa.CheckConstraint("score >= 0 AND score <= 1", name=op.f("ck_claim_matches_score_range")),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_matches_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_matches_other_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_claim_matches_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_matches")),
        sa.UniqueConstraint(
            "claim_id", "other_claim_id", name=op.f("uq_claim_matches_claim_id_other_claim_id")
        ),
    )
    op.create_index(
        op.f("ix_claim_matches_other_claim_id"), "claim_matches", ["other_claim_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_claim_matches_other_claim_id"), table_name="claim_matches")
    op.drop_table("claim_matches")

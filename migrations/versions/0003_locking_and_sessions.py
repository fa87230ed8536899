"""Trust: version columns on articles, speakers, sources and users; login-session epochs
and forced password changes; login throttle counters; the audit trail guarded by the
database itself.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

VERSIONED = ("articles", "speakers", "sources", "users")
APPEND_ONLY_MESSAGE = "the audit trail is append-only: claim events are never changed"


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False)
        )

    op.create_table(
        "throttle_counters",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_throttle_counters")),
    )
    with op.batch_alter_table("throttle_counters", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_throttle_counters_expires_at"), ["expires_at"], unique=False
        )

    # The ORM refuses to change a claim event; these refuse raw SQL too.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION claim_events_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'restrict_violation';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER claim_events_append_only BEFORE UPDATE OR DELETE ON claim_events "
            "FOR EACH ROW EXECUTE FUNCTION claim_events_append_only()"
        )
        op.execute(
            "CREATE TRIGGER claim_events_no_truncate BEFORE TRUNCATE ON claim_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION claim_events_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER claim_events_no_{verb.lower()} BEFORE {verb} ON claim_events "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS claim_events_no_truncate ON claim_events")
        op.execute("DROP TRIGGER IF EXISTS claim_events_append_only ON claim_events")
        op.execute("DROP FUNCTION IF EXISTS claim_events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS claim_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS claim_events_no_delete")
    op.drop_table("throttle_counters")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
        batch_op.drop_column("must_change_password")
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")

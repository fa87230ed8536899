"""Flat reads for the dashboard and the speaker pages: the desk's claim tallies kept by
triggers, and the indexes speaker records and the work queue read.

`claim_tallies` holds how many claims are in each (status, verdict); triggers on
`claims` move a count whenever a claim is added, deleted, or changes status or verdict,
so the dashboard reads a dozen rows instead of counting a million claims. This
migration fills the tallies from the claims already there.

A later SQLite batch migration that copies `claims` to a new table drops these triggers
with the old table: it must create them again (`create_triggers` below).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 00:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NO_RATING = 0  # the tallies' rating_id for "no verdict": a key column cannot be NULL

INDEXES = {
    "ix_claims_speaker_record": ["speaker_id", "status", "rating_id"],
    "ix_claims_queue_approval": ["status", "proposed_at"],
    "ix_claims_queue_assignee": ["assignee_id", "updated_at"],
}

# One claim more in NEW's tally, one fewer in OLD's: the same two statements on both
# databases (upsert: the first claim of a pair creates its row).
ADD_NEW = (
    "INSERT INTO claim_tallies (status, rating_id, claims) "
    f"VALUES (NEW.status, coalesce(NEW.rating_id, {NO_RATING}), 1) "
    "ON CONFLICT (status, rating_id) DO UPDATE SET claims = claim_tallies.claims + 1;"
)
REMOVE_OLD = (
    "UPDATE claim_tallies SET claims = claims - 1 "
    f"WHERE status = OLD.status AND rating_id = coalesce(OLD.rating_id, {NO_RATING});"
)
SQLITE_TRIGGERS = {
    "claim_tallies_insert": ("AFTER INSERT ON claims", ADD_NEW),
    "claim_tallies_delete": ("AFTER DELETE ON claims", REMOVE_OLD),
    "claim_tallies_update": (
        "AFTER UPDATE OF status, rating_id ON claims "
        "WHEN OLD.status IS NOT NEW.status OR OLD.rating_id IS NOT NEW.rating_id",
        REMOVE_OLD + " " + ADD_NEW,
    ),
}
POSTGRES_FUNCTION = f"""
CREATE FUNCTION claim_tallies_follow() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {REMOVE_OLD}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {ADD_NEW}
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""
POSTGRES_TRIGGERS = {
    "claim_tallies_insert_delete": "AFTER INSERT OR DELETE ON claims FOR EACH ROW",
    "claim_tallies_update": (
        "AFTER UPDATE OF status, rating_id ON claims FOR EACH ROW WHEN "
        "(OLD.status IS DISTINCT FROM NEW.status OR OLD.rating_id IS DISTINCT FROM NEW.rating_id)"
    ),
}


def create_triggers() -> None:
    """Create the triggers that keep claim_tallies in step with claims."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        for name, when in POSTGRES_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION claim_tallies_follow()")
    else:
        for name, (when, body) in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")


def drop_triggers() -> None:
    """Drop the triggers create_triggers made."""
    if op.get_bind().dialect.name == "postgresql":
        for name in POSTGRES_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON claims")
        op.execute("DROP FUNCTION IF EXISTS claim_tallies_follow()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade() -> None:
    op.create_table(
        "claim_tallies",
        sa.Column(
            "status",
            sa.Enum(
                "unreviewed",
                "in_review",
                "verdict_proposed",
                "approved",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("rating_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("status", "rating_id", name=op.f("pk_claim_tallies")),
    )
    # Filled and then followed in one transaction: no claim is counted twice or missed.
    op.execute(
        "INSERT INTO claim_tallies (status, rating_id, claims) "
        f"SELECT status, coalesce(rating_id, {NO_RATING}), count(*) FROM claims "
        f"GROUP BY status, coalesce(rating_id, {NO_RATING})"
    )
    create_triggers()
    for name, columns in INDEXES.items():
        op.create_index(name, "claims", columns, unique=False)


def downgrade() -> None:
    for name in reversed(INDEXES):
        op.drop_index(name, table_name="claims")
    drop_triggers()
    op.drop_table("claim_tallies")

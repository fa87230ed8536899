"""Withdrawals: articles, claims and sources withdrawn with a reason instead of deleted.

Each of the three tables gets `withdrawn_at`, `withdrawn_by_id` and `withdrawn_reason`
(all NULL while the row is in use). Added with plain ALTER TABLE: a batch copy of
`claims` on SQLite would drop the search-index and tally triggers of 0005 and 0006.

`desk_events` is the desk-level audit trail, append-only like `claim_events`: the
withdrawal and restoring of articles and sources (which have no trail of their own) and
every purge, with what was purged. A purged claim's own events are copied into its purge
event first; only then does the database let them go (the guard of 0003 on deleting
claim events now asks for that purge event), so the trail moves and is never lost.

The claim tallies of 0006 no longer count withdrawn claims: their triggers are replaced
by ones that also follow `withdrawn_at`.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("articles", "claims", "sources")
NO_RATING = 0
APPEND_ONLY_MESSAGE = "the audit trail is append-only: claim events are never changed"
DESK_MESSAGE = "the audit trail is append-only: desk events are never changed"

ADD_NEW = (
    "INSERT INTO claim_tallies (status, rating_id, claims) "
    f"VALUES (NEW.status, coalesce(NEW.rating_id, {NO_RATING}), 1) "
    "ON CONFLICT (status, rating_id) DO UPDATE SET claims = claim_tallies.claims + 1;"
)
REMOVE_OLD = (
    "UPDATE claim_tallies SET claims = claims - 1 "
    f"WHERE status = OLD.status AND rating_id = coalesce(OLD.rating_id, {NO_RATING});"
)
SQLITE_CHANGED = "(OLD.status IS NOT NEW.status OR OLD.rating_id IS NOT NEW.rating_id)"
# Only claims in use are counted: a withdrawal takes a claim out, a restore puts it back.
SQLITE_TALLIES = {
    "claim_tallies_insert": ("AFTER INSERT ON claims WHEN NEW.withdrawn_at IS NULL", ADD_NEW),
    "claim_tallies_delete": ("AFTER DELETE ON claims WHEN OLD.withdrawn_at IS NULL", REMOVE_OLD),
    "claim_tallies_update_remove": (
        "AFTER UPDATE OF status, rating_id, withdrawn_at ON claims WHEN OLD.withdrawn_at IS NULL "
        f"AND ({SQLITE_CHANGED} OR NEW.withdrawn_at IS NOT NULL)",
        REMOVE_OLD,
    ),
    "claim_tallies_update_add": (
        "AFTER UPDATE OF status, rating_id, withdrawn_at ON claims WHEN NEW.withdrawn_at IS NULL "
        f"AND ({SQLITE_CHANGED} OR OLD.withdrawn_at IS NOT NULL)",
        ADD_NEW,
    ),
}
# 0006's, put back by the downgrade
SQLITE_TALLIES_0006 = {
    "claim_tallies_insert": ("AFTER INSERT ON claims", ADD_NEW),
    "claim_tallies_delete": ("AFTER DELETE ON claims", REMOVE_OLD),
    "claim_tallies_update": (
        f"AFTER UPDATE OF status, rating_id ON claims WHEN {SQLITE_CHANGED}",
        REMOVE_OLD + " " + ADD_NEW,
    ),
}


def _postgres_function(counted_old: str, counted_new: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION claim_tallies_follow() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF {counted_old} THEN
            {REMOVE_OLD}
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF {counted_new} THEN
            {ADD_NEW}
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


PG_CHANGED = (
    "OLD.status IS DISTINCT FROM NEW.status OR OLD.rating_id IS DISTINCT FROM NEW.rating_id"
)
PG_UPDATE = (
    "AFTER UPDATE OF status, rating_id, withdrawn_at ON claims FOR EACH ROW WHEN "
    f"({PG_CHANGED} OR (OLD.withdrawn_at IS NULL) <> (NEW.withdrawn_at IS NULL))"
)
PG_UPDATE_0006 = f"AFTER UPDATE OF status, rating_id ON claims FOR EACH ROW WHEN ({PG_CHANGED})"

PG_DESK_GUARD = f"""
CREATE FUNCTION desk_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{DESK_MESSAGE}' USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""
# A claim event may go only once its claim's purge event (holding a copy) is written.
ARCHIVED = (
    "EXISTS (SELECT 1 FROM desk_events WHERE desk_events.action = 'purged' "
    "AND desk_events.subject = 'claim' AND desk_events.subject_id = OLD.claim_id)"
)
PG_CLAIM_DELETE_GUARD = f"""
CREATE FUNCTION claim_events_delete_guard() RETURNS trigger AS $$
BEGIN
    IF NOT {ARCHIVED} THEN
        RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        op.add_column(table, sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
        fk_name = f"fk_{table}_withdrawn_by_id_users"
        if postgres:
            op.add_column(table, sa.Column("withdrawn_by_id", sa.Integer(), nullable=True))
            op.create_foreign_key(fk_name, table, "users", ["withdrawn_by_id"], ["id"])
        else:
            # SQLite adds a column with its reference in one ALTER, never a constraint later
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN withdrawn_by_id INTEGER "
                f"CONSTRAINT {fk_name} REFERENCES users (id)"
            )
        op.add_column(table, sa.Column("withdrawn_reason", sa.Text(), nullable=True))
        # partial: a list of rows in use must never read it (see models/tables/withdrawal.py)
        op.create_index(
            f"ix_{table}_withdrawn_at",
            table,
            ["withdrawn_at"],
            unique=False,
            sqlite_where=sa.text("withdrawn_at IS NOT NULL"),
            postgresql_where=sa.text("withdrawn_at IS NOT NULL"),
        )

    op.create_table(
        "desk_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(action) >= 1", name=op.f("ck_desk_events_action_length")),
        sa.CheckConstraint(
            "subject IN ('article', 'claim', 'source')", name=op.f("ck_desk_events_subject_kind")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_desk_events_actor_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_events")),
    )
    op.create_index("ix_desk_events_subject", "desk_events", ["subject", "subject_id"])
    op.create_index("ix_desk_events_created_at", "desk_events", ["created_at"])

    if postgres:
        op.execute(PG_DESK_GUARD)
        op.execute(
            "CREATE TRIGGER desk_events_append_only BEFORE UPDATE OR DELETE ON desk_events "
            "FOR EACH ROW EXECUTE FUNCTION desk_events_append_only()"
        )
        op.execute(
            "CREATE TRIGGER desk_events_no_truncate BEFORE TRUNCATE ON desk_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION desk_events_append_only()"
        )
        op.execute("DROP TRIGGER claim_events_append_only ON claim_events")
        op.execute(
            "CREATE TRIGGER claim_events_no_update BEFORE UPDATE ON claim_events "
            "FOR EACH ROW EXECUTE FUNCTION claim_events_append_only()"
        )
        op.execute(PG_CLAIM_DELETE_GUARD)
        op.execute(
            "CREATE TRIGGER claim_events_no_delete BEFORE DELETE ON claim_events "
            "FOR EACH ROW EXECUTE FUNCTION claim_events_delete_guard()"
        )
        op.execute("DROP TRIGGER claim_tallies_update ON claims")
        op.execute(_postgres_function("OLD.withdrawn_at IS NULL", "NEW.withdrawn_at IS NULL"))
        op.execute(
            f"CREATE TRIGGER claim_tallies_update {PG_UPDATE} "
            "EXECUTE FUNCTION claim_tallies_follow()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER desk_events_no_{verb.lower()} BEFORE {verb} ON desk_events "
                f"BEGIN SELECT RAISE(ABORT, '{DESK_MESSAGE}'); END"
            )
        op.execute("DROP TRIGGER claim_events_no_delete")
        op.execute(
            "CREATE TRIGGER claim_events_no_delete BEFORE DELETE ON claim_events "
            f"WHEN NOT {ARCHIVED} BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        )
        for name in SQLITE_TALLIES_0006:
            op.execute(f"DROP TRIGGER {name}")
        for name, (when, body) in SQLITE_TALLIES.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("DROP TRIGGER claim_tallies_update ON claims")
        op.execute(_postgres_function("TRUE", "TRUE"))
        op.execute(
            f"CREATE TRIGGER claim_tallies_update {PG_UPDATE_0006} "
            "EXECUTE FUNCTION claim_tallies_follow()"
        )
        op.execute("DROP TRIGGER claim_events_no_delete ON claim_events")
        op.execute("DROP TRIGGER claim_events_no_update ON claim_events")
        op.execute("DROP FUNCTION claim_events_delete_guard()")
        op.execute(
            "CREATE TRIGGER claim_events_append_only BEFORE UPDATE OR DELETE ON claim_events "
            "FOR EACH ROW EXECUTE FUNCTION claim_events_append_only()"
        )
        op.execute("DROP TRIGGER desk_events_no_truncate ON desk_events")
        op.execute("DROP TRIGGER desk_events_append_only ON desk_events")
        op.execute("DROP FUNCTION desk_events_append_only()")
    else:
        for name in SQLITE_TALLIES:
            op.execute(f"DROP TRIGGER {name}")
        for name, (when, body) in SQLITE_TALLIES_0006.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")
        op.execute("DROP TRIGGER claim_events_no_delete")
        op.execute(
            "CREATE TRIGGER claim_events_no_delete BEFORE DELETE ON claim_events "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        )
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER desk_events_no_{verb}")
    op.drop_index("ix_desk_events_created_at", table_name="desk_events")
    op.drop_index("ix_desk_events_subject", table_name="desk_events")
    op.drop_table("desk_events")
    for table in reversed(TABLES):
        op.drop_index(f"ix_{table}_withdrawn_at", table_name=table)
        op.drop_column(table, "withdrawn_reason")
        op.drop_column(table, "withdrawn_by_id")
        op.drop_column(table, "withdrawn_at")
    # withdrawn claims were out of the tallies: count every claim again
    op.execute("DELETE FROM claim_tallies")
    op.execute(
        "INSERT INTO claim_tallies (status, rating_id, claims) "
        f"SELECT status, coalesce(rating_id, {NO_RATING}), count(*) FROM claims "
        f"GROUP BY status, coalesce(rating_id, {NO_RATING})"
    )

"""What lets the desk count and queue claims without reading all of them.

The dashboard shows the whole desk's claims by status and by verdict. Counting them on
each request reads every claim (about a second at a million), so the database keeps the
counts itself in `claim_tallies`: one row per (status, verdict), moved by triggers on
`claims` (migration 0006) whenever a claim is added, changes status or verdict, or is
deleted, whoever writes it (the services, a bulk load), in the same transaction.

Speaker records and the work queue read claims through the indexes below instead, each
holding what its question asks beside the column it starts from, so they read a few
index entries rather than every claim of the desk.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from .base import Base, enum_column
from .claim import Claim
from .enums import ClaimStatus

NO_RATING = 0  # a tally's rating_id for claims without a verdict (a key is never NULL)


class ClaimTally(Base):
    """How many claims are in one status with one verdict (or none).

    Written only by the database's triggers; a row may hold 0 once its claims moved on.
    """

    __tablename__ = "claim_tallies"

    status: orm.Mapped[ClaimStatus] = orm.mapped_column(
        enum_column(ClaimStatus, "status"), primary_key=True
    )
    rating_id: orm.Mapped[int] = orm.mapped_column(primary_key=True, autoincrement=False)
    claims: orm.Mapped[int]


# A speaker's record: their claims by status and approved verdicts by rating.
sa.Index("ix_claims_speaker_record", Claim.speaker_id, Claim.status, Claim.rating_id)
# The work queue (models/read/queue.py), each kind of work in its own order: verdicts
# awaiting approval oldest first, a member's own claims longest untouched first, and
# unreviewed unassigned claims newest article first, in reading order within each article
# (migration 0007; walked backwards by article, each article's few claims sorted apart).
sa.Index("ix_claims_queue_approval", Claim.status, Claim.proposed_at)
sa.Index("ix_claims_queue_assignee", Claim.assignee_id, Claim.updated_at)
sa.Index(
    "ix_claims_queue_unassigned",
    Claim.status,
    Claim.assignee_id,
    Claim.article_id,
    Claim.quote_start,
    Claim.id,
)

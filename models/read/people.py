"""Reading people: desk members (the users page, pickers) and speakers (their records,
their claims' counts and verdicts, API pages, pickers)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.claim import Claim
from ..tables.enums import ClaimStatus
from ..tables.rating import Rating
from ..tables.speaker import Speaker
from ..tables.user import User
from .paging import rows_after
from .ratings import list_ratings

# --- desk members ---------------------------------------------------------------------


@dataclass
class MemberRow:
    """A desk member with the number of claims assigned to them."""

    user: User
    assigned: int


def list_members(session: orm.Session) -> list[MemberRow]:
    """Return every desk member, active ones first, then by username."""
    stmt = (
        sa.select(User, sa.func.count(Claim.id))
        .outerjoin(Claim, Claim.assignee_id == User.id)
        .group_by(User.id)
        .order_by(User.active.desc(), User.username)
    )
    return [MemberRow(user, assigned) for user, assigned in session.execute(stmt)]


def count_assigned(session: orm.Session, user: User) -> int:
    """Return how many claims are assigned to `user`."""
    return (
        session.scalar(
            sa.select(sa.func.count()).select_from(Claim).where(Claim.assignee_id == user.id)
        )
        or 0
    )


def member_choices(session: orm.Session) -> list[tuple[int, str]]:
    """Return the active desk members as (id, display name), by name."""
    return [
        (row.id, row.display_name)
        for row in session.execute(
            sa.select(User.id, User.display_name)
            .where(User.active.is_(True))
            .order_by(User.display_name, User.id)
        )
    ]


# --- speakers -------------------------------------------------------------------------


def speaker_choices(session: orm.Session) -> list[tuple[int, str]]:
    """Return every speaker as (id, name), by name."""
    return [
        (row.id, row.name)
        for row in session.execute(sa.select(Speaker.id, Speaker.name).order_by(Speaker.name))
    ]


def speaker_names(session: orm.Session) -> list[str]:
    """Return every speaker's name, by name, for a pick-or-type speaker field."""
    return [name for _, name in speaker_choices(session)]


def speakers_after(session: orm.Session, *, after_id: int | None, limit: int) -> list[Speaker]:
    """Return up to `limit` speakers with an id above `after_id`, with their aliases."""
    return rows_after(
        session,
        Speaker,
        after_id=after_id,
        limit=limit,
        options=(orm.selectinload(Speaker.aliases),),
    )


def _approved_verdicts(speaker_id: int | None = None) -> sa.Select:
    """SELECT speaker id, rating slug, count of approved verdicts (of one speaker or all)."""
    stmt = (
        sa.select(Claim.speaker_id, Rating.slug, sa.func.count())
        .join(Rating, Claim.rating_id == Rating.id)
        .where(Claim.status == ClaimStatus.APPROVED, Claim.speaker_id.is_not(None))
        .group_by(Claim.speaker_id, Rating.slug)
    )
    if speaker_id is not None:
        stmt = stmt.where(Claim.speaker_id == speaker_id)
    return stmt


def verdict_record(session: orm.Session, *, speaker_id: int) -> dict[str, int]:
    """Return how many of the speaker's approved verdicts carry each rating slug."""
    return {slug: count for _, slug, count in session.execute(_approved_verdicts(speaker_id))}


@dataclass
class SpeakerRecord:
    """A speaker's list entry: how many claims, and their approved verdicts by rating."""

    id: int
    name: str
    description: str | None
    claims: int
    verdicts: list[tuple[Rating, int]]  # approved verdicts, in scale order; zero counts left out

    @property
    def approved(self) -> int:
        """Return how many of the speaker's claims have an approved verdict."""
        return sum(count for _, count in self.verdicts)


def speaker_records(session: orm.Session, speaker_id: int | None = None) -> list[SpeakerRecord]:
    """Return every speaker (or one) with claim count and verdict record, by name."""
    speakers = (
        sa.select(Speaker.id, Speaker.name, Speaker.description, sa.func.count(Claim.id))
        .outerjoin(Claim, Claim.speaker_id == Speaker.id)
        .group_by(Speaker.id, Speaker.name, Speaker.description)
        .order_by(Speaker.name)
    )
    if speaker_id is not None:
        speakers = speakers.where(Speaker.id == speaker_id)

    ratings = list_ratings(session)
    tally: dict[int, dict[str, int]] = defaultdict(dict)
    for sid, slug, count in session.execute(_approved_verdicts(speaker_id)):
        tally[sid][slug] = count
    return [
        SpeakerRecord(
            id=sid,
            name=name,
            description=description,
            claims=claims,
            verdicts=[(r, tally[sid][r.slug]) for r in ratings if tally[sid].get(r.slug)],
        )
        for sid, name, description, claims in session.execute(speakers)
    ]

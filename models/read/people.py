"""Reading people: desk members (the users page, the assign form, pickers) and speakers
(their records: claims by status and verdicts, pages by name, API pages, pickers)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.claim import Claim
from ..tables.enums import ClaimStatus
from ..tables.rating import Rating
from ..tables.speaker import Speaker, SpeakerAlias, alias_key
from ..tables.user import User
from .claim_filter import withdrawn_claim_ids
from .claims import with_list_relations
from .keyset import Cursor, KeysetPage, Order, keyset_page
from .matching import LOOKUP_LIMIT, Match, first_unique, starts_with, typed_id, typed_text
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
        .outerjoin(Claim, sa.and_(Claim.assignee_id == User.id, Claim.withdrawn_at.is_(None)))
        .group_by(User.id)
        .order_by(User.active.desc(), User.username)
    )
    return [MemberRow(user, assigned) for user, assigned in session.execute(stmt)]


def count_assigned(session: orm.Session, user: User) -> int:
    """Return how many claims are assigned to `user`."""
    return (
        session.scalar(
            sa.select(sa.func.count())
            .select_from(Claim)
            .where(Claim.assignee_id == user.id, Claim.withdrawn_at.is_(None))
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


def find_members(session: orm.Session, typed: str, *, limit: int = LOOKUP_LIMIT) -> list[Match]:
    """Return the members a picker offers for `typed`: the id it names, then those whose
    username or display name contains it, active members first, by name.

    A desk has tens of members, not thousands: reading them all is cheaper than an index.
    """
    text = typed_text(typed)
    if not text:
        return []
    number = typed_id(text)
    stmt = (
        sa.select(User.id, User.username, User.display_name, User.active)
        .where(
            sa.or_(
                User.id == (number or 0),
                User.username.contains(text.casefold(), autoescape=True),
                sa.func.lower(User.display_name).contains(text.casefold(), autoescape=True),
            )
        )
        .order_by((User.id == (number or 0)).desc(), User.active.desc(), User.display_name)
        .limit(limit)
    )
    return [
        Match(user_id, f"{name} ({username}{'' if active else ', inactive'})")
        for user_id, username, name, active in session.execute(stmt)
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


def find_speakers(session: orm.Session, typed: str, *, limit: int = LOOKUP_LIMIT) -> list[Match]:
    """Return the speakers a picker offers for `typed`: the id it names, then those with a
    name or alias that starts with it, then those with one that contains it.

    Aliases are stored case-folded (the name itself is always one), so "pasc" finds
    Pascal Coppens by the start of his name, "coppens" by its middle, "ph" by an alias
    "PH". The label is the speaker's name, whichever name matched.
    """
    text = typed_text(typed)
    if not text:
        return []
    matches = []
    number = typed_id(text)
    if number is not None:
        name = session.scalar(sa.select(Speaker.name).where(Speaker.id == number))
        if name is not None:
            matches.append(Match(number, name))
    key = alias_key(text)
    named = (
        sa.select(Speaker.id, Speaker.name)
        .join(SpeakerAlias, SpeakerAlias.speaker_id == Speaker.id)
        .order_by(SpeakerAlias.alias_key)
        .limit(limit)
    )
    for condition in (
        starts_with(SpeakerAlias.alias_key, key),
        sa.and_(  # inside a name, and not at its start (those came first)
            SpeakerAlias.alias_key.contains(key, autoescape=True),
            sa.func.substr(SpeakerAlias.alias_key, 1, len(key)) != key,
        ),
    ):
        if len(first_unique(matches, limit)) >= limit:
            break
        matches.extend(Match(*row) for row in session.execute(named.where(condition)))
    return first_unique(matches, limit)


@dataclass
class SpeakerRecord:
    """A speaker with their claims counted by status and their approved verdicts."""

    id: int
    name: str
    description: str | None
    by_status: dict[ClaimStatus, int]
    verdicts: list[tuple[Rating, int]]  # approved verdicts, in scale order; zero counts left out

    @property
    def claims(self) -> int:
        """Return how many claims are attributed to the speaker."""
        return sum(self.by_status.values())

    def statuses(self) -> list[tuple[ClaimStatus, int]]:
        """Return the claim counts by status in workflow order, leaving out zeros."""
        return [
            (status, self.by_status[status]) for status in ClaimStatus if self.by_status.get(status)
        ]

    @property
    def approved(self) -> int:
        """Return how many of the speaker's claims have an approved verdict."""
        return sum(count for _, count in self.verdicts)


# The speaker list: by name (names are unique).
BY_NAME = Order("name", (Speaker.name,))


def speaker_records(session: orm.Session, speakers: Sequence[Speaker]) -> list[SpeakerRecord]:
    """Return these speakers' records, in the order given.

    Two grouped statements however many speakers, each reading only their claims, from
    the index on (speaker, status, rating) alone; plus the verdict scale.
    """
    ids = [speaker.id for speaker in speakers]
    if not ids:
        return []
    by_status: dict[int | None, dict[ClaimStatus, int]] = defaultdict(dict)
    statuses = (
        sa.select(Claim.speaker_id, Claim.status, sa.func.count())
        .where(Claim.speaker_id.in_(ids))
        .group_by(Claim.speaker_id, Claim.status)
    )
    for speaker_id, status, count in session.execute(statuses):
        by_status[speaker_id][status] = count
    # Withdrawn claims counted apart (from the withdrawn_at index) and taken off, so the
    # counts above stay reads of the (speaker, status, rating) index alone.
    # (by their ids when few: the database then keeps to the speaker index)
    aside = withdrawn_claim_ids(session)
    withdrawn = (
        sa.select(Claim.speaker_id, Claim.status, Claim.rating_id, sa.func.count())
        .where(
            Claim.withdrawn_at.is_not(None) if aside is None else Claim.id.in_(aside),
            Claim.speaker_id.in_(ids),
        )
        .group_by(Claim.speaker_id, Claim.status, Claim.rating_id)
    )
    withdrawn_rows = list(session.execute(withdrawn))
    for speaker_id, status, _, count in withdrawn_rows:
        by_status[speaker_id][status] -= count
        if not by_status[speaker_id][status]:
            del by_status[speaker_id][status]
    tally: dict[int | None, dict[int | None, int]] = defaultdict(dict)
    approved = (
        sa.select(Claim.speaker_id, Claim.rating_id, sa.func.count())
        .where(Claim.speaker_id.in_(ids), Claim.status == ClaimStatus.APPROVED)
        .group_by(Claim.speaker_id, Claim.rating_id)
    )
    for speaker_id, rating_id, count in session.execute(approved):
        tally[speaker_id][rating_id] = count
    for speaker_id, status, rating_id, count in withdrawn_rows:
        if status is ClaimStatus.APPROVED:  # never, while withdrawals refuse approved claims
            tally[speaker_id][rating_id] -= count
    ratings = list_ratings(session)
    return [
        SpeakerRecord(
            id=speaker.id,
            name=speaker.name,
            description=speaker.description,
            by_status=by_status[speaker.id],
            verdicts=[(r, tally[speaker.id][r.id]) for r in ratings if tally[speaker.id].get(r.id)],
        )
        for speaker in speakers
    ]


def speaker_page(
    session: orm.Session,
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    limit: int = 50,
) -> KeysetPage[SpeakerRecord]:
    """Return one page of the speakers by name, each with their record."""
    page = keyset_page(
        session, sa.select(Speaker), BY_NAME, limit=limit, after=after, before=before
    )
    return KeysetPage(speaker_records(session, page.items), BY_NAME, page.has_prev, page.has_next)


# A speaker's claims: newest logged first (ids grow as claims are logged).
NEWEST_CLAIMS = Order("newest", (Claim.id,), descending=True)


def speaker_claims(
    session: orm.Session,
    speaker_id: int,
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    limit: int = 50,
) -> KeysetPage[Claim]:
    """Return one page of the speaker's claims, newest first, with what a list shows."""
    return keyset_page(
        session,
        sa.select(Claim).where(Claim.speaker_id == speaker_id, Claim.withdrawn_at.is_(None)),
        NEWEST_CLAIMS,
        limit=limit,
        after=after,
        before=before,
        finish=with_list_relations,
    )


def verdict_record(session: orm.Session, *, speaker_id: int) -> dict[str, int]:
    """Return how many of the speaker's approved verdicts carry each rating slug."""
    stmt = (
        sa.select(Rating.slug, sa.func.count())
        .select_from(Claim)
        .join(Rating, Claim.rating_id == Rating.id)
        .where(
            Claim.status == ClaimStatus.APPROVED,
            Claim.speaker_id == speaker_id,
            Claim.withdrawn_at.is_(None),
        )
        .group_by(Rating.slug)
    )
    return {slug: count for slug, count in session.execute(stmt)}

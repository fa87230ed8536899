"""Sources: record a document once, link it to the claims it bears on.

Two sides, two permissions. Whoever may propose a verdict on a claim may bring its
evidence (Action.LINK_SOURCE): link a recorded source, or a new one recorded on the way,
and unlink what they linked themselves while the verdict is not published. The source
library itself, a source's record, is the editors' (Action.EDIT_SOURCE).

One document is one source: an address is stored as normalise_url gives it, and a new
address is compared by its source_key (scheme, "www." and a trailing slash aside), so
the http form of a recorded https address finds that source instead of making another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import orm

from ..errors import Conflict, NotFound, PermissionDenied, RuleViolation, ValidationError
from ..permissions import REQUIRED_ROLE, Action, allowed, require
from ..tables.base import utcnow
from ..tables.claim import Claim
from ..tables.enums import ClaimStatus, SourceKind, Stance
from ..tables.source import ClaimSource, Source
from ..tables.user import User
from ..text.inputs import clean_text, control_character, whole_number
from ..text.urls import check_url, normalise_url, url_spellings
from .audit import record_event
from .locking import check_version as check_record_version
from .workflow import can_transition, check_unpublished, check_version, touch

EXCERPT_MAX = 5000


@dataclass
class SourceInput:
    """What a member types to record a source (a reviewer only while linking it)."""

    url: str
    title: str
    publisher: str | None = None
    published: dt.date | None = None
    kind: SourceKind | str = SourceKind.OTHER
    archive_url: str | None = None
    accessed_at: dt.datetime | None = None


def find_source(
    session: orm.Session, url: str, *, field: str = "url", other_than: Source | None = None
) -> Source | None:
    """Return the source recorded under `url` in any of its spellings, or None.

    Spellings are those of url_spellings (http or https, "www." or not, a trailing slash
    or not, tracking parameters dropped): at most eight values, looked up with the unique
    index on sources.url, so no key column is needed. Should a desk hold two spellings
    recorded before this rule, the one spelled as given wins, else the oldest.
    """
    spellings = url_spellings(url, field=field)
    stmt = sa.select(Source).where(Source.url.in_(spellings)).order_by(Source.id)
    if other_than is not None and other_than.id is not None:
        stmt = stmt.where(Source.id != other_than.id)
    found = list(session.scalars(stmt))
    exact = [source for source in found if source.url == spellings[0]]
    best = exact or found
    return best[0] if best else None


def _kind(value: SourceKind | str) -> SourceKind:
    try:
        return SourceKind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in SourceKind)
        raise ValidationError(
            f"unknown kind {value!r}; choose one of {kinds}", field="kind"
        ) from None


def _apply(source: Source, data: SourceInput) -> None:
    source.title = clean_text(data.title, "title", limit=500)
    source.publisher = clean_text(data.publisher, "publisher", limit=200, required=False)
    source.published = data.published
    source.kind = _kind(data.kind)
    source.archive_url = (
        check_url(data.archive_url, field="archive_url")
        if data.archive_url and data.archive_url.strip()
        else None
    )


def create_source(session: orm.Session, data: SourceInput, *, actor: User | None) -> Source:
    """Record a new source in the library; its address must be new to the desk."""
    require(actor, Action.EDIT_SOURCE)
    return _record(session, data, actor)


def _record(session: orm.Session, data: SourceInput, actor: User | None) -> Source:
    url = normalise_url(data.url)
    existing = find_source(session, url)
    if existing is not None:
        raise Conflict(
            f"this address is already source {existing.id}: {existing.title}", field="url"
        )
    source = Source(url=url, created_by=actor, accessed_at=data.accessed_at or utcnow())
    _apply(source, data)
    session.add(source)
    session.flush()
    return source


def update_source(
    session: orm.Session,
    source: Source,
    data: SourceInput,
    *,
    actor: User | None,
    expected_version: int | None = None,
) -> None:
    """Change a source's details; its address may change if no other source has it."""
    require(actor, Action.EDIT_SOURCE)
    check_record_version(source, expected_version, "source")
    url = normalise_url(data.url)
    if url != source.url:
        other = find_source(session, url, other_than=source)
        if other is not None:
            raise Conflict(f"this address is already source {other.id}", field="url")
        source.url = url
    _apply(source, data)


def get_or_create_source(session: orm.Session, data: SourceInput, *, actor: User | None) -> Source:
    """Return the source at `data.url`, recording it first if the desk lacks it.

    This is how evidence arrives with a claim, so linking suffices: a reviewer records a
    new source here, while the library's records stay the editors' to change.
    """
    require(actor, Action.LINK_SOURCE)
    return find_source(session, data.url) or _record(session, data, actor)


def _stance(value: Stance | str) -> Stance:
    try:
        return Stance(value)
    except ValueError:
        stances = ", ".join(s.value for s in Stance)
        raise ValidationError(
            f"unknown stance {value!r}; choose one of {stances}", field="stance"
        ) from None


def link_source(
    session: orm.Session,
    claim: Claim,
    source: Source,
    stance: Stance | str,
    excerpt: str | None,
    *,
    actor: User | None,
    expected_version: int | None = None,
) -> ClaimSource:
    """Link `source` to `claim` with its stance and the excerpt that bears on the claim.

    A reviewer links on claims they could propose a verdict on; an editor also on others
    the workflow leaves open. A published verdict's sources wait for a reopen.
    """
    require(actor, Action.LINK_SOURCE)
    check_version(session, claim, expected_version)
    check_unpublished(claim, "its sources change")
    if not allowed(actor, Action.EDIT_SOURCE) and not can_transition(claim, "propose_verdict"):
        raise RuleViolation(
            f"this claim is {claim.status.label.lower()}: sources are linked to a claim "
            "that can still take a verdict"
        )
    if source.withdrawn:
        raise RuleViolation(
            f"source {source.id} ({source.title}) is withdrawn; an editor can restore it",
            field="url",
        )
    stance = _stance(stance)
    excerpt = clean_text(excerpt, "excerpt", limit=EXCERPT_MAX, required=False)
    if source.id is not None and any(link.source_id == source.id for link in claim.sources):
        raise Conflict("this source is already linked to the claim", field="url")
    link = ClaimSource(claim=claim, source=source, stance=stance, excerpt=excerpt, added_by=actor)
    session.add(link)
    touch(claim, actor)
    record_event(
        session,
        claim,
        "source_linked",
        actor=actor,
        after={
            "source_id": source.id,
            "url": source.url,
            "stance": stance.value,
            "excerpt": excerpt,
        },
    )
    return link


def unlink_source(
    session: orm.Session,
    link: ClaimSource,
    *,
    actor: User | None,
    expected_version: int | None = None,
) -> None:
    """Remove a source from a claim (the source itself stays on the desk).

    A reviewer removes only the links they added; an editor any.
    """
    require(actor, Action.LINK_SOURCE)
    if not may_unlink(actor, link):
        needed = REQUIRED_ROLE[Action.EDIT_SOURCE]
        raise PermissionDenied(
            f"To unlink a source someone else linked you need the {needed.value} role or higher.",
            needed_role=needed.value,
        )
    claim = link.claim
    check_version(session, claim, expected_version)
    check_unpublished(claim, "its sources change")
    if (
        claim.status is ClaimStatus.VERDICT_PROPOSED
        and claim.rating is not None
        and claim.rating.needs_source
        and len(claim.sources) == 1
    ):
        raise RuleViolation(
            f"the proposed “{claim.rating.label}” verdict rests on this source alone; "
            "link another source first, or reopen the verdict"
        )
    before = {
        "source_id": link.source_id,
        "url": link.source.url,
        "stance": link.stance.value,
        "excerpt": link.excerpt,
    }
    claim.sources.remove(link)
    touch(claim, actor)
    record_event(session, claim, "source_unlinked", actor=actor, before=before)


def may_unlink(actor: User | None, link: ClaimSource) -> bool:
    """Tell whether `actor` may remove `link`: an editor any, a reviewer their own."""
    if not allowed(actor, Action.LINK_SOURCE):
        return False
    if allowed(actor, Action.EDIT_SOURCE):
        return True
    if actor is None:
        return False
    if link.added_by_id is None:  # linked in this very transaction, not yet flushed
        return link.added_by is actor
    return link.added_by_id == actor.id


def resolve_source(session: orm.Session, reference: str, *, field: str = "source") -> Source:
    """Return the recorded source that `reference` names: its id, its address (in any
    spelling) or its exact title; refuse a reference that names none, or several."""
    text = " ".join(reference.split())
    number = whole_number(text, minimum=1)
    if number is not None:
        source = session.get(Source, number)
        if source is None:
            raise NotFound(f"no source {number}", field=field)
        return source
    if control_character(text) is None:
        if text.lower().startswith(("http://", "https://")):
            source = find_source(session, text, field=field)
            if source is None:
                raise NotFound(f"no source is recorded at {text}", field=field)
            return source
        titled = list(session.scalars(sa.select(Source).where(Source.title == text).limit(2)))
        if len(titled) > 1:
            raise Conflict(
                f"several sources are titled {text!r}; give the id or the address", field=field
            )
        if titled:
            return titled[0]
    raise NotFound(f"no source is called {text!r}", field=field)

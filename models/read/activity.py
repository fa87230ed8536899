"""The audit trail in words: a claim's history, the desk's recent activity, and what
changed meanwhile when a stale edit is refused.

The trail stores ids and slugs (speaker_id, assignee_id, rating); people read names and
labels, so this module looks them up, in one query per kind for a whole list of events.
Every action is worded once, in ACTIONS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.claim import Claim
from ..tables.claim_event import ClaimEvent
from ..tables.enums import ClaimStatus
from ..tables.rating import Rating
from ..tables.speaker import Speaker
from ..tables.user import User

ACTIVITY_LIMIT = 15

# What each audit action did, in words ("Ada proposed a verdict"); an action not listed
# reads as its own name. The activity feed adds a detail where the event carries one.
ACTIONS = {
    "created": "logged the claim",
    "review_started": "started reviewing",
    "verdict_proposed": "proposed a verdict",
    "verdict_approved": "approved the verdict",
    "reopened": "reopened the verdict",
    "assigned": "changed the assignee",
    "commented": "commented",
    "source_linked": "linked a source",
    "source_unlinked": "unlinked a source",
    "edited": "edited the claim",
    "match_confirmed": "confirmed it is the same claim as another",
    "match_rejected": "rejected a possible match",
    # an article's text replaced (models.services.revisions)
    "quote_reanchored": "replaced the article's text; the quote was found again",
    "quote_changed": "replaced the article's text; the quote's words changed",
    "quote_lost": "replaced the article's text; the quote is not in it",
    "quote_still_lost": "replaced the article's text; the quote is still not in it",
    "quote_found": "replaced the article's text; the lost quote is back",
    "verdict_stands": "said the verdict stands for the quote's changed words",
    "quote_placed": "placed the lost quote again, on words chosen by hand",
}

LABELS = {
    "status": "Status",
    "rating": "Verdict",
    "rating_explanation": "Explanation",
    "assignee_id": "Assignee",
    "speaker_id": "Speaker",
    "summary": "Summary",
    "text": "Claim text",
    "quote_start": "Quote starts at",
    "quote_end": "Quote ends at",
    "reason": "Reason",
    "comment": "Comment",
    "url": "Source",
    "stance": "Stance",
    "excerpt": "Excerpt",
    "match": "Match",
    "other_claim": "Other claim",
    "quote": "Quote",
    "revision": "Text revision",
    "method": "Found by",
    "score": "Similarity",
    "lost_words": "Words not found",
    "recheck_needed": "Verdict to recheck",
}
# fields that say nothing a reader needs (the url names the source already)
HIDDEN = {"source_id"}
EMPTY = "—"


@dataclass
class Change:
    """One field of a change: its label and its value before and after, as text."""

    label: str
    before: str | None
    after: str | None


@dataclass
class HistoryEntry:
    """One event of the trail, ready to print."""

    actor: str | None  # None: the desk itself (the seed loader, a migration)
    at: dt.datetime | None
    action: str
    words: str
    changes: list[Change] = field(default_factory=list)
    version: int | None = None


def action_words(action: str) -> str:
    """Say in words what an audit action did ("approved the verdict")."""
    return ACTIONS.get(action, action.replace("_", " "))


@dataclass
class _Names:
    users: dict[int, str]
    speakers: dict[int, str]
    ratings: dict[str, str]


def _collect(payloads: Iterable[dict[str, Any] | None]) -> tuple[set[int], set[int], set[str]]:
    users: set[int] = set()
    speakers: set[int] = set()
    ratings: set[str] = set()
    for payload in payloads:
        for key, value in (payload or {}).items():
            if value is None:
                continue
            if key == "assignee_id":
                users.add(int(value))
            elif key == "speaker_id":
                speakers.add(int(value))
            elif key == "rating":
                ratings.add(str(value))
    return users, speakers, ratings


def _lookup(session: orm.Session, key: Any, label: Any, wanted: set[Any]) -> dict[Any, str]:
    if not wanted:
        return {}
    return {row[0]: row[1] for row in session.execute(sa.select(key, label).where(key.in_(wanted)))}


def _names(session: orm.Session, payloads: list[dict[str, Any] | None]) -> _Names:
    user_ids, speaker_ids, slugs = _collect(payloads)
    return _Names(
        users=_lookup(session, User.id, User.display_name, user_ids),
        speakers=_lookup(session, Speaker.id, Speaker.name, speaker_ids),
        ratings=_lookup(session, Rating.slug, Rating.label, slugs),
    )


def _readable(key: str, value: Any, names: _Names) -> str | None:
    if value is None or value == "":
        return {"assignee_id": "nobody", "speaker_id": "unknown speaker"}.get(key)
    if key == "assignee_id":
        return names.users.get(int(value), f"member {value}")
    if key == "speaker_id":
        return names.speakers.get(int(value), f"speaker {value}")
    if key == "rating":
        return names.ratings.get(str(value), str(value))
    if key == "status":
        try:
            return ClaimStatus(value).label
        except ValueError:
            return str(value)
    return str(value)


def _changes(
    action: str, before: dict[str, Any] | None, after: dict[str, Any] | None, names: _Names
) -> list[Change]:
    before = before or {}
    after = after or {}
    keys = list(after) + [key for key in before if key not in after]
    if action == "created":
        # the first snapshot repeats the claim itself; the workflow fields say enough
        keys = [key for key in keys if key in ("summary", "speaker_id", "status")]
    changes = []
    for key in keys:
        if key in HIDDEN:
            continue
        old = _readable(key, before.get(key), names) if key in before else None
        new = _readable(key, after.get(key), names) if key in after else None
        if old == new:
            continue
        changes.append(Change(LABELS.get(key, key.replace("_", " ").capitalize()), old, new))
    return changes


def _entry(
    actor: str | None,
    at: dt.datetime | None,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    version: int | None,
    names: _Names,
) -> HistoryEntry:
    return HistoryEntry(
        actor=actor,
        at=at,
        action=action,
        words=action_words(action),
        changes=_changes(action, before, after, names),
        version=version,
    )


def claim_history(
    session: orm.Session, claim: Claim, *, newest_first: bool = True
) -> list[HistoryEntry]:
    """Return the claim's whole audit trail in words."""
    events = list(
        session.scalars(
            sa.select(ClaimEvent)
            .where(ClaimEvent.claim_id == claim.id)
            .options(orm.joinedload(ClaimEvent.actor))
            .order_by(ClaimEvent.id.desc() if newest_first else ClaimEvent.id)
        )
    )
    names = _names(session, [p for e in events for p in (e.before, e.after)])
    return [
        _entry(
            e.actor.display_name if e.actor else None,
            e.created_at,
            e.action,
            e.before,
            e.after,
            e.claim_version,
            names,
        )
        for e in events
    ]


def describe_events(session: orm.Session, events: list[dict[str, Any]]) -> list[HistoryEntry]:
    """Put in words the events a refused stale change reports (StaleVersion.changes).

    Each event is a dict with "action", "by" (a display name), "at" (ISO 8601), "before"
    and "after".
    """
    names = _names(session, [p for e in events for p in (e.get("before"), e.get("after"))])
    entries = []
    for event in events:
        at = event.get("at")
        moment = dt.datetime.fromisoformat(at) if isinstance(at, str) else at
        entries.append(
            _entry(
                event.get("by"),
                moment,
                str(event.get("action", "")),
                event.get("before"),
                event.get("after"),
                None,
                names,
            )
        )
    return entries


@dataclass
class Activity:
    """One line of the activity feed: who did what to which claim, and when."""

    event: ClaimEvent
    description: str


def recent_activity(session: orm.Session, *, limit: int = ACTIVITY_LIMIT) -> list[Activity]:
    """Return the newest audit events across the desk, each described in words."""
    events = list(
        session.scalars(
            sa.select(ClaimEvent)
            .options(
                orm.joinedload(ClaimEvent.actor),
                orm.joinedload(ClaimEvent.claim).load_only(
                    Claim.id, Claim.summary, Claim.article_id
                ),
            )
            .order_by(ClaimEvent.created_at.desc(), ClaimEvent.id.desc())
            .limit(limit)
        )
    )
    names = _names(session, [e.after for e in events])
    return [Activity(e, describe_event(e.action, e.after, names)) for e in events]


def describe_event(action: str, after: dict[str, Any] | None, names: _Names) -> str:
    """Say what an event did, with its detail ("proposed the verdict “Mostly true”")."""
    after = after or {}
    if action == "verdict_proposed" and after.get("rating"):
        slug = str(after["rating"])
        return f"proposed the verdict “{names.ratings.get(slug, slug)}”"
    if action == "assigned":
        assignee = after.get("assignee_id")
        if assignee is None:
            return "unassigned the claim"
        return f"assigned the claim to {names.users.get(int(assignee), 'a member')}"
    if action == "edited" and after:
        return "edited " + ", ".join(key.replace("_", " ") for key in sorted(after))
    if action == "source_linked" and after.get("stance"):
        return f"linked a source ({after['stance']})"
    return action_words(action)

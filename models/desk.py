"""What the desk pages list: a member's queue, recent activity, an article's claims."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from .article import Article, Speaker
from .claim import Claim, ClaimEvent, Rating
from .queue import my_queue, why_queued
from .user import User

QUEUE_LIMIT = 12
ACTIVITY_LIMIT = 15


def _claim_rows(stmt: sa.Select) -> sa.Select:
    # lists show the article's title, never its body
    return stmt.options(
        orm.joinedload(Claim.speaker),
        orm.joinedload(Claim.rating),
        orm.joinedload(Claim.assignee),
        orm.joinedload(Claim.article).load_only(Article.id, Article.title),
    )


def queue_groups(
    session: orm.Session, user: User, *, limit: int = QUEUE_LIMIT
) -> list[tuple[str, list[Claim]]]:
    """Return `user`'s queue (see models.queue) as (why, claims) groups, in queue order."""
    groups: list[tuple[str, list[Claim]]] = []
    for claim in my_queue(session, user, limit=limit):
        reason = why_queued(claim, user)
        if not groups or groups[-1][0] != reason:
            groups.append((reason, []))
        groups[-1][1].append(claim)
    return groups


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
    user_ids = {
        e.after.get("assignee_id") for e in events if e.action == "assigned" and e.after
    } - {None}
    names: dict[int, str] = {}
    if user_ids:
        names = dict(
            session.execute(
                sa.select(User.id, User.display_name).where(User.id.in_(user_ids))
            ).all()
        )
    labels = dict(session.execute(sa.select(Rating.slug, Rating.label)).all())
    return [Activity(e, describe_event(e, names=names, labels=labels)) for e in events]


def describe_event(
    event: ClaimEvent, *, names: dict[int, str] | None = None, labels: dict[str, str] | None = None
) -> str:
    """Say in a few words what an audit event did ("proposed the verdict Mostly true")."""
    after: dict[str, Any] = event.after or {}
    names = names or {}
    labels = labels or {}
    action = event.action
    if action == "created":
        return "logged the claim"
    if action == "review_started":
        return "started reviewing"
    if action == "verdict_proposed":
        slug = after.get("rating")
        return f"proposed the verdict “{labels.get(slug, slug)}”" if slug else "proposed a verdict"
    if action == "verdict_approved":
        return "approved the verdict"
    if action == "reopened":
        return "reopened the verdict"
    if action == "assigned":
        assignee = after.get("assignee_id")
        if assignee is None:
            return "unassigned the claim"
        return f"assigned the claim to {names.get(assignee, 'a member')}"
    if action == "commented":
        return "commented"
    if action == "edited":
        changed = ", ".join(key.replace("_", " ") for key in sorted(after)) or "the claim"
        return f"edited {changed}"
    if action == "source_linked":
        stance = after.get("stance")
        return f"linked a source ({stance})" if stance else "linked a source"
    if action == "source_unlinked":
        return "removed a source"
    return action.replace("_", " ")


def article_claims(session: orm.Session, article_id: int) -> list[Claim]:
    """Return the article's claims in reading order, with speaker, verdict and assignee."""
    return list(
        session.scalars(
            sa.select(Claim)
            .where(Claim.article_id == article_id)
            .options(
                orm.joinedload(Claim.speaker),
                orm.joinedload(Claim.rating),
                orm.joinedload(Claim.assignee),
            )
            .order_by(Claim.quote_start, Claim.id)
        )
    )


def speaker_claims(session: orm.Session, speaker_id: int) -> list[Claim]:
    """Return the speaker's claims, by article and reading order."""
    return list(
        session.scalars(
            _claim_rows(sa.select(Claim).where(Claim.speaker_id == speaker_id)).order_by(
                Claim.article_id, Claim.quote_start, Claim.id
            )
        )
    )


def speaker_names(session: orm.Session) -> list[str]:
    """Return every speaker's name, for a pick-or-type speaker field."""
    return list(session.scalars(sa.select(Speaker.name).order_by(Speaker.name)))

"""Withdrawing what was logged by mistake, restoring it, and purging it for good.

An editor withdraws an article, a claim or a source with a reason: the row stays, with
who withdrew it, when and why, and every list, queue, search, tally and report leaves
it out (`Withdrawable.withdrawn_at IS NULL`). A claim's withdrawal and restoring go into
its own trail; an article's or a source's into the desk's (`desk_events`).

Withdrawing an article withdraws its claims in use with it, at the same moment, each
with an event in its trail; restoring the article restores exactly those (the claims
withdrawn at that moment), not a claim withdrawn on its own before. Cascading the flag
keeps every claim query a condition on the claim's own row, which the claim list's
indexes serve, instead of a join to the article on every list, count and tally trigger.

An approved verdict is published: it leaves only through a reopen, which writes a public
correction. Withdrawing an approved claim, an article holding one, or a source a claim
in use still cites is refused with what to do instead.

Purging (an admin, from the CLI) deletes withdrawn rows for good. Each purged row leaves
a `purged` desk event with what it was; a claim's event also holds a copy of its whole
trail, and only then does the database let the claim's own events go (migration 0008).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from ..errors import RuleViolation
from ..permissions import Action, require
from ..tables.article import Article
from ..tables.base import utcnow
from ..tables.claim import Claim
from ..tables.claim_event import ClaimEvent
from ..tables.comment import Comment
from ..tables.correction import Correction
from ..tables.desk_event import DeskEvent
from ..tables.enums import ClaimStatus
from ..tables.source import ClaimSource, Source
from ..tables.user import User
from ..text.inputs import clean_text
from .audit import record_event
from .locking import check_version as check_record_version
from .workflow import check_version, touch

REASON_MAX = 2_000
SHOWN = 10  # claims named in a refusal


def _reason(reason: str) -> str:
    return clean_text(reason, "reason", limit=REASON_MAX)


def _mark(row: Article | Claim | Source, reason: str, actor: User | None, at: dt.datetime) -> None:
    row.withdrawn_at = at
    row.withdrawn_by = actor
    row.withdrawn_reason = reason


def _clear(row: Article | Claim | Source) -> None:
    row.withdrawn_at = None
    row.withdrawn_by = None
    row.withdrawn_reason = None


def _desk_event(
    session: orm.Session,
    action: str,
    subject: str,
    subject_id: int,
    *,
    actor: User | None,
    details: dict[str, Any],
) -> DeskEvent:
    event = DeskEvent(
        action=action, subject=subject, subject_id=subject_id, actor=actor, details=details
    )
    session.add(event)
    return event


def _listed(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:SHOWN])
    return shown + (f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else "")


def withdraw_claim(
    session: orm.Session,
    claim: Claim,
    reason: str,
    *,
    actor: User | None,
    expected_version: int | None = None,
) -> None:
    """Set the claim aside with the reason; an approved verdict must be reopened first."""
    require(actor, Action.WITHDRAW)
    check_version(session, claim, expected_version)
    reason = _reason(reason)
    if claim.withdrawn:
        raise RuleViolation("this claim is withdrawn already")
    if claim.status is ClaimStatus.APPROVED:
        raise RuleViolation(
            "this verdict is approved and published: reopen it first (Reopen writes a public "
            "correction), then withdraw the claim"
        )
    _withdraw_claim(session, claim, reason, actor, utcnow())


def _withdraw_claim(
    session: orm.Session,
    claim: Claim,
    reason: str,
    actor: User | None,
    at: dt.datetime,
    article: Article | None = None,
) -> None:
    _mark(claim, reason, actor, at)
    touch(claim, actor)
    after: dict[str, Any] = {"reason": reason}
    if article is not None:
        after["with_article"] = article.id
    record_event(session, claim, "withdrawn", actor=actor, after=after)


def restore_claim(
    session: orm.Session, claim: Claim, *, actor: User | None, expected_version: int | None = None
) -> None:
    """Bring a withdrawn claim back into use (its article must be in use)."""
    require(actor, Action.WITHDRAW)
    check_version(session, claim, expected_version)
    if not claim.withdrawn:
        raise RuleViolation("this claim is not withdrawn")
    if claim.article.withdrawn:
        raise RuleViolation(
            f"its article {claim.article.title!r} is withdrawn: restore the article instead"
        )
    _restore_claim(session, claim, actor)


def _restore_claim(session: orm.Session, claim: Claim, actor: User | None) -> None:
    before = {"reason": claim.withdrawn_reason}
    _clear(claim)
    touch(claim, actor)
    record_event(session, claim, "restored", actor=actor, before=before)


def withdraw_article(
    session: orm.Session,
    article: Article,
    reason: str,
    *,
    actor: User | None,
    expected_version: int | None = None,
) -> list[Claim]:
    """Set the article aside with its claims in use; return the claims withdrawn with it.

    Refused while any of its claims has an approved (published) verdict.
    """
    require(actor, Action.WITHDRAW)
    check_record_version(article, expected_version, "article")
    reason = _reason(reason)
    if article.withdrawn:
        raise RuleViolation("this article is withdrawn already")
    in_use = list(
        session.scalars(
            sa.select(Claim)
            .where(Claim.article_id == article.id, Claim.withdrawn_at.is_(None))
            .order_by(Claim.id)
        )
    )
    approved = [c.id for c in in_use if c.status is ClaimStatus.APPROVED]
    if approved:
        raise RuleViolation(
            f"claims {_listed(approved)} of this article have approved, published verdicts: "
            "reopen them first (Reopen writes a public correction), then withdraw the article"
        )
    at = utcnow()
    _mark(article, reason, actor, at)
    for claim in in_use:
        _withdraw_claim(session, claim, reason, actor, at, article)
    _desk_event(
        session,
        "withdrawn",
        "article",
        article.id,
        actor=actor,
        details={"title": article.title, "reason": reason, "claims": [c.id for c in in_use]},
    )
    return in_use


def restore_article(
    session: orm.Session,
    article: Article,
    *,
    actor: User | None,
    expected_version: int | None = None,
) -> list[Claim]:
    """Bring the article back with the claims withdrawn with it; return those claims."""
    require(actor, Action.WITHDRAW)
    check_record_version(article, expected_version, "article")
    if not article.withdrawn:
        raise RuleViolation("this article is not withdrawn")
    together = list(
        session.scalars(
            sa.select(Claim)
            .where(Claim.article_id == article.id, Claim.withdrawn_at == article.withdrawn_at)
            .order_by(Claim.id)
        )
    )
    reason = article.withdrawn_reason
    _clear(article)
    for claim in together:
        _restore_claim(session, claim, actor)
    _desk_event(
        session,
        "restored",
        "article",
        article.id,
        actor=actor,
        details={"title": article.title, "reason": reason, "claims": [c.id for c in together]},
    )
    return together


def withdraw_source(
    session: orm.Session,
    source: Source,
    reason: str,
    *,
    actor: User | None,
    expected_version: int | None = None,
) -> None:
    """Set the source aside; refused while a claim in use cites it (unlink it first)."""
    require(actor, Action.WITHDRAW)
    check_record_version(source, expected_version, "source")
    reason = _reason(reason)
    if source.withdrawn:
        raise RuleViolation("this source is withdrawn already")
    citing = list(
        session.scalars(
            sa.select(ClaimSource.claim_id)
            .join(Claim, Claim.id == ClaimSource.claim_id)
            .where(ClaimSource.source_id == source.id, Claim.withdrawn_at.is_(None))
            .order_by(ClaimSource.claim_id)
            .limit(SHOWN + 1)
        )
    )
    if citing:
        raise RuleViolation(
            f"claims {_listed(citing)} cite this source: unlink it from them first "
            "(an approved verdict's sources change only after a reopen)"
        )
    _mark(source, reason, actor, utcnow())
    _desk_event(
        session,
        "withdrawn",
        "source",
        source.id,
        actor=actor,
        details={"title": source.title, "url": source.url, "reason": reason},
    )


def restore_source(
    session: orm.Session, source: Source, *, actor: User | None, expected_version: int | None = None
) -> None:
    """Bring a withdrawn source back into the library."""
    require(actor, Action.WITHDRAW)
    check_record_version(source, expected_version, "source")
    if not source.withdrawn:
        raise RuleViolation("this source is not withdrawn")
    reason = source.withdrawn_reason
    _clear(source)
    _desk_event(
        session,
        "restored",
        "source",
        source.id,
        actor=actor,
        details={"title": source.title, "url": source.url, "reason": reason},
    )


# --- purge ------------------------------------------------------------------------------


@dataclass
class Purge:
    """What a purge deletes (or deleted): ids by kind."""

    articles: list[int] = field(default_factory=list)
    claims: list[int] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)

    def total(self) -> int:
        """Return how many rows the purge covers."""
        return len(self.articles) + len(self.claims) + len(self.sources)


def purgeable(session: orm.Session, *, older_than: dt.timedelta | None = None) -> Purge:
    """Return what a purge would delete: rows withdrawn longer ago than `older_than`.

    A withdrawn article's claims go with it, whenever they were withdrawn.
    """
    cutoff = utcnow() - older_than if older_than is not None else None

    def ids(model: type[Article] | type[Claim] | type[Source]) -> list[int]:
        stmt = sa.select(model.id).where(model.withdrawn_at.is_not(None))
        if cutoff is not None:
            stmt = stmt.where(model.withdrawn_at <= cutoff)
        return list(session.scalars(stmt.order_by(model.id)))

    articles = ids(Article)
    claims = set(ids(Claim))
    if articles:
        claims.update(session.scalars(sa.select(Claim.id).where(Claim.article_id.in_(articles))))
    return Purge(articles=articles, claims=sorted(claims), sources=ids(Source))


def purge(session: orm.Session, plan: Purge, *, actor: User | None) -> Purge:
    """Delete the rows of `plan` for good, each leaving a `purged` desk event.

    Rows no longer withdrawn (restored since the plan was read) are skipped; the purge
    that happened is returned. Sources are purged with their links to withdrawn claims.
    """
    require(actor, Action.PURGE)
    done = Purge()
    articles = {a.id: a for a in _withdrawn(session, Article, plan.articles)}
    claims = list(_withdrawn(session, Claim, plan.claims))
    claims += [
        c
        for c in session.scalars(
            sa.select(Claim).where(Claim.article_id.in_(list(articles))).order_by(Claim.id)
        )
        if c.id not in {k.id for k in claims}
    ]
    for claim in claims:
        trail = [
            {
                "id": e.id,
                "action": e.action,
                "actor_id": e.actor_id,
                "at": e.created_at.isoformat(),
                "claim_version": e.claim_version,
                "before": e.before,
                "after": e.after,
            }
            for e in session.scalars(
                sa.select(ClaimEvent).where(ClaimEvent.claim_id == claim.id).order_by(ClaimEvent.id)
            )
        ]
        _desk_event(
            session,
            "purged",
            "claim",
            claim.id,
            actor=actor,
            details={
                "article_id": claim.article_id,
                "summary": claim.summary,
                "claim": claim.snapshot(),
                "withdrawn_at": claim.withdrawn_at.isoformat() if claim.withdrawn_at else None,
                "reason": claim.withdrawn_reason,
                "trail": trail,
            },
        )
        done.claims.append(claim.id)
    sources = list(_withdrawn(session, Source, plan.sources))
    for source in sources:
        _desk_event(
            session,
            "purged",
            "source",
            source.id,
            actor=actor,
            details={"title": source.title, "url": source.url, "reason": source.withdrawn_reason},
        )
        done.sources.append(source.id)
    for article in articles.values():
        _desk_event(
            session,
            "purged",
            "article",
            article.id,
            actor=actor,
            details={
                "title": article.title,
                "reason": article.withdrawn_reason,
                "claims": sorted(c.id for c in claims if c.article_id == article.id),
            },
        )
        done.articles.append(article.id)
    session.flush()  # the purge events first: the database guards the claims' trails
    # bulk deletes: the ORM's per-object guard (which refuses to delete a claim event,
    # whatever the reason) is for the unit of work; the database's guard checks the purge
    for chunk in _chunks(done.claims):
        session.execute(sa.delete(ClaimSource).where(ClaimSource.claim_id.in_(chunk)))
        session.execute(sa.delete(Comment).where(Comment.claim_id.in_(chunk)))
        session.execute(sa.delete(Correction).where(Correction.claim_id.in_(chunk)))
        session.execute(sa.delete(ClaimEvent).where(ClaimEvent.claim_id.in_(chunk)))
        session.execute(sa.delete(Claim).where(Claim.id.in_(chunk)))
    for chunk in _chunks(done.sources):
        session.execute(sa.delete(ClaimSource).where(ClaimSource.source_id.in_(chunk)))
        session.execute(sa.delete(Source).where(Source.id.in_(chunk)))
    for chunk in _chunks(done.articles):
        session.execute(sa.delete(Article).where(Article.id.in_(chunk)))
    session.expunge_all()  # the deleted rows' objects must not be flushed again
    return done


def _withdrawn(session: orm.Session, model: Any, ids: list[int]) -> list[Any]:
    found: list[Any] = []
    for chunk in _chunks(ids):
        found += session.scalars(
            sa.select(model).where(model.id.in_(chunk), model.withdrawn_at.is_not(None))
        )
    return sorted(found, key=lambda row: row.id)


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]

"""Claims an editor confirmed are the same claim: the other appearances a report names.

Only confirmed matches count (a suggestion is a guess). They are few (each one an
editor's decision), so a report reads them all once, before its claims are streamed,
and looks each claim up in the dict.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.claim_match import ClaimMatch, MatchState


@dataclass(frozen=True)
class SameClaim:
    """Another appearance of a claim: the other claim and the article it was said in."""

    claim_id: int
    article_title: str
    article_url: str | None
    published: dt.date | None
    language: str | None


def same_claims(session: orm.Session) -> dict[int, tuple[SameClaim, ...]]:
    """Return, for every claim in a confirmed match, the other claims (in use) it is."""
    other = orm.aliased(Claim)
    rows = session.execute(
        sa.select(
            ClaimMatch.claim_id,
            ClaimMatch.other_claim_id,
        ).where(ClaimMatch.state == MatchState.CONFIRMED)
    ).all()
    if not rows:
        return {}
    ids = {i for row in rows for i in row}
    appearances = {
        row.id: SameClaim(row.id, row.title, row.url, row.published, row.language)
        for row in session.execute(
            sa.select(other.id, Article.title, Article.url, Article.published, Article.language)
            .join(Article, Article.id == other.article_id)
            .where(other.id.in_(ids), other.withdrawn_at.is_(None))
        )
    }
    found: dict[int, list[SameClaim]] = defaultdict(list)
    for one, two in rows:
        if one in appearances and two in appearances:
            found[one].append(appearances[two])
            found[two].append(appearances[one])
    return {
        claim_id: tuple(sorted(others, key=lambda s: s.claim_id))
        for claim_id, others in found.items()
    }

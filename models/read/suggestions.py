"""Claim suggestions waiting for an editor, as the article page shows them."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.claim import Claim
from ..tables.suggestion import ClaimSuggestion, SuggestionState
from ..text.spans import covered_by


def open_suggestions(
    session: orm.Session, article_id: int, claims: Sequence[Claim]
) -> list[ClaimSuggestion]:
    """Return the article's open suggestions in reading order, minus those `claims` answer.

    `claims` are the article's claims as the page shows them: a suggestion whose words
    were logged by hand meanwhile is answered and not offered again.
    """
    rows = session.scalars(
        sa.select(ClaimSuggestion)
        .where(
            ClaimSuggestion.article_id == article_id,
            ClaimSuggestion.state == SuggestionState.OPEN,
        )
        .order_by(ClaimSuggestion.quote_start, ClaimSuggestion.id)
    ).all()
    spans = [(c.quote_start, c.quote_end) for c in claims]
    return [s for s in rows if not covered_by(s.quote_start, s.quote_end, spans)]


def decided_counts(session: orm.Session, article_id: int) -> dict[SuggestionState, int]:
    """Return how many of the article's suggestions are in each state."""
    rows = session.execute(
        sa.select(ClaimSuggestion.state, sa.func.count())
        .where(ClaimSuggestion.article_id == article_id)
        .group_by(ClaimSuggestion.state)
    )
    counts = dict.fromkeys(SuggestionState, 0)
    counts.update({state: n for state, n in rows})
    return counts

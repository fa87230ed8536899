"""The verdict scale's default steps, added to a desk that lacks them.

The desk may change the scale afterwards; reading it is models.read.ratings.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from ..tables.rating import Rating

# (slug, label, value, description); value None marks a verdict outside the scale.
DEFAULT_SCALE: list[tuple[str, str, int | None, str]] = [
    ("true", "Verified", 5, "The claim is accurate and nothing significant is missing."),
    (
        "mostly-true",
        "Mostly true",
        4,
        "The claim is accurate but needs clarification or misses a detail.",
    ),
    ("mixed", "Mixed", 3, "The claim is partly accurate and partly inaccurate."),
    (
        "misleading",
        "Misleading",
        2,
        "The claim has an element of truth but leaves a wrong impression.",
    ),
    ("false", "False", 1, "The claim is inaccurate."),
    (
        "unverifiable",
        "Unverifiable",
        None,
        "The evidence available does not allow the claim to be proven or disproven.",
    ),
]


def ensure_default_ratings(session: orm.Session) -> int:
    """Add the default verdict scale's missing steps; return how many were added."""
    existing = set(session.scalars(sa.select(Rating.slug)))
    added = 0
    for position, (slug, label, value, description) in enumerate(DEFAULT_SCALE):
        if slug not in existing:
            session.add(
                Rating(
                    slug=slug, label=label, value=value, description=description, position=position
                )
            )
            added += 1
    session.flush()
    return added

"""The verdict scale: seeded with a default, configurable by the desk afterwards."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from .claim import Rating
from .errors import ValidationError
from .inputs import control_character

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


def list_ratings(session: orm.Session) -> list[Rating]:
    """Return the verdict scale, best first."""
    return list(session.scalars(sa.select(Rating).order_by(Rating.position, Rating.id)))


def get_rating(session: orm.Session, slug: str) -> Rating:
    """Return the rating with `slug`, refusing an unknown one with the known slugs."""
    rating = None
    if not control_character(slug):  # no slug holds one; PostgreSQL cannot even compare a NUL
        rating = session.scalar(sa.select(Rating).where(Rating.slug == slug))
    if rating is None:
        known = ", ".join(r.slug for r in list_ratings(session))
        raise ValidationError(f"unknown verdict {slug!r}; choose one of {known}", field="rating")
    return rating


def scale_bounds(session: orm.Session) -> tuple[int | None, int | None]:
    """Return the (worst, best) numeric values of the scale."""
    worst, best = session.execute(
        sa.select(sa.func.min(Rating.value), sa.func.max(Rating.value))
    ).one()
    return worst, best

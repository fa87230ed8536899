"""The verdict scale as the desk holds it: its steps in order, one step by slug, its bounds."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from ..errors import ValidationError
from ..tables.rating import Rating
from ..text.inputs import control_character


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

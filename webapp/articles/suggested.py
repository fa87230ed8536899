"""Suggested claims as the article page shows them: each with its accept form and reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import orm

from models.services.speakers import UnknownSpeaker, closest_speakers, find_speaker
from models.services.suggestions import suggested_summary
from models.tables.suggestion import ClaimSuggestion

from .forms import SuggestionForm

# The score the "accept all above" box starts at: strong signals and no negative one.
DEFAULT_ACCEPT_SCORE = 0.7


def form_prefix(suggestion_id: int) -> str:
    """Return the field prefix of a suggestion's form (ids stay unique on the page)."""
    return f"s{suggestion_id}"


@dataclass
class SuggestionRefusal:
    """A suggestion whose acceptance was refused: the form as sent and what was wrong."""

    suggestion_id: int
    form: SuggestionForm
    unknown_speaker: UnknownSpeaker | None = None


@dataclass
class SuggestionView:
    """One suggested claim with what its card needs."""

    suggestion: ClaimSuggestion
    form: SuggestionForm
    unknown_speaker: UnknownSpeaker | None
    reasons: list[dict[str, Any]] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.suggestion.score * 100)


def _reasons(suggestion: ClaimSuggestion) -> list[dict[str, Any]]:
    """Return the suggestion's reasons, strongest first, each with a readable label."""
    reasons = [
        {
            "label": str(r.get("signal", "")).replace("_", " "),
            "weight": float(r.get("weight", 0.0)),
            "evidence": str(r.get("evidence", "")),
        }
        for r in suggestion.reasons or []
    ]
    return sorted(reasons, key=lambda r: -abs(r["weight"]))


def suggestion_views(
    session: orm.Session,
    suggestions: Sequence[ClaimSuggestion],
    refused: SuggestionRefusal | None = None,
) -> list[SuggestionView]:
    """Return a view of each open suggestion, its form prefilled (or as refused)."""
    unknown: dict[str, UnknownSpeaker | None] = {}
    views = []
    for suggestion in suggestions:
        if refused is not None and refused.suggestion_id == suggestion.id:
            views.append(
                SuggestionView(
                    suggestion, refused.form, refused.unknown_speaker, _reasons(suggestion)
                )
            )
            continue
        name = suggestion.speaker_name
        if name and name not in unknown:
            known = find_speaker(session, name) is not None
            unknown[name] = None if known else UnknownSpeaker(name, closest_speakers(session, name))
        form = SuggestionForm(
            formdata=None,
            prefix=form_prefix(suggestion.id),
            summary=suggested_summary(suggestion.exact),
            speaker=name,
        )
        views.append(
            SuggestionView(
                suggestion, form, unknown.get(name) if name else None, _reasons(suggestion)
            )
        )
    return views

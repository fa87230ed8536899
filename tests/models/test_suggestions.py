"""Suggested claims: accepting, dismissing and accepting above a score, and what is remembered."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import Claim, ClaimSuggestion, Role, Speaker, SuggestionState
from models.errors import Conflict, PermissionDenied, RuleViolation, ValidationError
from models.services import speakers, suggestions
from models.services.speakers import UnknownSpeaker
from models.tables.claim import SUMMARY_MAX
from models.text.spans import covered_by

from ..factories import make_article, make_claim, make_suggestion, make_user


def _suggest(
    session: orm.Session, article, words: str, *, speaker: str | None = None, score: float = 0.8
) -> ClaimSuggestion:
    return make_suggestion(
        session, article, words, speaker=speaker, score=score, speaker_reason="named in the test"
    )


def test_the_text_key_ignores_case_spacing_quotes_and_dashes() -> None:
    key = suggestions.text_key
    assert key("Alibaba’s share — 80%") == key("alibaba's   share - 80%")
    assert key("“Forty” per cent") == key('"forty" PER cent')
    assert key("Alibaba holds 80%") != key("Alibaba holds 90%")
    assert len(key("x")) == 64


def test_a_span_is_covered_when_half_of_the_shorter_is_shared() -> None:
    assert covered_by(10, 20, [(15, 40)])  # 5 of the shorter 10
    assert not covered_by(10, 20, [(16, 40)])
    assert covered_by(0, 100, [(40, 50)])  # a claim inside a long suggestion
    assert not covered_by(0, 10, [])


def test_accepting_makes_a_claim_at_its_words_with_a_summary(session: orm.Session) -> None:
    editor = make_user(session, Role.EDITOR)
    speakers.create_speaker(session, "The Analyst", actor=editor)
    article = make_article(session)
    words = "Alibaba holds 80% of the cloud market, said the analyst."
    suggestion = _suggest(session, article, words, speaker="The Analyst")

    claim = suggestions.accept_suggestion(session, suggestion, actor=editor)

    assert (claim.quote_start, claim.quote_end) == (suggestion.quote_start, suggestion.quote_end)
    assert article.body[claim.quote_start : claim.quote_end] == words
    assert claim.summary == words and len(claim.summary) <= SUMMARY_MAX
    assert claim.speaker is not None and claim.speaker.name == "The Analyst"
    assert suggestion.state is SuggestionState.ACCEPTED
    assert suggestion.claim is claim and suggestion.decided_by is editor
    made = f"already accepted this suggestion as claim {claim.id}"
    with pytest.raises(RuleViolation, match=made):
        suggestions.accept_suggestion(session, suggestion, actor=editor)
    with pytest.raises(RuleViolation, match="already accepted"):
        suggestions.dismiss_suggestion(session, suggestion, actor=editor)


def test_a_long_suggestion_gets_a_summary_cut_at_a_word() -> None:
    text = "“" + " ".join(["Exports"] + ["grew by 12 per cent"] * 10) + "”"
    summary = suggestions.suggested_summary(text)
    assert len(summary) <= SUMMARY_MAX and summary.endswith("…")
    assert summary.startswith("Exports grew") and not summary.startswith("“")
    assert text.replace("“", "").startswith(summary[:-1].rstrip())


def test_an_unknown_speaker_is_refused_with_the_closest_names_then_added_on_request(
    session: orm.Session,
) -> None:
    editor = make_user(session, Role.EDITOR)
    speakers.create_speaker(session, "Whole Foods Market", actor=editor)
    article = make_article(session)
    suggestion = _suggest(session, article, "Services are 54% of GDP today.", speaker="Whole Foods")

    with pytest.raises(UnknownSpeaker) as refused:
        suggestions.accept_suggestion(session, suggestion, actor=editor)
    assert refused.value.closest == ["Whole Foods Market"]
    assert "closest: Whole Foods Market" in refused.value.message
    assert suggestion.is_open

    claim = suggestions.accept_suggestion(
        session,
        suggestion,
        suggestions.Acceptance(speaker="Whole Foods", new_speaker=True),
        actor=editor,
    )
    assert claim.speaker is not None and claim.speaker.name == "Whole Foods"
    assert session.scalar(sa.select(sa.func.count()).select_from(Speaker)) == 2


def test_the_editor_may_change_summary_and_speaker_when_accepting(session: orm.Session) -> None:
    editor = make_user(session, Role.EDITOR)
    speakers.create_speaker(session, "Pascal Coppens", actor=editor, aliases=["Pascal"])
    article = make_article(session)
    suggestion = _suggest(session, article, "Services are 54% of GDP today.", speaker=None)
    claim = suggestions.accept_suggestion(
        session,
        suggestion,
        suggestions.Acceptance(summary="Services share of GDP", speaker="Pascal"),
        actor=editor,
    )
    assert claim.summary == "Services share of GDP"
    assert claim.speaker is not None and claim.speaker.name == "Pascal Coppens"


def test_reviewers_cannot_decide_suggestions(session: orm.Session) -> None:
    reviewer = make_user(session, Role.REVIEWER)
    article = make_article(session)
    suggestion = _suggest(session, article, "Services are 54% of GDP today.")
    with pytest.raises(PermissionDenied):
        suggestions.accept_suggestion(session, suggestion, actor=reviewer)
    with pytest.raises(PermissionDenied):
        suggestions.dismiss_suggestion(session, suggestion, actor=reviewer)
    assert suggestion.is_open


def test_words_already_logged_by_hand_are_refused_as_a_duplicate(session: orm.Session) -> None:
    editor = make_user(session, Role.EDITOR)
    article = make_article(session)
    words = "Services are 54% of GDP today."
    make_claim(session, article, quote=words, summary="GDP")
    suggestion = _suggest(session, article, words)
    with pytest.raises(Conflict, match="already claim"):
        suggestions.accept_suggestion(session, suggestion, actor=editor)


def test_a_suggestion_whose_words_left_the_body_is_refused(session: orm.Session) -> None:
    editor = make_user(session, Role.EDITOR)
    article = make_article(session)
    suggestion = _suggest(session, article, "Services are 54% of GDP today.")
    suggestion.exact = "Services are 55% of GDP today."
    with pytest.raises(ValidationError, match="no longer holds"):
        suggestions.accept_suggestion(session, suggestion, actor=editor)


def test_accept_above_takes_the_strong_ones_and_says_why_it_left_others(
    session: orm.Session,
) -> None:
    editor = make_user(session, Role.EDITOR)
    speakers.create_speaker(session, "The Analyst", actor=editor)
    article = make_article(session)
    strong = _suggest(
        session, article, "Alibaba holds 80% of the cloud market", speaker="The Analyst"
    )
    new_name = _suggest(
        session, article, "The desk counted 130 new models", speaker="Nobody Known", score=0.9
    )
    weak = _suggest(session, article, "Services are 54% of GDP today.", score=0.4)

    with pytest.raises(ValidationError):
        suggestions.accept_above(session, article, 1.5, actor=editor)
    result = suggestions.accept_above(session, article, 0.7, actor=editor)

    assert [c.quote_start for c in result.accepted] == [strong.quote_start]
    assert [(s.id, reason) for s, reason in result.left] == [
        (new_name.id, "'Nobody Known' is not a speaker on the desk yet")
    ]
    assert strong.state is SuggestionState.ACCEPTED
    assert new_name.is_open and weak.is_open
    count = session.scalar(sa.select(sa.func.count()).select_from(Claim))
    assert count == 1


def test_one_suggestion_per_text_and_article(session: orm.Session) -> None:
    article = make_article(session)
    _suggest(session, article, "Services are 54% of GDP today.")
    with pytest.raises(sa.exc.IntegrityError), session.begin_nested():
        _suggest(session, article, "Services are 54% of GDP today.")

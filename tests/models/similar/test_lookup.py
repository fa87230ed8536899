"""The lookup on both databases, and matches found, decided and reused by the services."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import ClaimMatch, MatchState, Role
from models.db import make_engine, make_session_factory
from models.errors import PermissionDenied, RuleViolation, ValidationError
from models.read import similar
from models.services import intake, match_decisions, sourcing, suggestions, workflow
from models.services.claim_matches import matches_of, record_matches
from models.services.speakers import add_alias, speaker_for_claim
from models.services.withdrawals import withdraw_claim

from ...factories import make_article, make_source, make_user, rating

BODY = (
    "Alibaba holds 80% of the Chinese cloud market, the analyst said. "
    "Tencent holds 12% of the Chinese cloud market. "
    "The economy grew by 3% last year. "
    "Rail freight volumes doubled between 2015 and 2020."
)
LATER = (
    "Eighty per cent of China's cloud market belongs to Alibaba, an investor said. "
    "Alibaba holds 50% of the Chinese cloud market. "
    "The economy did not grow last year."
)


@pytest.fixture
def desk(desk_url: str) -> Iterator[orm.Session]:
    """A session on a migrated desk, on SQLite and on PostgreSQL."""
    engine = make_engine(desk_url)
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


def _log(session: orm.Session, article, quote: str, **extra):
    return intake.create_claim(
        session,
        article,
        intake.ClaimInput(quote=quote, summary=quote[:70], **extra),
        actor=None,
    )


@pytest.fixture
def earlier(desk: orm.Session):
    """Four claims of one article, committed."""
    article = make_article(desk, body=BODY)
    claims = [
        _log(desk, article, "Alibaba holds 80% of the Chinese cloud market"),
        _log(desk, article, "Tencent holds 12% of the Chinese cloud market"),
        _log(desk, article, "The economy grew by 3% last year"),
        _log(desk, article, "Rail freight volumes doubled between 2015 and 2020"),
    ]
    desk.commit()
    return claims


def test_the_lookup_finds_a_reworded_claim_first_on_both_databases(desk, earlier) -> None:
    found = similar.find_similar(desk, "Eighty per cent of China's cloud market is Alibaba's")
    assert found[0].claim.id == earlier[0].id
    assert found[0].match
    assert all(not item.match for item in found[1:])
    assert [item.score for item in found] == sorted((item.score for item in found), reverse=True)


def test_the_lookup_tells_another_number_and_a_negation_apart(desk, earlier) -> None:
    by_number = similar.find_similar(desk, "Alibaba holds 50% of the Chinese cloud market")
    assert earlier[0].id in [item.claim.id for item in by_number]
    assert not any(item.match for item in by_number)
    negated = similar.find_similar(desk, "The economy did not grow last year", matches_only=True)
    assert negated == []


def test_the_lookup_leaves_out_withdrawn_claims_and_the_claim_itself(desk, earlier) -> None:
    text = "Rail freight volumes doubled between 2015 and 2020"
    assert similar.find_similar(desk, text, exclude=earlier[3].id) == []
    withdraw_claim(desk, earlier[0], "logged twice", actor=None)
    desk.commit()
    found = similar.find_similar(desk, "Alibaba holds 80% of the Chinese cloud market")
    assert earlier[0].id not in [item.claim.id for item in found]


def test_the_lookup_reads_a_speakers_alias_as_their_name(desk) -> None:
    article = make_article(
        desk, body="Tessa Jowell said the ministry built 300 schools. Jowell's pledge."
    )
    speaker = speaker_for_claim(desk, "Tessa Jowell", actor=None, create=True)
    add_alias(desk, speaker, "Culture Secretary", actor=None)
    claim = _log(desk, article, "Tessa Jowell said the ministry built 300 schools")
    desk.commit()
    found = similar.find_similar(desk, "The ministry built 300 schools, the Culture Secretary said")
    assert found[0].claim.id == claim.id and found[0].match


@pytest.mark.parametrize("text", ["", "   ", "x" * (similar.TEXT_MAX + 1), "bad\x00text"])
def test_the_text_to_look_for_is_checked(text: str) -> None:
    with pytest.raises(ValidationError):
        similar.check_text(text)


def test_words_with_only_stopwords_find_nothing(desk, earlier) -> None:
    assert similar.find_similar(desk, "it is what it is") == []


def test_logging_a_claim_records_its_matches(desk, earlier) -> None:
    article = make_article(desk, body=LATER)
    again = _log(desk, article, "Eighty per cent of China's cloud market belongs to Alibaba")
    other_number = _log(desk, article, "Alibaba holds 50% of the Chinese cloud market")
    negated = _log(desk, article, "The economy did not grow last year")
    desk.commit()
    matches = matches_of(desk, again)
    assert [(m.claim_id, m.other_claim_id, m.state) for m in matches] == [
        (again.id, earlier[0].id, MatchState.SUGGESTED)
    ]
    assert 0 < matches[0].score <= 1
    assert matches_of(desk, other_number) == []
    assert matches_of(desk, negated) == []
    assert matches_of(desk, earlier[0]) == matches  # seen from both sides


def test_editing_the_words_drops_a_suggested_match_and_keeps_a_decided_one(desk, earlier) -> None:
    editor = make_user(desk, Role.EDITOR)
    article = make_article(desk, body=LATER)
    again = _log(desk, article, "Eighty per cent of China's cloud market belongs to Alibaba")
    desk.commit()
    workflow.edit_claim(
        desk,
        again,
        actor=editor,
        text="The economy did not grow last year",
        summary=again.summary,
        speaker=None,
    )
    desk.commit()
    assert desk.scalar(sa.select(sa.func.count()).select_from(ClaimMatch)) == 0
    workflow.edit_claim(
        desk,
        again,
        actor=editor,
        text="80% of China's cloud is Alibaba's",
        summary=again.summary,
        speaker=None,
    )
    (match,) = matches_of(desk, again)
    match_decisions.decide_match(desk, again, match, confirmed=False, actor=editor)
    workflow.edit_claim(
        desk,
        again,
        actor=editor,
        text="Alibaba has 80% of China's cloud",
        summary=again.summary,
        speaker=None,
    )
    desk.commit()
    assert matches_of(desk, again) == []  # rejected: not shown, not found again
    assert desk.scalar(sa.select(ClaimMatch.state)) is MatchState.REJECTED


def test_accepting_a_suggestion_records_matches(desk, earlier) -> None:
    editor = make_user(desk, Role.EDITOR)
    article = make_article(desk, body=LATER)
    proposed = suggestions.propose_claims(desk, article, actor=editor)
    first = next(s for s in proposed if s.exact.startswith("Eighty per cent"))
    claim = suggestions.accept_suggestion(
        desk, first, suggestions.Acceptance(speaker=""), actor=editor
    )
    assert [m.other_claim_id for m in matches_of(desk, claim)] == [earlier[0].id]


def _approved(desk: orm.Session, claim, reviewer, approver) -> None:
    sourcing.link_source(desk, claim, make_source(desk), "refutes", "only 40%", actor=reviewer)
    workflow.propose_verdict(desk, claim, rating(desk, "false"), "Only 40%.", actor=reviewer)
    workflow.approve_verdict(desk, claim, actor=approver)


def test_an_editor_confirms_and_a_reviewer_reuses_the_verdict_under_four_eyes(
    desk, earlier
) -> None:
    editor = make_user(desk, Role.EDITOR)
    reviewer, reviewer2 = make_user(desk, Role.REVIEWER), make_user(desk, Role.REVIEWER)
    _approved(desk, earlier[0], reviewer, reviewer2)
    article = make_article(desk, body=LATER)
    again = _log(desk, article, "Eighty per cent of China's cloud market belongs to Alibaba")
    desk.commit()
    (match,) = matches_of(desk, again)
    with pytest.raises(PermissionDenied):
        match_decisions.decide_match(desk, again, match, confirmed=True, actor=reviewer)
    with pytest.raises(RuleViolation):
        match_decisions.reuse_verdict(desk, again, match, actor=reviewer)
    match_decisions.decide_match(desk, again, match, confirmed=True, actor=editor)
    desk.commit()
    assert match.state is MatchState.CONFIRMED and match.decided_by == editor

    match_decisions.reuse_verdict(
        desk, again, match, actor=reviewer, expected_version=again.version
    )
    desk.commit()
    assert again.rating.slug == "false"
    assert again.proposed_by == reviewer
    assert [link.source_id for link in again.sources] == [
        link.source_id for link in earlier[0].sources
    ]
    assert "claim " + str(earlier[0].id) in again.rating_explanation
    with pytest.raises(RuleViolation):  # four eyes: the proposer cannot approve it
        workflow.approve_verdict(desk, again, actor=reviewer)
    workflow.approve_verdict(desk, again, actor=reviewer2)
    actions = [event.action for event in again.events]
    assert "match_confirmed" in actions and "verdict_proposed" in actions


def test_a_verdict_is_reused_only_from_an_approved_claim(desk, earlier) -> None:
    editor = make_user(desk, Role.EDITOR)
    reviewer = make_user(desk, Role.REVIEWER)
    article = make_article(desk, body=LATER)
    again = _log(desk, article, "Eighty per cent of China's cloud market belongs to Alibaba")
    (match,) = matches_of(desk, again)
    match_decisions.decide_match(desk, again, match, confirmed=True, actor=editor)
    with pytest.raises(RuleViolation, match="no approved verdict"):
        match_decisions.reuse_verdict(desk, again, match, actor=reviewer)


def test_record_matches_is_idempotent(desk, earlier) -> None:
    article = make_article(desk, body=LATER)
    again = _log(desk, article, "Eighty per cent of China's cloud market belongs to Alibaba")
    first = record_matches(desk, again)
    second = record_matches(desk, again)
    assert [m.id for m in first] == [m.id for m in second]
    assert desk.scalar(sa.select(sa.func.count()).select_from(ClaimMatch)) == 1


def test_a_lookup_sends_a_few_statements_however_large_the_desk(desk, earlier) -> None:
    def statements_for(text: str) -> int:
        sent: list[str] = []

        def count(*args) -> None:
            sent.append(args[2])

        engine = desk.get_bind()
        sa.event.listen(engine, "before_cursor_execute", count)
        try:
            similar.find_similar(desk, text)
        finally:
            sa.event.remove(engine, "before_cursor_execute", count)
        return len(sent)

    text = "Alibaba holds 80% of the Chinese cloud market"
    small = statements_for(text)
    article = make_article(
        desk,
        body=" ".join(f"Alibaba holds {n}% of the Chinese cloud market." for n in range(2, 150)),
    )
    for n in range(2, 150):
        _log(desk, article, f"Alibaba holds {n}% of the Chinese cloud market")
    desk.commit()
    # three searches at most (the words one by one; the common ones all together; all
    # but one), the candidates' texts, the speakers named, the matches with their
    # article, verdict and speaker
    assert small <= 9 and statements_for(text) <= 9
    assert len(similar.candidate_ids(desk, text)) <= 2 * similar.CANDIDATES_MAX

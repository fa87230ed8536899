"""Placing a lost claim by hand: an editor selects its words in the article's current text."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import AnchorMethod, ClaimEvent, ClaimStatus, Role
from models.errors import Conflict, PermissionDenied, RuleViolation, StaleVersion, ValidationError
from models.services import sourcing, workflow
from models.services.revisions import place_lost_claim, replace_article_text
from models.services.withdrawals import withdraw_claim

from ..factories import make_article, make_claim, make_source, make_user, rating

BODY = (
    "The council met on Monday.\n\n"
    "Unemployment fell to 4.1% last year, the mayor said. "
    "Critics disagreed with the figures.\n\n"
    "The budget rose to 5 billion euros, a record for the city."
)
# The critics' sentence is rewritten beyond what re-anchoring recognises.
NEW_BODY = BODY.replace(
    "Critics disagreed with the figures.", "Opposition members called those numbers wrong."
)
NEW_WORDS = "Opposition members called those numbers wrong."


@pytest.fixture
def desk(session: orm.Session):
    article = make_article(session, body=BODY)

    class Desk:
        editor = make_user(session, Role.EDITOR)
        reviewer = make_user(session, Role.REVIEWER)
        critics = make_claim(
            session, article, quote="Critics disagreed with the figures.", summary="Critics"
        )
        jobs = make_claim(
            session, article, quote="Unemployment fell to 4.1% last year", summary="Jobs"
        )

    Desk.article = article
    session.commit()
    return Desk


def _lose(session, desk) -> None:
    replace_article_text(session, desk.article, NEW_BODY, actor=desk.editor, reason="Reworded")
    session.commit()
    assert desk.critics.anchor_lost and not desk.jobs.anchor_lost


def _span(words: str) -> tuple[int, int]:
    start = NEW_BODY.index(words)
    return start, start + len(words)


def _events(session, claim) -> list[ClaimEvent]:
    return list(
        session.scalars(
            sa.select(ClaimEvent).where(ClaimEvent.claim_id == claim.id).order_by(ClaimEvent.id)
        )
    )


def test_an_editor_places_a_lost_claim_on_the_words_it_became(session, desk) -> None:
    _lose(session, desk)
    claim, article = desk.critics, desk.article
    version = claim.version
    start, end = _span(NEW_WORDS)
    place_lost_claim(session, claim, start, end, actor=desk.editor, expected_version=version)
    session.commit()
    assert not claim.anchor_lost and claim.anchor_method is AnchorMethod.HAND
    assert (claim.quote_start, claim.quote_end, claim.quote_exact) == (start, end, NEW_WORDS)
    assert article.body[claim.quote_start : claim.quote_end] == claim.quote_exact
    assert claim.quote_prefix == NEW_BODY[start - 32 : start]
    assert claim.quote_suffix == NEW_BODY[end : end + 32]
    assert claim.anchor_revision == article.revision == 2 and claim.anchor_score is None
    assert claim.version > version and claim.updated_by is desk.editor
    assert not claim.recheck_needed  # not approved: nothing to recheck
    event = _events(session, claim)[-1]
    assert event.action == "quote_placed" and event.actor is desk.editor
    assert event.before["quote"] == "Critics disagreed with the figures."
    assert event.before["method"] == "lost" and event.before["quote_start"] is None
    assert event.after["quote"] == NEW_WORDS and event.after["method"] == "hand"
    assert (event.after["quote_start"], event.after["revision"]) == (start, 2)


def test_a_placed_claim_follows_its_words_through_the_next_replacement(session, desk) -> None:
    _lose(session, desk)
    place_lost_claim(session, desk.critics, *_span(NEW_WORDS), actor=desk.editor)
    session.commit()
    later = "Updated at noon.\n\n" + NEW_BODY
    replace_article_text(session, desk.article, later, actor=desk.editor, reason="Lede")
    session.commit()
    claim = desk.critics
    assert claim.anchor_method is AnchorMethod.EXACT and claim.anchor_revision == 3
    assert later[claim.quote_start : claim.quote_end] == NEW_WORDS


def test_an_approved_verdict_placed_on_other_words_waits_for_a_recheck(session, desk) -> None:
    claim = desk.critics
    sourcing.link_source(session, claim, make_source(session), "supports", None, actor=desk.editor)
    workflow.propose_verdict(session, claim, rating(session, "true"), "Seen.", actor=desk.reviewer)
    workflow.approve_verdict(session, claim, actor=make_user(session, Role.REVIEWER))
    session.commit()
    _lose(session, desk)
    claim.recheck_needed = False  # the editor cleared the flag the loss raised
    session.commit()
    place_lost_claim(session, claim, *_span(NEW_WORDS), actor=desk.editor)
    session.commit()
    assert claim.status is ClaimStatus.APPROVED and claim.recheck_needed
    assert _events(session, claim)[-1].after["recheck_needed"] is True


def _refusals(session, desk):
    start, end = _span(NEW_WORDS)
    jobs = desk.jobs
    return {
        "reviewer": (PermissionDenied, (start, end), {"actor": desk.reviewer}),
        "stale": (StaleVersion, (start, end), {"expected_version": desk.critics.version - 1}),
        "outside": (ValidationError, (len(NEW_BODY) - 3, len(NEW_BODY) + 5), {}),
        "negative": (ValidationError, (-1, 4), {}),
        "backwards": (ValidationError, (end, start), {}),
        "blank": (ValidationError, (start - 1, start), {}),  # the space before the words
        "taken": (Conflict, (jobs.quote_start, jobs.quote_end), {}),
    }


@pytest.mark.parametrize(
    "case", ["reviewer", "stale", "outside", "negative", "backwards", "blank", "taken"]
)
def test_a_refused_placement_changes_nothing(session, desk, case) -> None:
    _lose(session, desk)
    claim = desk.critics
    error, span, extra = _refusals(session, desk)[case]
    kept = (claim.quote_start, claim.quote_exact, claim.version, claim.anchor_method)
    events = len(_events(session, claim))
    kwargs = {"actor": desk.editor, "expected_version": claim.version} | extra
    with pytest.raises(error) as refused:
        place_lost_claim(session, claim, *span, **kwargs)
    assert refused.value.message
    session.commit()  # nothing half-written to commit
    session.expire_all()
    assert (claim.quote_start, claim.quote_exact, claim.version, claim.anchor_method) == kept
    assert claim.anchor_lost and len(_events(session, claim)) == events


def test_only_a_lost_claim_in_use_can_be_placed(session, desk) -> None:
    with pytest.raises(RuleViolation, match="not lost"):
        place_lost_claim(session, desk.jobs, *_span("The council met"), actor=desk.editor)
    _lose(session, desk)
    withdraw_claim(session, desk.critics, "Duplicate", actor=make_user(session, Role.ADMIN))
    session.commit()
    with pytest.raises(RuleViolation, match="withdrawn"):
        place_lost_claim(session, desk.critics, *_span(NEW_WORDS), actor=desk.editor)
    session.rollback()
    assert desk.critics.anchor_lost


def test_a_claim_of_another_article_elsewhere_does_not_block_the_span(session, desk) -> None:
    _lose(session, desk)
    start, end = _span(NEW_WORDS)
    other = make_article(session, body=NEW_BODY.replace("Monday", "Tuesday"))
    make_claim(session, other, quote=NEW_WORDS, summary="Elsewhere")
    session.commit()
    place_lost_claim(session, desk.critics, start, end, actor=desk.editor)
    session.commit()
    assert desk.critics.quote_exact == NEW_WORDS

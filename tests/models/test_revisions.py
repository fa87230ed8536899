"""Replacing an article's text: the old text kept, every claim found again or marked lost."""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import orm

from models import (
    AnchorMethod,
    ArticleRevision,
    ClaimEvent,
    ClaimPlacement,
    ClaimStatus,
    ClaimSuggestion,
    Correction,
    Role,
)
from models.errors import (
    DomainError,
    PermissionDenied,
    RuleViolation,
    StaleVersion,
    ValidationError,
)
from models.services import sourcing, workflow
from models.services.intake import DuplicateArticle, find_duplicate
from models.services.revisions import confirm_verdict_stands, replace_article_text
from models.tables.claim import LOST_OFFSET

from ..factories import make_article, make_claim, make_source, make_user, rating

BODY = (
    "The council met on Monday.\n\n"
    "Unemployment fell to 4.1% last year, the mayor said. "
    "Critics disagreed with the figures.\n\n"
    "The goverment budget rose to 5 billion euros, a record for the city."
)
QUOTES = {
    "jobs": "Unemployment fell to 4.1% last year",
    "budget": "The goverment budget rose to 5 billion euros",
    "critics": "Critics disagreed with the figures.",
}


@pytest.fixture
def desk(session: orm.Session):
    article = make_article(session, body=BODY)

    class Desk:
        editor = make_user(session, Role.EDITOR)
        alice = make_user(session, Role.REVIEWER)
        bob = make_user(session, Role.REVIEWER)
        claims = {
            key: make_claim(session, article, quote=quote, summary=key)
            for key, quote in QUOTES.items()
        }

    Desk.article = article

    session.commit()
    return Desk


def _approve(session, claim, desk) -> None:
    sourcing.link_source(session, claim, make_source(session), "supports", None, actor=desk.editor)
    workflow.propose_verdict(session, claim, rating(session, "true"), "Checked.", actor=desk.alice)
    workflow.approve_verdict(session, claim, actor=desk.bob)


def _anchored(article) -> None:
    for claim in article.claims:
        if not claim.anchor_lost:
            assert article.body[claim.quote_start : claim.quote_end] == claim.quote_exact


def _actions(session, claim) -> list[str]:
    return list(
        session.scalars(
            sa.select(ClaimEvent.action)
            .where(ClaimEvent.claim_id == claim.id)
            .order_by(ClaimEvent.id)
        )
    )


def test_the_old_text_is_kept_and_claims_follow_inserted_words(session, desk) -> None:
    article = desk.article
    new = "Updated at noon. " + BODY
    version = article.version
    result = replace_article_text(
        session, article, new, actor=desk.editor, reason="Lede added", expected_version=version
    )
    session.commit()
    assert article.body == new and article.revision == 2 and article.version > version
    revision = session.scalars(sa.select(ArticleRevision)).one()
    assert (revision.number, revision.body, revision.reason) == (1, BODY, "Lede added")
    assert revision.replaced_by is desk.editor and revision.began_at == article.created_at
    places = {p.claim_id: p for p in revision.placements}
    for claim in desk.claims.values():
        assert claim.anchor_method is AnchorMethod.EXACT and claim.anchor_revision == 2
        assert places[claim.id].quote_start == claim.quote_start - len("Updated at noon. ")
        assert _actions(session, claim)[-1] == "quote_reanchored"
    assert result.count(AnchorMethod.EXACT) == 3 and not result.lost
    _anchored(article)


def test_a_removed_paragraph_a_fixed_typo_and_a_lost_quote(session, desk) -> None:
    article = desk.article
    new = (
        BODY.replace("The council met on Monday.\n\n", "")
        .replace("goverment", "government")
        .replace("Critics disagreed with the figures.", "Nobody else spoke.")
    )
    result = replace_article_text(session, article, new, actor=desk.editor, reason="Corrections")
    session.commit()
    jobs, budget, critics = (desk.claims[k] for k in ("jobs", "budget", "critics"))
    assert jobs.anchor_method is AnchorMethod.MOVED and jobs.quote_start == 0
    assert budget.anchor_method is AnchorMethod.FUZZY and 0.9 < budget.anchor_score < 1
    assert budget.quote_exact == "The government budget rose to 5 billion euros"
    assert critics.anchor_lost and critics.quote_exact == QUOTES["critics"]
    assert critics.quote_start == LOST_OFFSET + critics.id  # holds no place in the new text
    assert result.lost == [critics] and result.changed_words == [budget]
    changed = session.scalars(
        sa.select(ClaimEvent).where(ClaimEvent.claim_id == budget.id).order_by(ClaimEvent.id.desc())
    ).first()
    assert changed.action == "quote_changed"
    assert changed.before["quote"] == QUOTES["budget"]
    assert changed.after["quote"] == budget.quote_exact and changed.after["method"] == "fuzzy"
    lost = session.scalars(
        sa.select(ClaimEvent)
        .where(ClaimEvent.claim_id == critics.id)
        .order_by(ClaimEvent.id.desc())
    ).first()
    assert lost.action == "quote_lost" and lost.after["lost_words"] == QUOTES["critics"]
    assert lost.before["quote_start"] == BODY.index(QUOTES["critics"])
    _anchored(article)


def test_a_lost_claim_is_found_again_when_its_words_come_back(session, desk) -> None:
    article, critics = desk.article, desk.claims["critics"]
    replace_article_text(
        session,
        article,
        BODY.replace(QUOTES["critics"], "Nobody else spoke."),
        actor=None,
        reason="x",
    )
    assert critics.anchor_lost
    replace_article_text(session, article, BODY, actor=None, reason="Put back")
    session.commit()
    assert critics.anchor_method is AnchorMethod.EXACT
    assert article.body[critics.quote_start : critics.quote_end] == QUOTES["critics"]
    assert _actions(session, critics)[-2:] == ["quote_lost", "quote_found"]
    assert article.revision == 3
    assert [
        r.number
        for r in session.scalars(sa.select(ArticleRevision).order_by(ArticleRevision.number))
    ] == [1, 2]


def test_an_approved_claim_whose_words_changed_waits_for_an_editor(session, desk) -> None:
    budget, jobs = desk.claims["budget"], desk.claims["jobs"]
    _approve(session, budget, desk)
    _approve(session, jobs, desk)
    new = BODY.replace("goverment", "government").replace("Monday", "Tuesday")
    result = replace_article_text(session, desk.article, new, actor=desk.editor, reason="Typo")
    session.commit()
    assert result.flagged == [budget] and budget.recheck_needed and not jobs.recheck_needed
    assert budget.status is ClaimStatus.APPROVED  # the verdict is not touched
    with pytest.raises(PermissionDenied):
        confirm_verdict_stands(session, budget, actor=desk.alice)
    confirm_verdict_stands(session, budget, actor=desk.editor, expected_version=budget.version)
    session.commit()
    assert not budget.recheck_needed and _actions(session, budget)[-1] == "verdict_stands"
    with pytest.raises(RuleViolation):
        confirm_verdict_stands(session, budget, actor=desk.editor)


def test_reopening_a_flagged_verdict_writes_a_correction_and_clears_the_flag(session, desk) -> None:
    critics = desk.claims["critics"]
    _approve(session, critics, desk)
    new = BODY.replace(QUOTES["critics"], "Nobody else spoke.")
    replace_article_text(session, desk.article, new, actor=desk.editor, reason="Cut")
    assert critics.recheck_needed and critics.anchor_lost
    workflow.reopen(session, critics, "The quote was cut from the article", actor=desk.editor)
    session.commit()
    assert not critics.recheck_needed and critics.status is ClaimStatus.IN_REVIEW
    assert session.scalars(sa.select(Correction)).one().claim is critics


def test_refusals_change_nothing(session, desk) -> None:
    article = desk.article
    other = make_article(session, body="Another story entirely, with its own words.")
    session.commit()
    cases = [
        (dict(new_body=BODY, reason="same"), ValidationError, "same as the current"),
        (dict(new_body="  \n ", reason="blank"), ValidationError, "required"),
        (dict(new_body=BODY + " More.", reason=" "), ValidationError, "reason"),
        (dict(new_body=other.body, reason="copy"), DuplicateArticle, "already article"),
        (
            dict(new_body=BODY + " More.", reason="old", expected_version=article.version - 1),
            StaleVersion,
            "after you opened",
        ),
    ]
    for kwargs, error, words in cases:
        new_body = kwargs.pop("new_body")
        with pytest.raises(error, match=words):
            replace_article_text(session, article, new_body, actor=desk.editor, **kwargs)
        session.rollback()
    with pytest.raises(PermissionDenied):
        replace_article_text(session, article, BODY + " More.", actor=desk.alice, reason="x")
    session.rollback()
    assert article.body == BODY and article.revision == 1
    assert session.scalar(sa.select(sa.func.count()).select_from(ArticleRevision)) == 0


def test_duplicate_checks_stay_consistent(session, desk) -> None:
    article = desk.article
    new = BODY + "\n\nA correction was appended."
    replace_article_text(session, article, new, actor=desk.editor, reason="Appended")
    session.commit()
    # the new text and the old one are both this article's
    assert find_duplicate(session, new).article_id == article.id
    assert find_duplicate(session, BODY).article_id == article.id
    with pytest.raises(DuplicateArticle):
        make_article(session, body=BODY.replace("\n\n", "\n\n  "))
    session.rollback()
    # another article cannot take either text either
    other = make_article(session, body="Another story entirely, with its own words.")
    with pytest.raises(DuplicateArticle):
        replace_article_text(session, other, BODY, actor=desk.editor, reason="x")
    session.rollback()
    # going back to its own earlier text is allowed
    replace_article_text(session, article, BODY, actor=desk.editor, reason="Reverted")
    session.commit()
    assert article.body == BODY and article.revision == 3


def test_claims_that_swap_places_do_not_trip_the_one_claim_per_span_rule(session) -> None:
    article = make_article(session, body="Alpha beta gamma. Delta epsilon zeta. The end.")
    first = make_claim(session, article, quote="Alpha beta gamma.", summary="a")
    second = make_claim(session, article, quote="Delta epsilon zeta.", summary="b")
    session.commit()
    replace_article_text(
        session,
        article,
        "Delta epsilon zeta. Alpha beta gamma. The end.",
        actor=None,
        reason="Swap",
    )
    session.commit()
    assert (first.quote_start, second.quote_start) == (20, 0)
    _anchored(article)


def test_open_suggestions_follow_their_words_or_go(session, desk) -> None:
    article = desk.article
    keep = ClaimSuggestion(
        article_id=article.id,
        quote_start=BODY.index("a record"),
        quote_end=BODY.index("a record") + 8,
        exact="a record",
        text_key="k1",
        score=0.5,
        reasons=[],
    )
    gone = ClaimSuggestion(
        article_id=article.id,
        quote_start=0,
        quote_end=26,
        exact="The council met on Monday.",
        text_key="k2",
        score=0.5,
        reasons=[],
    )
    session.add_all([keep, gone])
    session.commit()
    new = "New first line.\n\n" + BODY.replace(
        "The council met on Monday.", "The council did not meet."
    )
    result = replace_article_text(
        session, article, new, actor=desk.editor, reason="x", suggest=False
    )
    session.commit()
    assert result.suggestions_dropped == 1
    assert new[keep.quote_start : keep.quote_end] == "a record"
    assert session.get(ClaimSuggestion, gone.id) is None


def test_withdrawn_claims_are_reanchored_too_and_placements_are_kept(session, desk) -> None:
    from models.services.withdrawals import withdraw_claim

    jobs = desk.claims["jobs"]
    withdraw_claim(session, jobs, "duplicate", actor=desk.editor)
    replace_article_text(session, desk.article, "Intro. " + BODY, actor=desk.editor, reason="x")
    session.commit()
    assert jobs.anchor_method is AnchorMethod.EXACT
    assert session.scalar(sa.select(sa.func.count()).select_from(ClaimPlacement)) == 3


_WORDS = st.sampled_from(
    ["rates", "rose", "fell", "by", "3%", "the", "city", "said", "\n\n", "“no”"]
)
_TEXT = st.lists(_WORDS, min_size=4, max_size=40).map(" ".join)
_EDIT = st.tuples(
    st.floats(0, 1), st.integers(0, 15), st.sampled_from(["", "x", " new words ", "\n\n", "4%"])
)
_seen = itertools.count()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=_TEXT,
    picks=st.lists(st.tuples(st.floats(0, 1), st.integers(1, 30)), max_size=5),
    edits=st.lists(_EDIT, min_size=1, max_size=3),
    again=st.lists(_EDIT, max_size=2),
)
def test_after_any_edits_every_anchored_claim_holds_its_words(
    session, body, picks, edits, again
) -> None:
    body = f"{body} ({next(_seen)})"  # every example is an article of its own
    article = make_article(session, body=body)
    for at, size in picks:
        start = int(at * (len(body) - 1))
        end = min(len(body), start + size)
        if not body[start:end].strip():
            continue
        try:
            make_claim(session, article, quote=body[start:end], summary="c", start=start)
        except DomainError:  # the same words twice, or only white space once cleaned
            session.rollback()
            article = session.get(type(article), article.id) or make_article(session, body=body)
    session.flush()
    for round_ in (edits, again):
        new = article.body
        for at, cut, insert in round_:
            position = int(at * len(new))
            new = new[:position] + insert + new[position + cut :]
        if not new.strip() or new == article.body:
            continue
        try:
            replace_article_text(session, article, new, actor=None, reason="edit", suggest=False)
        except DomainError:  # the same text once cleaned, or another example's
            continue
        session.flush()
        spans = set()
        for claim in article.claims:
            if claim.anchor_lost:
                assert claim.quote_start >= LOST_OFFSET
                continue
            assert article.body[claim.quote_start : claim.quote_end] == claim.quote_exact
            spans.add((claim.quote_start, claim.quote_end))
        assert len(spans) == sum(1 for c in article.claims if not c.anchor_lost)
    session.rollback()

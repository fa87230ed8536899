"""Suggested claims on the article page: shown to editors, accepted, dismissed, edited first."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from models import Claim, ClaimSuggestion, Speaker, SuggestionState
from models.services import speakers

from ..factories import make_article, make_suggestion
from .conftest import post

GDP = "Services are 54% of GDP today."
CLOUD = "Alibaba holds 80% of the cloud market, said the analyst."


REASONS = [
    {"signal": "percentage", "weight": 0.35, "evidence": "54%"},
    {"signal": "hedge", "weight": -0.1, "evidence": "today"},
]


def _suggest(session, article, words: str, *, speaker=None, score=0.8) -> ClaimSuggestion:
    return make_suggestion(session, article, words, speaker=speaker, score=score, reasons=REASONS)


@pytest.fixture
def desk(session, members):
    speakers.create_speaker(session, "Whole Foods Market", actor=members.editor)
    article = make_article(session, title="Cloud figures")
    gdp = _suggest(session, article, GDP, speaker="Whole Foods")
    cloud = _suggest(session, article, CLOUD, speaker="Whole Foods Market", score=0.9)
    session.commit()
    return article, gdp, cloud


def _page(client, article) -> str:
    return client.get(f"/articles/{article.id}").get_data(as_text=True)


def test_editors_see_suggestions_dotted_in_the_text_with_their_reasons(
    client, as_role, desk
) -> None:
    article, gdp, cloud = desk
    as_role("editor")
    page = _page(client, article)
    assert f'data-suggestions="{gdp.id}"' in page and 'class="sg"' in page
    assert f'href="#suggestion-{gdp.id}"' in page and f'id="suggestion-{cloud.id}"' in page
    assert "Suggested claims (2)" in page
    assert "+0.35</span> percentage: “54%”" in page
    assert "-0.10</span> hedge" in page
    assert "named after the quote" in page
    # the speaker new to the desk is flagged before anyone clicks, with the closest name
    assert "“Whole Foods” is not a speaker on the desk yet" in page
    assert 'data-fill="Whole Foods Market"' in page


def test_reviewers_see_no_suggestions(client, as_role, desk) -> None:
    article, gdp, _ = desk
    as_role("reviewer")
    page = _page(client, article)
    assert "Suggested claims" not in page and 'class="sg"' not in page
    answer = post(client, f"/articles/{article.id}/suggestions/{gdp.id}/accept")
    assert answer.status_code == 403


def test_accepting_logs_the_claim_and_returns_to_the_article(
    client, as_role, desk, session
) -> None:
    article, _, cloud = desk
    as_role("editor")
    answer = post(
        client,
        f"/articles/{article.id}/suggestions/{cloud.id}/accept",
        {f"s{cloud.id}-summary": "Alibaba's cloud share", f"s{cloud.id}-speaker": ""},
    )
    assert answer.status_code == 302
    claim = session.scalars(sa.select(Claim)).one()
    assert answer.location.endswith(f"/articles/{article.id}?logged={claim.id}#claim-{claim.id}")
    assert claim.summary == "Alibaba's cloud share" and claim.speaker is None
    page = _page(client, article)
    assert "Suggested claims (1)" in page and f'id="suggestion-{cloud.id}"' not in page


def test_a_new_speaker_is_offered_then_added_without_leaving_the_article(
    client, as_role, desk, session
) -> None:
    article, gdp, _ = desk
    as_role("editor")
    path = f"/articles/{article.id}/suggestions/{gdp.id}/accept"
    fields = {f"s{gdp.id}-summary": "Services share", f"s{gdp.id}-speaker": "Whole Foods"}
    refused = post(client, path, fields)
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "<h1>Cloud figures</h1>" in page  # still the article page
    assert "no speaker called &#39;Whole Foods&#39;; closest: Whole Foods Market" in page
    assert f'name="s{gdp.id}-new_speaker"' in page
    assert session.scalar(sa.select(sa.func.count()).select_from(Claim)) == 0

    added = post(client, path, {**fields, f"s{gdp.id}-new_speaker": "y"})
    assert added.status_code == 302
    names = set(session.scalars(sa.select(Speaker.name)))
    assert names == {"Whole Foods Market", "Whole Foods"}


def test_dismissing_removes_it_and_detection_remembers(client, as_role, desk, session) -> None:
    article, gdp, _ = desk
    as_role("editor")
    answer = post(client, f"/articles/{article.id}/suggestions/{gdp.id}/dismiss")
    assert answer.status_code == 302 and answer.location.endswith("#suggestions")
    session.expire_all()
    assert session.get(ClaimSuggestion, gdp.id).state is SuggestionState.DISMISSED
    assert f'id="suggestion-{gdp.id}"' not in _page(client, article)
    again = post(client, f"/articles/{article.id}/suggestions/{gdp.id}/dismiss")
    assert again.status_code == 302
    assert "already dismissed" in _page(client, article)


def test_accept_all_above_a_score(client, as_role, desk, session) -> None:
    article, gdp, cloud = desk
    as_role("editor")
    answer = post(client, f"/articles/{article.id}/suggestions/accept-above", {"score": "0.7"})
    assert answer.status_code == 302
    page = _page(client, article)
    assert "1 suggested claim accepted." in page
    assert "Left for you" in page
    assert "&#39;Whole Foods&#39; is not a speaker on the desk yet" in page
    session.expire_all()
    assert session.get(ClaimSuggestion, cloud.id).state is SuggestionState.ACCEPTED
    assert session.get(ClaimSuggestion, gdp.id).is_open

    bad = post(client, f"/articles/{article.id}/suggestions/accept-above", {"score": "7"})
    assert bad.status_code == 422 and "A score is between 0 and 1." in bad.get_data(as_text=True)


def test_edit_words_prefills_the_claim_form_and_marks_the_suggestion(
    client, as_role, desk, session
) -> None:
    article, gdp, _ = desk
    as_role("editor")
    form = client.get(f"/articles/{article.id}/claims/new?suggestion={gdp.id}")
    html = form.get_data(as_text=True)
    assert form.status_code == 200 and GDP in html
    assert re.search(rf'name="suggestion" type="hidden" value="{gdp.id}"', html)
    start = article.body.index(GDP)
    words = GDP[:-1]  # the editor drops the full stop
    answer = post(
        client,
        f"/articles/{article.id}/claims/new",
        {
            "quote": words,
            "start": str(start),
            "prefix": article.body[max(0, start - 32) : start],
            "suffix": article.body[start + len(words) : start + len(words) + 32],
            "summary": "Services share of GDP",
            "speaker": "Whole Foods Market",
            "suggestion": str(gdp.id),
        },
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    session.expire_all()
    claim = session.scalars(sa.select(Claim)).one()
    row = session.get(ClaimSuggestion, gdp.id)
    assert row.state is SuggestionState.ACCEPTED and row.claim_id == claim.id


def test_an_unknown_speaker_on_the_claim_form_offers_the_closest_names(
    client, as_role, desk, session
) -> None:
    article, _, _ = desk
    as_role("editor")
    data = {"quote": GDP, "summary": "Services share", "speaker": "Whole Food"}
    refused = post(client, f"/articles/{article.id}/claims/new", data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "“Whole Food” is not a speaker on the desk yet" in page
    assert 'data-fill="Whole Foods Market"' in page and 'name="new_speaker"' in page
    added = post(client, f"/articles/{article.id}/claims/new", {**data, "new_speaker": "y"})
    assert added.status_code == 302
    assert session.scalar(sa.select(Speaker).where(Speaker.name == "Whole Food")) is not None


def test_a_selection_with_an_unknown_speaker_stays_on_the_article_page(
    client, as_role, desk, session
) -> None:
    article, _, _ = desk
    as_role("editor")
    start = article.body.index(GDP)
    data = {
        "quote": GDP,
        "start": str(start),
        "prefix": article.body[max(0, start - 32) : start],
        "suffix": article.body[start + len(GDP) : start + len(GDP) + 32],
        "summary": "Services share",
        "speaker": "Whole Food",
    }
    refused = post(client, f"/articles/{article.id}/claims/new", data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "<h1>Cloud figures</h1>" in page and 'id="article-text"' in page
    assert 'id="selection-card">' in page  # open, not hidden
    assert "“Whole Food” is not a speaker on the desk yet" in page
    assert f'value="{start}"' in page  # the selection travels on
    added = post(client, f"/articles/{article.id}/claims/new", {**data, "new_speaker": "y"})
    assert added.status_code == 302 and "logged=" in added.location

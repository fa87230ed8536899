"""The dashboard's "Check a sentence" box and the page that answers it."""

from __future__ import annotations

import pytest
from sqlalchemy import orm

from models.read.similar import TEXT_MAX
from models.services import sourcing, workflow

from ..factories import make_article, make_claim, make_source, rating


@pytest.fixture
def known(session: orm.Session, members) -> int:
    claim = make_claim(
        session,
        make_article(
            session, title="Cloud weekly", body="Alibaba holds 80% of the Chinese cloud market."
        ),
        quote="Alibaba holds 80% of the Chinese cloud market",
    )
    sourcing.link_source(
        session, claim, make_source(session), "refutes", "40%", actor=members.reviewer
    )
    workflow.propose_verdict(
        session, claim, rating(session, "false"), "About 40%.", actor=members.reviewer
    )
    workflow.approve_verdict(session, claim, actor=members.reviewer2)
    session.commit()
    return claim.id


def test_the_dashboard_has_the_box(client, as_role) -> None:
    as_role("reviewer")
    page = client.get("/").get_data(as_text=True)
    assert 'action="/check"' in page and 'name="text"' in page and "Check a sentence" in page


def test_a_sentence_heard_on_air_finds_the_checked_claim_and_its_verdict(
    client, as_role, known
) -> None:
    as_role("reviewer")
    response = client.get(
        "/check", query_string={"text": "Eighty percent of China's cloud market is Alibaba's"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Possibly the same claim:" in page
    assert f"/claims/{known}" in page and "Cloud weekly" in page and "False" in page
    assert "Eighty percent of China&#39;s cloud market" in page  # the box keeps the words


def test_another_number_is_shown_as_something_else(client, as_role, known) -> None:
    as_role("reviewer")
    page = client.get(
        "/check", query_string={"text": "Alibaba holds 50% of the Chinese cloud market"}
    ).get_data(as_text=True)
    assert "No claim in the desk says this" in page
    assert "Possibly the same claim:" not in page


def test_nothing_shared(client, as_role, known) -> None:
    as_role("reviewer")
    page = client.get("/check", query_string={"text": "zebras dance at midnight"}).get_data(
        as_text=True
    )
    assert "No claim in the desk shares these words." in page


@pytest.mark.parametrize("text", ["", "  ", "x" * (TEXT_MAX + 1), "a\x01b"])
def test_bad_text_is_answered_with_a_message(client, as_role, known, text) -> None:
    as_role("reviewer")
    response = client.get("/check", query_string={"text": text})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_the_check_page_needs_a_login(client) -> None:
    response = client.get("/check", query_string={"text": "cloud"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]

"""The pickers' lookup: GET /lookup/<kind>?q= answers a few matches as JSON, to members."""

from __future__ import annotations

import pytest

from models.services import speakers

from ..factories import make_article, make_source


@pytest.fixture
def records(session, members):
    """An article, a speaker and a source to find."""
    made = {
        "articles": make_article(session, title="Cloud market shares"),
        "speakers": speakers.create_speaker(session, "Pascal Coppens", actor=None),
        "sources": make_source(session, title="Canalys cloud report", publisher="Canalys"),
        "members": members.reviewer2,
    }
    session.commit()
    return made


@pytest.mark.parametrize(
    ("kind", "typed", "label"),
    [
        ("articles", "clou mar", "Cloud market shares"),
        ("speakers", "pasc", "Pascal Coppens"),
        ("sources", "canal", "Canalys cloud report — Canalys"),
        ("members", "rory", "Rory Reviewer (rory)"),
    ],
)
def test_each_kind_answers_its_matches(client, as_role, records, kind, typed, label) -> None:
    as_role("reviewer")
    response = client.get(f"/lookup/{kind}", query_string={"q": typed})
    assert response.status_code == 200 and response.is_json
    assert response.get_json() == [{"id": records[kind].id, "label": label}]
    assert response.headers["Cache-Control"] == "private, no-store"
    by_id = client.get(f"/lookup/{kind}", query_string={"q": str(records[kind].id)})
    assert by_id.get_json()[0] == {"id": records[kind].id, "label": label}


def test_at_most_ten_matches(client, as_role, members, session) -> None:
    for n in range(15):
        make_article(session, title=f"Budget {n}")
    session.commit()
    as_role("reviewer")
    assert len(client.get("/lookup/articles?q=budget").get_json()) == 10


@pytest.mark.parametrize(
    "typed", ["", "   ", "\x00", "a\x1bb", "x" * 10_000, '"', "AND", "NEAR(", "*", "-", "%_"]
)
def test_odd_text_finds_nothing_and_fails_nothing(client, as_role, records, typed) -> None:
    as_role("reviewer")
    for kind in ("articles", "speakers", "sources", "members"):
        response = client.get(f"/lookup/{kind}", query_string={"q": typed})
        assert response.status_code == 200, (kind, typed)
        assert response.get_json() == [], (kind, typed)


def test_an_unknown_kind_is_404_and_visitors_must_log_in(client, as_role, records) -> None:
    assert client.get("/lookup/speakers?q=pasc").status_code == 302  # to the login page
    as_role("reviewer")
    response = client.get("/lookup/claims?q=x")
    assert response.status_code == 404 and "articles, speakers, sources, members" in (
        response.get_data(as_text=True)
    )

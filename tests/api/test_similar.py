"""GET /api/v1/claims/similar: claims like a sentence, best first, with score and match."""

from __future__ import annotations

import pytest
from sqlalchemy import orm

from models.read.similar import TEXT_MAX
from models.text.claim_similarity import THRESHOLD

from ..factories import make_article, make_claim
from .conftest import error_of

BODY = "Alibaba holds 80% of the Chinese cloud market. The economy grew by 3% last year."


@pytest.fixture
def logged(session: orm.Session, members) -> list[int]:
    article = make_article(session, body=BODY)
    claims = [
        make_claim(session, article, quote="Alibaba holds 80% of the Chinese cloud market"),
        make_claim(session, article, quote="The economy grew by 3% last year", summary="Growth"),
    ]
    session.commit()
    return [claim.id for claim in claims]


def test_similar_claims_come_best_first_with_score_and_match(api, logged) -> None:
    response = api.get(
        "/api/v1/claims/similar",
        query_string={"text": "80 per cent of China's cloud market is Alibaba's"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    items = response.get_json()["items"]
    assert items[0]["claim"]["id"] == logged[0]
    assert items[0]["match"] is True and THRESHOLD <= items[0]["score"] <= 1
    assert {"text", "status", "rating", "sources", "version", "quote"} <= set(items[0]["claim"])
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)
    assert all(i["match"] == (i["score"] >= THRESHOLD) for i in items)


def test_another_number_is_listed_but_not_a_match(api, logged) -> None:
    response = api.get(
        "/api/v1/claims/similar",
        query_string={"text": "Alibaba holds 50% of the Chinese cloud market"},
    )
    items = response.get_json()["items"]
    assert items and not any(item["match"] for item in items)


def test_limit_and_nothing_found(api, logged) -> None:
    response = api.get(
        "/api/v1/claims/similar", query_string={"text": "Alibaba cloud", "limit": "1"}
    )
    assert len(response.get_json()["items"]) == 1
    nothing = api.get("/api/v1/claims/similar", query_string={"text": "zebras dance at midnight"})
    assert nothing.get_json() == {"items": []}


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"text": ""},
        {"text": "   "},
        {"text": "x" * (TEXT_MAX + 1)},
        {"text": "a\x01b"},
        {"text": "cloud", "limit": "0"},
        {"text": "cloud", "limit": "51"},
    ],
)
def test_bad_text_or_limit_is_refused_with_422(api, logged, args) -> None:
    response = api.get("/api/v1/claims/similar", query_string=args)
    assert response.status_code == 422
    assert error_of(response)["field"] in ("text", "limit")


def test_a_token_is_needed(api, logged) -> None:
    response = api.get("/api/v1/claims/similar", query_string={"text": "cloud"}, as_=None)
    assert response.status_code == 401

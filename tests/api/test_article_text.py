"""PUT /api/v1/articles/{id}/text: replace an article's text, every claim found again."""

from __future__ import annotations

import sqlalchemy as sa

from models import Article, ArticleRevision

from ..factories import make_article, make_claim
from .conftest import error_of

BODY = "Prices rose by 3% in May, the office said. Wages did not keep up with them."


def _put(api, article_id: int, body: dict, as_: str = "editor"):
    return api.client.put(
        f"/api/v1/articles/{article_id}/text", json=body, headers=api._headers(as_, None)
    )


def test_an_editor_replaces_the_text_and_learns_what_became_of_each_claim(api, session) -> None:
    article = make_article(session, body=BODY)
    prices = make_claim(session, article, quote="Prices rose by 3% in May", summary="Prices")
    wages = make_claim(session, article, quote="Wages did not keep up with them.", summary="Wages")
    session.commit()
    new = "Update: Prices rose by 3.1% in May, the office said. The rest was cut."
    response = _put(api, article.id, {"body": new, "reason": "Revised figure", "version": 1})
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["revision"] == 2 and answer["version"] > 1
    by_id = {c["claim_id"]: c for c in answer["claims"]}
    assert by_id[prices.id]["method"] == "fuzzy"
    assert by_id[prices.id]["quote"] == "Prices rose by 3.1% in May"
    assert new[by_id[prices.id]["start"] : by_id[prices.id]["end"]] == by_id[prices.id]["quote"]
    assert by_id[wages.id] | {"score": 0} == {
        "claim_id": wages.id,
        "method": "lost",
        "score": 0,
        "start": None,
        "end": None,
        "quote": None,
        "recheck": False,
    }
    session.expire_all()
    assert session.get(Article, article.id).body == new


def test_refusals_answer_with_the_field_and_change_nothing(api, session) -> None:
    article = make_article(session, body=BODY)
    other = make_article(session, body="Another text of its own.")
    session.commit()
    cases = [
        ({"reason": "x", "version": 1}, 422, "body is required"),
        ({"body": BODY + " More.", "version": 1}, 422, "reason is required"),
        ({"body": BODY + " More.", "reason": "x"}, 422, "version is required"),
        ({"body": BODY, "reason": "x", "version": 1}, 422, "same as the current"),
        ({"body": other.body, "reason": "x", "version": 1}, 409, "already article"),
        ({"body": BODY + " More.", "reason": "x", "version": 7}, 409, "after you opened"),
        ({"body": 5, "reason": "x", "version": 1}, 422, "must be a string"),
    ]
    for body, status, words in cases:
        response = _put(api, article.id, body)
        assert response.status_code == status, (body, response.get_json())
        assert words in error_of(response)["message"]
    assert (
        _put(api, article.id, {"body": "x y", "reason": "x", "version": 1}, "reviewer").status_code
        == 403
    )
    assert _put(api, 999_999, {"body": "x y", "reason": "x", "version": 1}).status_code == 404
    assert session.scalar(sa.select(sa.func.count()).select_from(ArticleRevision)) == 0

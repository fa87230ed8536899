"""PATCH /api/v1/articles/{id}: an article's metadata, its language included."""

from __future__ import annotations

from models import Article

from ..factories import make_article
from .conftest import error_of


def _patch(api, path: str, body: dict, as_: str = "editor"):
    return api.client.patch(path, json=body, headers=api._headers(as_, None))


def test_an_editor_sets_the_language_and_the_rest_stays(api, session) -> None:
    article = make_article(session, title="Een artikel")
    session.commit()
    path = f"/api/v1/articles/{article.id}"
    version = api.get(path).get_json()["version"]
    response = _patch(api, path, {"language": "NL-be", "version": version})
    assert response.status_code == 200, response.get_json()
    record = response.get_json()
    assert (record["language"], record["title"]) == ("nl-BE", "Een artikel")
    assert record["version"] == version + 1
    session.expire_all()
    assert session.get(Article, article.id).language == "nl-BE"
    cleared = _patch(api, path, {"language": None, "version": version + 1})
    assert cleared.status_code == 200 and cleared.get_json()["language"] is None


def test_every_problem_is_answered_at_once_and_nothing_changes(api, session) -> None:
    article = make_article(session)
    session.commit()
    path = f"/api/v1/articles/{article.id}"
    body = {"title": " ", "language": "english", "version": article.version}
    response = _patch(api, path, body)
    assert response.status_code == 422
    message = error_of(response)["message"]
    assert "title is required" in message and "not a language tag" in message
    session.expire_all()
    assert session.get(Article, article.id).language is None


def test_a_reviewer_may_not_and_a_stale_version_is_refused(api, session) -> None:
    article = make_article(session)
    session.commit()
    path = f"/api/v1/articles/{article.id}"
    assert _patch(api, path, {"language": "en", "version": 1}, as_="reviewer").status_code == 403
    assert _patch(api, path, {"language": "en", "version": 1}).status_code == 200
    assert _patch(api, path, {"language": "fr", "version": 1}).status_code == 409

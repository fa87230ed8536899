"""Changing claims through the API: the desk's permissions, rules and version check."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import Claim, ClaimEvent, ClaimSource, Comment, Source
from models.services import workflow

from ..factories import make_claim, rating
from .conftest import error_of


def _proposed(session, claim, by) -> Claim:
    workflow.propose_verdict(session, claim, rating(session, "mostly-true"), "Close.", actor=by)
    session.commit()
    return claim


def _state(session, claim_id: int) -> dict:
    """Everything a refused request must leave as it was."""
    session.expire_all()
    claim = session.get(Claim, claim_id)
    count = lambda model: session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
    return {
        "version": claim.version,
        "status": claim.status,
        "rating": claim.rating_id,
        "events": count(ClaimEvent),
        "sources": count(Source),
        "links": count(ClaimSource),
        "comments": count(Comment),
    }


NEW_SOURCE = {
    "url": "https://stats.example.gov/cloud-2023?utm_source=x",
    "title": "Cloud market shares 2023",
    "publisher": "Statistics Office",
    "published": "2023-06-30",
    "kind": "dataset",
    "stance": "refutes",
    "excerpt": "Alibaba: 36%",
}

# role: expected status for each write (the permission table: a reviewer links sources too)
MATRIX = [
    ("verdict", "reviewer", 200),
    ("verdict", "editor", 200),
    ("verdict", "admin", 200),
    ("approve", "reviewer", 200),
    ("approve", "editor", 200),
    ("approve", "admin", 200),
    ("sources", "reviewer", 201),
    ("sources", "editor", 201),
    ("sources", "admin", 201),
    ("comments", "reviewer", 201),
    ("comments", "editor", 201),
    ("comments", "admin", 201),
]


@pytest.mark.parametrize(("action", "role", "status"), MATRIX)
def test_each_write_for_each_role(api, session, members, sourced_claim, action, role, status):
    if action == "approve":
        _proposed(session, sourced_claim, members.reviewer2)
    body = {
        "verdict": {"rating": "false", "explanation": "The share was 36%.", "version": 0},
        "approve": {"version": 0},
        "sources": dict(NEW_SOURCE, version=0),
        "comments": {"body": "Which year is the 80% from?"},
    }[action]
    if "version" in body:
        body["version"] = sourced_claim.version
    before = _state(session, sourced_claim.id)
    response = api.post(f"/api/v1/claims/{sourced_claim.id}/{action}", body, as_=role)
    assert response.status_code == status, response.get_data(as_text=True)
    if status == 403:
        error = error_of(response)
        assert "editor" in error["message"] and response.get_json()["needed_role"] == "editor"
        assert _state(session, sourced_claim.id) == before
        return
    claim = response.get_json()
    assert claim["id"] == sourced_claim.id
    after = _state(session, sourced_claim.id)
    assert claim["version"] == after["version"]
    actor = getattr(members, role)
    event = session.scalar(sa.select(ClaimEvent).order_by(ClaimEvent.id.desc()).limit(1))
    assert event.actor_id == actor.id  # the token's member is the one who acted
    if action == "verdict":
        assert claim["status"] == "verdict_proposed" and claim["rating"] == "false"
        assert claim["proposed_by"]["id"] == actor.id
    elif action == "approve":
        assert claim["status"] == "approved" and claim["approved_by"]["id"] == actor.id
    elif action == "sources":
        assert response.headers["Location"].endswith(f"/api/v1/claims/{sourced_claim.id}")
        linked = claim["sources"][-1]
        assert linked["url"] == "https://stats.example.gov/cloud-2023"  # normalised
        assert (linked["stance"], linked["excerpt"]) == ("refutes", "Alibaba: 36%")
        assert (linked["kind"], linked["published"]) == ("dataset", "2023-06-30")
        assert after["version"] == before["version"] + 1
    else:
        assert claim["comments"][-1]["body"] == "Which year is the 80% from?"
        assert claim["comments"][-1]["author"]["id"] == actor.id
        assert after["version"] == before["version"]  # comments leave the version alone


def test_linking_a_known_address_reuses_the_source(api, session, sourced_claim) -> None:
    other = make_claim(session, quote="Services are 54% of GDP", summary="Services 54%")
    session.commit()
    known = sourced_claim.sources[0].source
    response = api.post(
        f"/api/v1/claims/{other.id}/sources",
        {"url": known.url + "/", "stance": "context", "version": other.version},
        as_="editor",
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["sources"][0]["source_id"] == known.id
    assert session.scalar(sa.select(sa.func.count()).select_from(Source)) == 1


def test_a_reviewer_links_the_http_form_of_a_known_source_but_not_to_a_published_verdict(
    api, session, members, sourced_claim
) -> None:
    other = make_claim(session, quote="Services are 54% of GDP", summary="Services 54%")
    session.commit()
    known = sourced_claim.sources[0].source
    assert known.url.startswith("https://")
    spelled = "http://www." + known.url.removeprefix("https://") + "/?fbclid=x"
    response = api.post(
        f"/api/v1/claims/{other.id}/sources",
        {"url": spelled, "title": "Ignored", "stance": "context", "version": other.version},
        as_="reviewer",
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    [linked] = response.get_json()["sources"]
    assert (linked["source_id"], linked["url"]) == (known.id, known.url)
    assert linked["added_by"]["id"] == members.reviewer.id
    assert session.scalar(sa.select(sa.func.count()).select_from(Source)) == 1

    _proposed(session, sourced_claim, members.reviewer2)
    workflow.approve_verdict(session, sourced_claim, actor=members.editor)
    session.commit()
    before = _state(session, sourced_claim.id)
    response = api.post(
        f"/api/v1/claims/{sourced_claim.id}/sources",
        dict(NEW_SOURCE, version=sourced_claim.version),
        as_="reviewer",
    )
    assert response.status_code == 409
    assert "published" in error_of(response)["message"]
    assert _state(session, sourced_claim.id) == before


def test_a_stale_version_answers_409_with_the_current_version(
    api, session, members, sourced_claim
) -> None:
    loaded = sourced_claim.version
    # someone else proposes first, through the API too
    first = api.post(
        f"/api/v1/claims/{sourced_claim.id}/verdict",
        {"rating": "mostly-true", "explanation": "Close enough.", "version": loaded},
        as_="reviewer2",
    )
    assert first.status_code == 200
    current = first.get_json()["version"]
    before = _state(session, sourced_claim.id)

    response = api.post(
        f"/api/v1/claims/{sourced_claim.id}/verdict",
        {"rating": "false", "explanation": "Wrong share.", "version": loaded},
        as_="reviewer",
    )
    assert response.status_code == 409
    body = response.get_json()
    assert error_of(response)["field"] == "version"
    assert "Rory Reviewer" in body["error"]["message"]
    assert body["current_version"] == current > loaded
    [event] = body["changes"]["events"]
    assert event["by"] == "Rory Reviewer" and event["after"]["rating"] == "mostly-true"
    assert body["claim"]["rating"] == "mostly-true" and body["claim"]["version"] == current
    assert _state(session, sourced_claim.id) == before

    # with the current version the change goes through
    retry = api.post(
        f"/api/v1/claims/{sourced_claim.id}/verdict",
        {"rating": "false", "explanation": "Wrong share.", "version": current},
        as_="reviewer",
    )
    assert retry.status_code == 200 and retry.get_json()["rating"] == "false"


@pytest.mark.parametrize("action", ["approve", "sources"])
def test_other_writes_check_the_version_too(api, session, members, sourced_claim, action):
    _proposed(session, sourced_claim, members.reviewer2)
    body = {"version": sourced_claim.version - 1}
    if action == "sources":
        body |= {k: NEW_SOURCE[k] for k in ("url", "title", "stance")}
    before = _state(session, sourced_claim.id)
    response = api.post(f"/api/v1/claims/{sourced_claim.id}/{action}", body, as_="editor")
    assert response.status_code == 409
    assert response.get_json()["current_version"] == sourced_claim.version
    assert _state(session, sourced_claim.id) == before  # not even the new source is kept


def test_a_verdict_on_the_scale_needs_a_source(api, session, members) -> None:
    claim = make_claim(session)
    session.commit()
    before = _state(session, claim.id)
    response = api.post(
        f"/api/v1/claims/{claim.id}/verdict",
        {"rating": "false", "explanation": "No.", "version": claim.version},
    )
    assert response.status_code == 409
    assert error_of(response)["field"] == "rating"
    assert _state(session, claim.id) == before
    unverifiable = api.post(
        f"/api/v1/claims/{claim.id}/verdict",
        {"rating": "unverifiable", "explanation": "No data.", "version": claim.version},
    )
    assert unverifiable.status_code == 200


def test_the_proposer_cannot_approve(api, session, members, sourced_claim) -> None:
    _proposed(session, sourced_claim, members.reviewer)
    before = _state(session, sourced_claim.id)
    response = api.post(
        f"/api/v1/claims/{sourced_claim.id}/approve", {"version": sourced_claim.version}
    )
    assert response.status_code == 409
    assert "you proposed this verdict" in error_of(response)["message"]
    assert _state(session, sourced_claim.id) == before


def test_approving_needs_a_proposed_verdict(api, sourced_claim) -> None:
    response = api.post(
        f"/api/v1/claims/{sourced_claim.id}/approve", {"version": sourced_claim.version}
    )
    assert response.status_code == 409
    assert "unreviewed" in error_of(response)["message"]


def test_a_source_linked_twice_is_a_conflict(api, session, sourced_claim) -> None:
    known = sourced_claim.sources[0].source
    response = api.post(
        f"/api/v1/claims/{sourced_claim.id}/sources",
        {"url": known.url, "stance": "refutes", "version": sourced_claim.version},
        as_="editor",
    )
    assert response.status_code == 409
    assert error_of(response)["field"] == "url"


V = "VERSION"  # replaced by the claim's current version
INVALID = [
    ("verdict", {"explanation": "x", "version": V}, "rating"),
    ("verdict", {"rating": "pants-on-fire", "explanation": "x", "version": V}, "rating"),
    ("verdict", {"rating": 5, "explanation": "x", "version": V}, "rating"),
    ("verdict", {"rating": "false", "explanation": "   ", "version": V}, "explanation"),
    ("verdict", {"rating": "false", "explanation": "x" * 10_001, "version": V}, "explanation"),
    ("verdict", {"rating": "false", "explanation": "x"}, "version"),
    ("verdict", {"rating": "false", "explanation": "x", "version": "2"}, "version"),
    ("verdict", {"rating": "false", "explanation": "x", "version": True}, "version"),
    ("approve", {}, "version"),
    ("approve", [1], None),
    ("sources", dict(NEW_SOURCE, version=V, url="ftp://stats.example.gov/x"), "url"),
    ("sources", dict(NEW_SOURCE, version=V, url=None), "url"),
    ("sources", dict(NEW_SOURCE, version=V, stance="agrees"), "stance"),
    ("sources", dict(NEW_SOURCE, version=V, stance=None), "stance"),
    ("sources", dict(NEW_SOURCE, version=V, kind="blog"), "kind"),
    ("sources", dict(NEW_SOURCE, version=V, published="30/06/2023"), "published"),
    ("sources", dict(NEW_SOURCE, version=V, title=None), "title"),
    ("sources", dict(NEW_SOURCE, version=V, excerpt="x" * 5001), "excerpt"),
    ("comments", {"body": ""}, "body"),
    ("comments", {"body": "x" * 10_001}, "body"),
    ("comments", {"text": "wrong key"}, "body"),
]


@pytest.mark.parametrize(("action", "body", "field"), INVALID)
def test_invalid_input_answers_422_and_changes_nothing(
    api, session, sourced_claim, action, body, field
) -> None:
    if isinstance(body, dict):
        body = {k: sourced_claim.version if v == V else v for k, v in body.items()}
    before = _state(session, sourced_claim.id)
    response = api.post(f"/api/v1/claims/{sourced_claim.id}/{action}", body, as_="editor")
    assert response.status_code == 422, response.get_data(as_text=True)
    assert error_of(response)["field"] == field
    assert _state(session, sourced_claim.id) == before


@pytest.mark.parametrize("action", ["verdict", "approve", "sources", "comments"])
def test_a_body_that_is_not_json_answers_422(api, session, sourced_claim, action) -> None:
    before = _state(session, sourced_claim.id)
    response = api.client.post(
        f"/api/v1/claims/{sourced_claim.id}/{action}",
        data='{"version": 1,',
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.keys.admin}"},
    )
    assert response.status_code == 422
    assert "JSON object" in error_of(response)["message"]
    assert _state(session, sourced_claim.id) == before


@pytest.mark.parametrize("action", ["verdict", "approve", "sources", "comments"])
def test_writing_to_an_unknown_claim_answers_404(api, members, action) -> None:
    response = api.post(f"/api/v1/claims/999/{action}", {"version": 1}, as_="admin")
    assert response.status_code == 404
    assert "999" in error_of(response)["message"]

"""GET /api/v1/inbox: the token owner's notifications, newest first, by cursor."""

from __future__ import annotations

from models.services import workflow

from ..factories import make_claim
from .conftest import error_of


def test_my_inbox_newest_first_by_cursor(api, session, members) -> None:
    claim = make_claim(session)
    workflow.assign(session, claim, members.reviewer, actor=members.editor)
    for n in range(3):
        workflow.add_comment(session, claim, f"@rita note {n}", actor=members.reviewer2)
    workflow.assign(session, make_claim(session), members.reviewer2, actor=members.editor)
    session.commit()
    first = api.get("/api/v1/inbox?limit=3").get_json()
    assert [item["kind"] for item in first["items"]] == ["mention", "mention", "mention"]
    assert first["items"][0]["actor"]["username"] == "rory"
    assert first["items"][0]["claim_id"] == claim.id and first["items"][0]["read_at"] is None
    assert first["unread"] == 4 and first["next_cursor"]
    rest = api.get(f"/api/v1/inbox?limit=3&cursor={first['next_cursor']}").get_json()
    assert [item["kind"] for item in rest["items"]] == ["assigned"]
    assert rest["items"][0]["actor"]["username"] == "eddie" and rest["next_cursor"] is None
    # only the token owner's
    theirs = api.get("/api/v1/inbox", as_="reviewer2").get_json()
    assert [item["kind"] for item in theirs["items"]] == ["assigned"]
    assert api.get("/api/v1/inbox", as_="admin").get_json() == {
        "items": [],
        "next_cursor": None,
        "unread": 0,
    }


def test_a_cursor_it_did_not_give_out_is_refused(api, members) -> None:
    response = api.get("/api/v1/inbox?cursor=bogus")
    assert response.status_code == 422
    assert error_of(response)["field"] == "cursor"


def test_the_inbox_needs_a_token(api, members) -> None:
    assert api.get("/api/v1/inbox", as_=None).status_code == 401

"""Bulk actions on the claim list: assign, start review and export a selection; each all
or nothing, refusals listed, the selection kept; works as a plain form (no script)."""

from __future__ import annotations

import sqlalchemy as sa

from models import Claim, ClaimStatus

from ..factories import make_article, make_claim
from .conftest import post

QUOTES = [
    ("Alibaba holds 80% of the cloud market", "Cloud share"),
    ("Services are 54% of GDP", "GDP share"),
    ("The desk counted 130 new models", "Models counted"),
]


def _claims(session):
    article = make_article(session)
    made = [make_claim(session, article, quote=q, summary=s) for q, s in QUOTES]
    session.commit()
    return made


def _form(claims, **extra):
    data = {f"version-{c.id}": str(c.version) for c in claims}
    data.update(extra)
    return data


def _fresh(session, claims):
    session.rollback()
    return [session.get(Claim, c.id) for c in claims]


def test_assign_the_selection(client, session, members, as_role):
    one, two, three = _claims(session)
    as_role("editor")
    page = client.get("/claims/").get_data(as_text=True)
    assert 'name="ids"' in page and "Select all on this page" in page
    response = post(
        client,
        "/claims/bulk",
        {**_form([one, two, three], action="assign", assignee="rita"), "ids": [one.id, two.id]},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    one, two, three = _fresh(session, [one, two, three])
    assert (one.assignee_id, two.assignee_id, three.assignee_id) == (
        members.reviewer.id,
        members.reviewer.id,
        None,
    )
    assert one.events[-1].action == "assigned"


def test_select_all_on_the_page_without_javascript(client, session, members, as_role):
    claims = _claims(session)
    as_role("reviewer")
    response = post(client, "/claims/bulk", _form(claims, action="start_review", all_on_page="1"))
    assert response.status_code == 302
    assert {c.status for c in _fresh(session, claims)} == {ClaimStatus.IN_REVIEW}


def test_one_refusal_changes_nothing_and_lists_it(client, session, members, as_role):
    one, two, three = _claims(session)
    as_role("reviewer")
    first = post(
        client, "/claims/bulk", {**_form([one]), "action": "start_review", "ids": [one.id]}
    )
    assert first.status_code == 302
    session.rollback()
    response = post(
        client,
        "/claims/bulk",
        {**_form([one, two, three]), "action": "start_review", "ids": [one.id, two.id]},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Nothing was changed" in body and f"#{one.id} Cloud share" in body
    assert f'value="{two.id}" id="pick-{two.id}" checked' in body  # the selection is kept
    assert _fresh(session, [two])[0].status is ClaimStatus.UNREVIEWED


def test_a_stale_claim_refuses_the_whole_assignment(client, session, members, as_role):
    one, two, _ = _claims(session)
    shown = _form([one, two], action="assign", assignee="rory")
    as_role("editor")
    post(
        client,
        "/claims/bulk",
        {**_form([two]), "action": "assign", "assignee": "rita", "ids": [two.id]},
    )
    response = post(client, "/claims/bulk", {**shown, "ids": [one.id, two.id]})
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert f"#{two.id} GDP share" in body and "was changed by Eddie Editor" in body
    assert 'value="rory"' in body  # the typed member is kept
    one, two = _fresh(session, [one, two])
    assert (one.assignee_id, two.assignee_id) == (None, members.reviewer.id)


def test_reviewers_may_not_assign(client, session, members, as_role):
    claims = _claims(session)
    as_role("reviewer")
    response = post(
        client,
        "/claims/bulk",
        {**_form(claims), "action": "assign", "assignee": "rita", "ids": [claims[0].id]},
    )
    assert response.status_code == 403
    assert _fresh(session, claims)[0].assignee_id is None


def test_export_the_selection(client, session, members, as_role):
    one, two, three = _claims(session)
    as_role("reviewer")
    response = post(
        client,
        "/claims/bulk",
        {**_form([one, two, three]), "action": "export", "fmt": "csv", "ids": [three.id, one.id]},
    )
    assert response.status_code == 302
    assert (
        f"ids={one.id}%2C{three.id}" in response.location
        or f"ids={one.id},{three.id}" in response.location
    )
    csv = client.get(response.location).get_data(as_text=True)
    assert "Cloud share" in csv and "Models counted" in csv and "GDP share" not in csv

    assert client.get("/reports/download/csv?ids=1,x").status_code == 400
    assert (
        client.get("/reports/download/csv?ids=" + ",".join(map(str, range(1, 502)))).status_code
        == 400
    )
    assert client.get("/reports/download/csv?ids=999999").status_code == 404
    ids = session.scalars(sa.select(Claim.id)).all()
    assert len(ids) == 3


def test_ids_and_versions_that_are_not_plain_digits_are_left_out(client, session, members, as_role):
    one, two, three = _claims(session)
    as_role("reviewer")
    # "²" and "١" pass str.isdigit() but are no id a list gives out: not a server error
    data = {**_form([one], action="start_review"), "ids": [one.id, "²", "١٢"], "version-²": "1"}
    data[f"version-{two.id}"] = "³"
    response = post(client, "/claims/bulk", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    one, two, three = _fresh(session, [one, two, three])
    assert (one.status, two.status) == (ClaimStatus.IN_REVIEW, ClaimStatus.UNREVIEWED)

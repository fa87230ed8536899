"""The claim page's forms: who may send each, what each changes, and how a refusal looks.

Every POST carries a real CSRF token; after each request the test reads the database
again through its own session, so "the DB is unchanged" is checked, not assumed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import Claim, ClaimEvent, ClaimSource, ClaimStatus, Comment, Correction, Source
from models.services import sourcing, workflow
from models.services.sourcing import SourceInput
from models.services.speakers import create_speaker

from ..factories import make_claim, make_source, rating
from .conftest import login, post

VERSION_RE = re.compile(r'name="version" type="hidden" value="(\d+)"')


def _fresh(session: orm.Session, claim_id: int) -> Claim:
    session.expire_all()
    claim = session.get(Claim, claim_id)
    assert claim is not None
    return claim


def _events(session: orm.Session, claim_id: int) -> int:
    return session.scalar(
        sa.select(sa.func.count()).select_from(ClaimEvent).where(ClaimEvent.claim_id == claim_id)
    )


def _claim(session: orm.Session, state: str, members: SimpleNamespace) -> Claim:
    """Return a committed claim in `state`; proposals are made by the second reviewer."""
    claim = make_claim(session)
    if state in ("in_review", "proposed", "approved", "sourced"):
        source = make_source(session)
        sourcing.link_source(session, claim, source, "supports", "the figure", actor=None)
    if state == "sourced_by_reviewer":  # linked by the member logged in as "reviewer"
        source = make_source(session)
        sourcing.link_source(session, claim, source, "supports", "a figure", actor=members.reviewer)
    if state == "in_review":
        workflow.start_review(session, claim, actor=members.reviewer2)
    if state in ("proposed", "approved"):
        workflow.propose_verdict(
            session, claim, rating(session, "mostly-true"), "close enough", actor=members.reviewer2
        )
    if state == "approved":
        workflow.approve_verdict(session, claim, actor=members.admin)
    session.commit()
    return claim


@dataclass
class Case:
    """One action of the claim page: its URL, its form data and what it changes."""

    path: str
    state: str
    data: Callable[[Claim, SimpleNamespace, orm.Session], dict]
    allowed: set[str]
    changed: Callable[[Claim, SimpleNamespace, orm.Session], bool]


def _new_source(claim, members, session):
    return {
        "url": "https://stats.example.org/cloud-2023",
        "title": "Cloud market 2023",
        "publisher": "Stats Office",
        "published": "2023-10-01",
        "kind": "dataset",
        "stance": "refutes",
        "excerpt": "Alibaba: 39%",
    }


CASES: dict[str, Case] = {
    "start_review": Case(
        "review",
        "unreviewed",
        lambda c, m, s: {},
        {"reviewer", "editor", "admin"},
        lambda c, m, s: c.status is ClaimStatus.IN_REVIEW,
    ),
    "propose": Case(
        "verdict",
        "sourced",
        lambda c, m, s: {"rating": "false", "explanation": "The share was 39%."},
        {"reviewer", "editor", "admin"},
        lambda c, m, s: c.status is ClaimStatus.VERDICT_PROPOSED and c.rating.slug == "false",
    ),
    "approve": Case(
        "approve",
        "proposed",
        lambda c, m, s: {},
        {"reviewer", "editor", "admin"},
        lambda c, m, s: c.status is ClaimStatus.APPROVED,
    ),
    "reopen_proposed": Case(
        "reopen",
        "proposed",
        lambda c, m, s: {"reason": "The source is from the wrong year."},
        {"reviewer", "editor", "admin"},
        lambda c, m, s: c.status is ClaimStatus.IN_REVIEW and c.rating is None,
    ),
    "reopen_approved": Case(
        "reopen",
        "approved",
        lambda c, m, s: {"reason": "A newer report changes the figure.", "confirm": "y"},
        {"editor", "admin"},
        lambda c, m, s: c.status is ClaimStatus.IN_REVIEW and len(c.corrections) == 1,
    ),
    "assign": Case(
        "assign",
        "unreviewed",
        lambda c, m, s: {"assignee": str(m.reviewer2.id)},
        {"editor", "admin"},
        lambda c, m, s: c.assignee_id == m.reviewer2.id,
    ),
    "comment": Case(
        "comments",
        "unreviewed",
        lambda c, m, s: {"comment": "Asked the analyst for the report."},
        {"reviewer", "editor", "admin"},
        lambda c, m, s: [x.body for x in c.comments] == ["Asked the analyst for the report."],
    ),
    "link_new_source": Case(
        "sources",
        "unreviewed",
        _new_source,
        {"reviewer", "editor", "admin"},
        lambda c, m, s: (
            [(x.source.title, x.stance.value) for x in c.sources]
            == [("Cloud market 2023", "refutes")]
        ),
    ),
    # a reviewer unlinks only what they linked; an editor anyone's
    "unlink_source": Case(
        "sources/{link}/unlink",
        "sourced",
        lambda c, m, s: {},
        {"editor", "admin"},
        lambda c, m, s: c.sources == [],
    ),
    "unlink_own_source": Case(
        "sources/{link}/unlink",
        "sourced_by_reviewer",
        lambda c, m, s: {},
        {"reviewer", "editor", "admin"},
        lambda c, m, s: c.sources == [],
    ),
    "edit": Case(
        "edit",
        "unreviewed",
        lambda c, m, s: {"summary": "Alibaba has 80% of China's cloud", "text": "Alibaba 80%"},
        {"editor", "admin"},
        lambda c, m, s: c.summary == "Alibaba has 80% of China's cloud",
    ),
}


@pytest.mark.parametrize("role", ["anonymous", "reviewer", "editor", "admin"])
@pytest.mark.parametrize("name", list(CASES))
def test_each_action_by_each_role(client, as_role, members, session, name, role) -> None:
    case = CASES[name]
    claim = _claim(session, case.state, members)
    link = claim.sources[0].id if claim.sources else 0
    path = f"/claims/{claim.id}/" + case.path.format(link=link)
    data = case.data(claim, members, session) | {"version": claim.version}
    before = (claim.version, _events(session, claim.id))

    if role == "anonymous":
        response = post(client, path, data, token_from="/login")
        assert response.status_code == 302 and response.location.startswith("/login")
    else:
        as_role(role)
        response = post(client, path, data)
        if role in case.allowed:
            assert response.status_code == 302, response.get_data(as_text=True)
            assert response.location.startswith(f"/claims/{claim.id}")
            assert case.changed(_fresh(session, claim.id), members, session)
            assert _events(session, claim.id) == before[1] + 1
            return
        assert response.status_code == 403
        page = response.get_data(as_text=True)
        assert "editor role" in page
    claim = _fresh(session, claim.id)
    assert (claim.version, _events(session, claim.id)) == before
    assert not case.changed(claim, members, session)


def test_a_post_without_csrf_token_is_refused(client, as_role, members, session) -> None:
    claim = _claim(session, "sourced", members)
    as_role("reviewer")
    response = client.post(
        f"/claims/{claim.id}/verdict",
        data={"version": claim.version, "rating": "false", "explanation": "39%"},
    )
    assert response.status_code == 400
    assert _fresh(session, claim.id).status is ClaimStatus.UNREVIEWED


def test_a_verdict_needs_an_explanation(client, as_role, members, session) -> None:
    claim = _claim(session, "sourced", members)
    as_role("reviewer")
    response = post(
        client,
        f"/claims/{claim.id}/verdict",
        {"version": claim.version, "rating": "mixed", "explanation": "   "},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    errors = re.search(r'id="explanation-errors">(.*?)</ul>', page, re.S)
    assert errors and "Explain the verdict" in errors.group(1)
    assert '<option selected value="mixed">' in page  # the chosen verdict is kept
    claim = _fresh(session, claim.id)
    assert claim.status is ClaimStatus.UNREVIEWED and claim.rating is None


def test_a_sourced_verdict_waits_for_a_source_then_succeeds(
    app, client, as_role, members, session
) -> None:
    claim = _claim(session, "unreviewed", members)
    version = claim.version
    as_role("reviewer")
    explanation = "Canalys puts Alibaba at 39%, not 80%."
    response = post(
        client,
        f"/claims/{claim.id}/verdict",
        {"version": version, "rating": "false", "explanation": explanation},
    )
    assert response.status_code in (409, 422)
    page = response.get_data(as_text=True)
    errors = re.search(r'id="rating-errors">(.*?)</ul>', page, re.S)
    assert errors and "needs at least one linked source" in errors.group(1)
    assert explanation in page  # what the reviewer typed is still in the form
    claim = _fresh(session, claim.id)
    assert (claim.status, claim.rating, claim.version) == (ClaimStatus.UNREVIEWED, None, version)

    editor = app.test_client()
    login(editor, members.editor)
    response = post(
        editor, f"/claims/{claim.id}/sources", _new_source(None, None, None) | {"version": version}
    )
    assert response.status_code == 302

    # the reviewer's page is now stale: they reload it, then propose again
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    version = int(VERSION_RE.search(page).group(1))
    response = post(
        client,
        f"/claims/{claim.id}/verdict",
        {"version": version, "rating": "false", "explanation": explanation},
    )
    assert response.status_code == 302
    claim = _fresh(session, claim.id)
    assert claim.status is ClaimStatus.VERDICT_PROPOSED
    assert (claim.rating.slug, claim.proposed_by_id) == ("false", members.reviewer.id)


def test_unverifiable_needs_no_source(client, as_role, members, session) -> None:
    claim = _claim(session, "unreviewed", members)
    as_role("reviewer")
    response = post(
        client,
        f"/claims/{claim.id}/verdict",
        {"version": claim.version, "rating": "unverifiable", "explanation": "No data exists."},
    )
    assert response.status_code == 302
    assert _fresh(session, claim.id).status is ClaimStatus.VERDICT_PROPOSED


def test_the_proposer_cannot_approve_but_a_second_reviewer_can(
    app, client, as_role, members, session
) -> None:
    claim = _claim(session, "sourced", members)
    as_role("reviewer")
    response = post(
        client,
        f"/claims/{claim.id}/verdict",
        {"version": claim.version, "rating": "false", "explanation": "39% in Q2 2023."},
    )
    assert response.status_code == 302
    version = _fresh(session, claim.id).version

    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert f'action="/claims/{claim.id}/approve"' not in page  # not offered to the proposer
    assert "(draft)" in page
    response = post(client, f"/claims/{claim.id}/approve", {"version": version})
    assert response.status_code == 409
    assert "you proposed this verdict" in response.get_data(as_text=True).lower()
    assert _fresh(session, claim.id).status is ClaimStatus.VERDICT_PROPOSED

    second = app.test_client()
    login(second, members.reviewer2)
    page = second.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert f'action="/claims/{claim.id}/approve"' in page
    response = post(second, f"/claims/{claim.id}/approve", {"version": version})
    assert response.status_code == 302
    claim = _fresh(session, claim.id)
    assert claim.status is ClaimStatus.APPROVED
    assert (claim.proposed_by_id, claim.approved_by_id) == (
        members.reviewer.id,
        members.reviewer2.id,
    )


def test_reopening_an_approved_verdict_writes_a_correction(
    client, as_role, members, session
) -> None:
    claim = _claim(session, "approved", members)
    as_role("editor")
    response = post(
        client,
        f"/claims/{claim.id}/reopen",
        {"version": claim.version, "reason": "Canalys revised its Q2 figures.", "confirm": "y"},
    )
    assert response.status_code == 302
    correction = session.scalar(sa.select(Correction).where(Correction.claim_id == claim.id))
    assert correction is not None
    assert (correction.reason, correction.previous_rating.slug) == (
        "Canalys revised its Q2 figures.",
        "mostly-true",
    )
    assert correction.created_by_id == members.editor.id
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Canalys revised its Q2 figures." in page and "reopened the verdict" in page


def test_reopening_needs_a_reason(client, as_role, members, session) -> None:
    claim = _claim(session, "approved", members)
    as_role("editor")
    response = post(client, f"/claims/{claim.id}/reopen", {"version": claim.version, "reason": ""})
    assert response.status_code == 422
    assert "Say why the verdict is reopened." in response.get_data(as_text=True)
    assert _fresh(session, claim.id).status is ClaimStatus.APPROVED


def test_a_stale_verdict_is_refused_with_the_other_persons_change(
    client, as_role, members, session
) -> None:
    claim = _claim(session, "sourced", members)
    as_role("reviewer")
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    loaded = int(VERSION_RE.search(page).group(1))

    # meanwhile an editor rewrites the summary and gives the claim to the second reviewer
    workflow.edit_claim(
        session,
        claim,
        actor=members.editor,
        text=claim.text,
        summary="Alibaba: 80% of cloud (per analyst)",
        expected_version=loaded,
    )
    workflow.assign(session, claim, members.reviewer2, actor=members.editor)
    session.commit()

    explanation = "Canalys: 39% in Q2 2023."
    response = post(
        client,
        f"/claims/{claim.id}/verdict",
        {"version": loaded, "rating": "false", "explanation": explanation},
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    conflict = re.search(r'<section class="card conflict".*?</section>', page, re.S)
    assert conflict, "the other person's change is shown"
    conflict = conflict.group(0)
    assert "Eddie Editor" in conflict
    assert "Alibaba holds 80% of the cloud" in conflict  # before
    assert "Alibaba: 80% of cloud (per analyst)" in conflict  # after
    assert "Rory Reviewer" in conflict  # the new assignee, by name
    assert explanation in page  # typed text kept
    current = _fresh(session, claim.id)
    assert f'name="version" type="hidden" value="{current.version}"' in page
    # nothing of the refused change was saved, and the other person's change stands
    assert current.status is ClaimStatus.UNREVIEWED and current.rating is None
    assert current.summary == "Alibaba: 80% of cloud (per analyst)"
    assert current.assignee_id == members.reviewer2.id


def test_a_stale_edit_keeps_the_other_editors_value(app, client, as_role, members, session) -> None:
    claim = _claim(session, "unreviewed", members)
    as_role("editor")
    loaded = claim.version
    other = app.test_client()
    login(other, members.admin)
    response = post(
        other,
        f"/claims/{claim.id}/edit",
        {"version": loaded, "summary": "Admin's summary", "text": claim.text},
    )
    assert response.status_code == 302

    response = post(
        client,
        f"/claims/{claim.id}/edit",
        {"version": loaded, "summary": "Editor's summary", "text": claim.text},
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Ada Admin" in page and "saved this claim after you opened it" in page
    assert 'value="Editor\'s summary"' in page or 'value="Editor&#39;s summary"' in page
    assert _fresh(session, claim.id).summary == "Admin's summary"


def test_bad_source_input_is_shown_by_the_field(client, as_role, members, session) -> None:
    claim = _claim(session, "unreviewed", members)
    as_role("editor")
    data = _new_source(None, None, None) | {"version": claim.version, "url": "ftp://x.org/a"}
    response = post(client, f"/claims/{claim.id}/sources", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    errors = re.search(r'id="url-errors">(.*?)</ul>', page, re.S)
    assert errors and "http:// or https://" in errors.group(1)
    assert 'value="Cloud market 2023"' in page and "Alibaba: 39%" in page
    assert session.scalar(sa.select(sa.func.count()).select_from(Source)) == 0
    assert _fresh(session, claim.id).sources == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "title is required"),
        ("title", "t" * 501, "longer than 500"),
        ("url", "", "an address is needed"),
        ("published", "12/31/2023", "Not a valid date"),
    ],
)
def test_new_source_errors(client, as_role, members, session, field, value, message) -> None:
    claim = _claim(session, "unreviewed", members)
    as_role("editor")
    data = _new_source(None, None, None) | {"version": claim.version, field: value}
    response = post(client, f"/claims/{claim.id}/sources", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    errors = re.search(rf'id="{field}-errors">(.*?)</ul>', page, re.S)
    assert errors and message in errors.group(1)
    assert session.scalar(sa.select(sa.func.count()).select_from(ClaimSource)) == 0


@pytest.mark.parametrize(
    "reference",
    ["{id}", "Canalys Q2", "https://www.canalys.com/q2?utm_source=mail", "  Canalys   Q2 "],
    ids=["id", "title", "address", "spaced title"],
)
def test_link_a_recorded_source_by_id_title_or_address(
    client, as_role, members, session, reference
) -> None:
    claim = _claim(session, "unreviewed", members)
    source = make_source(session, title="Canalys Q2", url="https://www.canalys.com/q2")
    session.commit()
    as_role("editor")
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    field = re.search(r'<input[^>]*id="source"[^>]*>', page)
    assert field and 'data-lookup="sources"' in field.group(0)  # typed, not a list of all
    assert "<option" not in page[page.index('id="link-source"') : page.index('id="url"')]
    response = post(
        client,
        f"/claims/{claim.id}/sources",
        {"version": claim.version, "source": reference.format(id=source.id), "stance": "supports"},
    )
    assert response.status_code == 302
    links = _fresh(session, claim.id).sources
    assert [(x.source_id, x.stance.value) for x in links] == [(source.id, "supports")]
    assert session.scalar(sa.select(sa.func.count()).select_from(Source)) == 1


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("999999", "no source 999999"),
        ("Nothing like it", "no source is called"),
        ("https://nowhere.example.org/x", "no source is recorded at"),
        ("Twin", "several sources are titled"),
    ],
)
def test_a_source_reference_that_names_none_or_several_is_refused(
    client, as_role, members, session, reference, message
) -> None:
    claim = _claim(session, "unreviewed", members)
    make_source(session, title="Twin")
    make_source(session, title="Twin")
    session.commit()
    as_role("editor")
    response = post(
        client,
        f"/claims/{claim.id}/sources",
        {"version": claim.version, "source": reference, "stance": "supports"},
    )
    assert response.status_code in (409, 422)
    errors = re.search(r'id="source-errors">(.*?)</ul>', response.get_data(as_text=True), re.S)
    assert errors and message in errors.group(1)
    assert _fresh(session, claim.id).sources == []


def test_a_known_address_reuses_its_source(client, as_role, members, session) -> None:
    claim = _claim(session, "unreviewed", members)
    source = sourcing.create_source(
        session, SourceInput(url="https://stats.example.org/cloud-2023", title="Old"), actor=None
    )
    session.commit()
    as_role("editor")
    data = _new_source(None, None, None) | {
        "version": claim.version,
        "url": "HTTPS://stats.example.org/cloud-2023/?utm_source=x",
    }
    assert post(client, f"/claims/{claim.id}/sources", data).status_code == 302
    assert [x.source_id for x in _fresh(session, claim.id).sources] == [source.id]


def test_edit_errors_keep_the_typed_text(client, as_role, members, session) -> None:
    claim = _claim(session, "unreviewed", members)
    as_role("editor")
    long_summary = "A summary far too long for ClaimReview " * 3
    response = post(
        client,
        f"/claims/{claim.id}/edit",
        {"version": claim.version, "summary": long_summary, "text": "Kept text here"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "summary-errors" in page and "Kept text here" in page
    assert _fresh(session, claim.id).summary == "Alibaba holds 80% of the cloud"


def test_an_empty_comment_is_refused(client, as_role, members, session) -> None:
    claim = _claim(session, "unreviewed", members)
    as_role("reviewer")
    response = post(client, f"/claims/{claim.id}/comments", {"comment": "  "})
    assert response.status_code == 422
    assert "Write the comment first." in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0


def test_a_missing_version_is_refused(client, as_role, members, session) -> None:
    claim = _claim(session, "unreviewed", members)
    as_role("editor")
    response = post(client, f"/claims/{claim.id}/assign", {"assignee": str(members.reviewer.id)})
    assert response.status_code == 422
    assert "lost track of the claim" in response.get_data(as_text=True)
    assert _fresh(session, claim.id).assignee_id is None


def test_assign_to_nobody(client, as_role, members, session) -> None:
    claim = _claim(session, "in_review", members)  # started by reviewer2, so theirs
    assert claim.assignee_id == members.reviewer2.id
    as_role("editor")
    response = post(client, f"/claims/{claim.id}/assign", {"version": claim.version})
    assert response.status_code == 302
    assert _fresh(session, claim.id).assignee_id is None


def test_unknown_claims_and_links_answer_404(client, as_role, members, session) -> None:
    claim = _claim(session, "unreviewed", members)
    as_role("editor")
    assert post(client, "/claims/9999/comments", {"comment": "x"}).status_code == 404
    response = post(client, f"/claims/{claim.id}/sources/9999/unlink", {"version": 1})
    assert response.status_code == 404


@pytest.mark.parametrize("action", ["unlink", "link", "edit"])
def test_a_published_claim_changes_only_after_a_reopen(
    client, as_role, members, session, action
) -> None:
    claim = _claim(session, "approved", members)
    before, version = claim.snapshot(), claim.version
    as_role("editor")
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "This verdict is published" in page
    assert f'action="/claims/{claim.id}/edit"' not in page
    assert f'action="/claims/{claim.id}/sources"' not in page
    path, data = {
        "unlink": (f"/claims/{claim.id}/sources/{claim.sources[0].id}/unlink", {}),
        "link": (f"/claims/{claim.id}/sources", _new_source(claim, members, session)),
        "edit": (
            f"/claims/{claim.id}/edit",
            {"summary": "Rewritten after approval", "text": claim.text, "speaker": ""},
        ),
    }[action]
    response = post(client, path, {**data, "version": version})
    assert response.status_code == 409
    assert "this verdict is published" in response.get_data(as_text=True)
    claim = _fresh(session, claim.id)
    assert claim.snapshot() == before and claim.version == version and len(claim.sources) == 1


@pytest.mark.parametrize(
    "typed", ["Grace Hopper", "amazing grace", "{id}"], ids=["name", "alias", "id"]
)
def test_the_speaker_is_typed_by_name_alias_or_id(client, as_role, members, session, typed) -> None:
    claim = _claim(session, "unreviewed", members)
    grace = create_speaker(session, "Grace Hopper", actor=None, aliases=["Amazing Grace"])
    session.commit()
    as_role("editor")
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    field = re.search(r'<input[^>]*id="speaker"[^>]*>', page)
    assert field and 'data-lookup="speakers"' in field.group(0)  # typed, not a list of all
    response = post(
        client,
        f"/claims/{claim.id}/edit",
        {
            "version": claim.version,
            "summary": claim.summary,
            "text": claim.text,
            "speaker": typed.format(id=grace.id),
        },
    )
    assert response.status_code == 302
    assert _fresh(session, claim.id).speaker_id == grace.id
    # the form shows the speaker by name, and an empty field means no speaker
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="speaker"[^>]*value="Grace Hopper"', page)
    claim = _fresh(session, claim.id)
    response = post(
        client,
        f"/claims/{claim.id}/edit",
        {"version": claim.version, "summary": claim.summary, "text": claim.text, "speaker": ""},
    )
    assert response.status_code == 302 and _fresh(session, claim.id).speaker_id is None


def test_an_unknown_speaker_is_refused_with_the_typed_text_kept(
    client, as_role, members, session
) -> None:
    claim = _claim(session, "unreviewed", members)
    as_role("editor")
    response = post(
        client,
        f"/claims/{claim.id}/edit",
        {
            "version": claim.version,
            "summary": "New summary",
            "text": claim.text,
            "speaker": "Nobody Known",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    errors = re.search(r'id="speaker-errors">(.*?)</ul>', page, re.S)
    assert errors and "no speaker called" in errors.group(1)
    assert 'value="Nobody Known"' in page and 'value="New summary"' in page
    assert _fresh(session, claim.id).summary == claim.summary


def test_a_saved_change_loads_only_the_claim_and_a_refused_one_shows_the_whole_page(
    app, client, session, members
) -> None:
    """A change that succeeds redirects: it must not read the page's sources, comments
    and people. A refused one renders the page, and that page still shows all of them."""
    from webapp.db import database

    claim = _claim(session, "sourced", members)
    workflow.add_comment(session, claim, "an earlier note", actor=members.reviewer2)
    session.commit()
    title = session.scalars(sa.select(Source.title).join(ClaimSource)).one()
    login(client, members.reviewer)
    sent: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        sent.append(statement)

    engine = database(app).engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        saved = post(client, f"/claims/{claim.id}/comments", {"comment": "checked the figure"})
        saved_statements = list(sent)
        sent.clear()
        refused = post(client, f"/claims/{claim.id}/comments", {"comment": "   "})
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert saved.status_code == 302
    assert saved_statements and not [
        s for s in saved_statements if "FROM claim_sources" in s or "FROM comments" in s
    ]
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert title in page and "an earlier note" in page and "checked the figure" in page

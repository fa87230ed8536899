"""Reviewers bring the evidence: through the real app, a reviewer links a new or a recorded
source, cites one in the verdict form in the same submit, unlinks their own links, and
leaves the source library to the editors.

Every POST carries a real CSRF token; the database is read again through the test's own
session after each request.
"""

from __future__ import annotations

import html
import re

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import Claim, ClaimEvent, ClaimSource, ClaimStatus, Source
from models.services import sourcing, workflow

from ..factories import make_claim, make_source, rating
from .conftest import post


def _fresh(session: orm.Session, claim_id: int) -> Claim:
    session.expire_all()
    claim = session.get(Claim, claim_id)
    assert claim is not None
    return claim


def _count(session: orm.Session, model) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model))


def _actions(session: orm.Session, claim_id: int) -> list[str]:
    return list(
        session.scalars(
            sa.select(ClaimEvent.action)
            .where(ClaimEvent.claim_id == claim_id)
            .order_by(ClaimEvent.id)
        )
    )


def _errors(page: str, field: str) -> str:
    found = re.search(rf'id="{field}-errors">(.*?)</ul>', page, re.S)
    assert found, f"no errors shown by {field}"
    return html.unescape(found.group(1))


NEW = {
    "url": "https://stats.example.org/cloud-2023",
    "title": "Cloud market 2023",
    "kind": "dataset",
    "stance": "refutes",
    "excerpt": "Alibaba: 39%",
}


# --- linking from the Sources card ------------------------------------------------------


def test_a_reviewer_links_a_new_source_and_may_unlink_it(client, as_role, members, session) -> None:
    claim = make_claim(session)
    session.commit()
    reviewer = as_role("reviewer")
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert 'id="link-source"' in page

    response = post(client, f"/claims/{claim.id}/sources", NEW | {"version": claim.version})
    assert response.status_code == 302, response.get_data(as_text=True)
    [link] = _fresh(session, claim.id).sources
    assert (link.source.title, link.stance.value, link.excerpt) == (
        "Cloud market 2023",
        "refutes",
        "Alibaba: 39%",
    )
    assert link.added_by_id == reviewer.id and link.source.created_by_id == reviewer.id

    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert f"/claims/{claim.id}/sources/{link.id}/unlink" in page
    version = _fresh(session, claim.id).version
    response = post(client, f"/claims/{claim.id}/sources/{link.id}/unlink", {"version": version})
    assert response.status_code == 302
    assert _fresh(session, claim.id).sources == []
    assert _count(session, Source) == 1  # the source stays on the desk


def test_a_reviewer_links_a_recorded_source_picked_by_id(client, as_role, members, session) -> None:
    claim = make_claim(session)
    source = make_source(session, title="Canalys Q2")
    session.commit()
    as_role("reviewer")
    response = post(
        client,
        f"/claims/{claim.id}/sources",
        {"version": claim.version, "source": str(source.id), "stance": "supports"},
    )
    assert response.status_code == 302
    assert [x.source_id for x in _fresh(session, claim.id).sources] == [source.id]
    assert _count(session, Source) == 1


@pytest.mark.parametrize(
    "spelled",
    [
        "http://stats.example.org/cloud-2023",
        "http://www.stats.example.org/cloud-2023/",
        "https://stats.example.org/cloud-2023?utm_campaign=spring&gclid=x#figures",
    ],
)
def test_another_spelling_of_a_recorded_address_links_that_record(
    client, as_role, members, session, spelled
) -> None:
    claim = make_claim(session)
    known = make_source(session, url="https://stats.example.org/cloud-2023", title="Known")
    session.commit()
    as_role("reviewer")
    data = NEW | {"version": claim.version, "url": spelled, "title": "A second record?"}
    response = post(client, f"/claims/{claim.id}/sources", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    [link] = _fresh(session, claim.id).sources
    assert link.source_id == known.id and link.source.title == "Known"
    assert _count(session, Source) == 1


def test_a_reviewer_unlinks_only_their_own_links(client, as_role, members, session) -> None:
    claim = make_claim(session)
    theirs = sourcing.link_source(
        session, claim, make_source(session), "supports", None, actor=members.editor
    )
    mine = sourcing.link_source(
        session, claim, make_source(session), "context", None, actor=members.reviewer
    )
    session.commit()
    as_role("reviewer")
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert f"/sources/{mine.id}/unlink" in page
    assert f"/sources/{theirs.id}/unlink" not in page

    version = claim.version
    response = post(client, f"/claims/{claim.id}/sources/{theirs.id}/unlink", {"version": version})
    assert response.status_code == 403
    assert "editor role" in response.get_data(as_text=True)
    claim = _fresh(session, claim.id)
    assert {x.id for x in claim.sources} == {mine.id, theirs.id} and claim.version == version


def test_a_reviewer_links_nothing_to_a_published_verdict(client, as_role, members, session) -> None:
    claim = make_claim(session)
    sourcing.link_source(session, claim, make_source(session), "supports", None, actor=None)
    workflow.propose_verdict(
        session, claim, rating(session, "true"), "Yes.", actor=members.reviewer2
    )
    workflow.approve_verdict(session, claim, actor=members.editor)
    session.commit()
    as_role("reviewer")
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert 'id="link-source"' not in page and "/unlink" not in page
    response = post(client, f"/claims/{claim.id}/sources", NEW | {"version": claim.version})
    assert response.status_code == 409
    assert "published" in _errors(response.get_data(as_text=True), "url")
    assert len(_fresh(session, claim.id).sources) == 1 and _count(session, Source) == 1


def test_a_reviewer_cannot_edit_a_sources_record(client, as_role, members, session) -> None:
    claim = make_claim(session)
    source = sourcing.get_or_create_source(
        session,
        sourcing.SourceInput(url="https://found.example.org/a", title="Found"),
        actor=members.reviewer,
    )
    sourcing.link_source(session, claim, source, "supports", None, actor=members.reviewer)
    session.commit()
    as_role("reviewer")
    page = client.get(f"/sources/{source.id}").get_data(as_text=True)
    assert f"/sources/{source.id}/edit" not in page
    assert client.get(f"/sources/{source.id}/edit").status_code == 403
    response = post(
        client,
        f"/sources/{source.id}/edit",
        {"url": source.url, "title": "Renamed", "kind": "other", "version": source.version},
    )
    assert response.status_code == 403
    assert "editor role" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Source, source.id).title == "Found"


# --- citing in the verdict form -----------------------------------------------------------

VERDICT = {"rating": "false", "explanation": "Canalys puts Alibaba at 39%, not 80%."}
CITE_NEW = {
    "cite_url": "https://www.canalys.com/cloud-2023?utm_source=mail",
    "cite_title": "Canalys: China cloud 2023",
    "cite_stance": "refutes",
    "cite_excerpt": "Alibaba Cloud held 39% of the market.",
}


def test_the_verdict_form_offers_the_source_part_with_the_picker(
    client, as_role, members, session
) -> None:
    claim = make_claim(session)
    session.commit()
    as_role("reviewer")
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    form = page[page.index('id="verdict-form"') :]
    form = form[: form.index("</form>")]
    picker = re.search(r'<input[^>]*id="cite_source"[^>]*>', form)
    assert picker and 'data-lookup="sources"' in picker.group(0)
    for field in ("cite_url", "cite_title", "cite_stance", "cite_excerpt"):
        assert f'id="{field}"' in form


def test_a_reviewer_proposes_a_verdict_and_links_a_new_source_in_one_submit(
    client, as_role, members, session
) -> None:
    claim = make_claim(session)  # no source yet: "False" needs one, given with the verdict
    session.commit()
    version = claim.version
    reviewer = as_role("reviewer")
    data = VERDICT | CITE_NEW | {"version": version}
    response = post(client, f"/claims/{claim.id}/verdict", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    claim = _fresh(session, claim.id)
    assert claim.status is ClaimStatus.VERDICT_PROPOSED and claim.rating.slug == "false"
    assert claim.proposed_by_id == reviewer.id
    [link] = claim.sources
    assert link.source.url == "https://www.canalys.com/cloud-2023"
    assert link.source.title == "Canalys: China cloud 2023"
    assert (link.stance.value, link.excerpt) == ("refutes", "Alibaba Cloud held 39% of the market.")
    assert link.added_by_id == reviewer.id
    assert _actions(session, claim.id)[-2:] == ["source_linked", "verdict_proposed"]


def test_a_reviewer_cites_a_recorded_source_with_the_verdict(
    client, as_role, members, session
) -> None:
    claim = make_claim(session)
    known = make_source(session, url="https://www.canalys.com/cloud-2023", title="Canalys")
    session.commit()
    as_role("reviewer")
    data = VERDICT | {"version": claim.version, "cite_source": str(known.id)}
    data |= {"cite_stance": "refutes"}
    response = post(client, f"/claims/{claim.id}/verdict", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    claim = _fresh(session, claim.id)
    assert claim.status is ClaimStatus.VERDICT_PROPOSED
    assert [x.source_id for x in claim.sources] == [known.id]
    assert _count(session, Source) == 1


def test_the_http_form_of_a_recorded_source_cited_with_a_verdict_reuses_it(
    client, as_role, members, session
) -> None:
    claim = make_claim(session)
    known = make_source(session, url="https://www.canalys.com/cloud-2023", title="Canalys")
    session.commit()
    as_role("reviewer")
    data = VERDICT | CITE_NEW | {"version": claim.version}
    data["cite_url"] = "http://canalys.com/cloud-2023/"
    assert post(client, f"/claims/{claim.id}/verdict", data).status_code == 302
    assert [x.source_id for x in _fresh(session, claim.id).sources] == [known.id]
    assert _count(session, Source) == 1


def _refused_leaves_everything(session, claim, version, response, status) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    claim = _fresh(session, claim.id)
    assert (claim.status, claim.rating, claim.sources) == (ClaimStatus.UNREVIEWED, None, [])
    assert _count(session, Source) == 0 and _count(session, ClaimSource) == 0
    assert "source_linked" not in _actions(session, claim.id)
    page = response.get_data(as_text=True)
    # what was typed comes back in the form
    assert 'value="https://www.canalys.com/cloud-2023?utm_source=mail"' in page
    assert 'value="Canalys: China cloud 2023"' in page
    assert '<option selected value="refutes">' in page[page.index('id="cite_stance"') :]
    assert "Alibaba Cloud held 39% of the market." in page
    return page


def test_a_verdict_refused_after_its_source_was_staged_links_nothing(
    client, as_role, members, session
) -> None:
    claim = make_claim(session)
    session.commit()
    as_role("reviewer")
    # the explanation passes the form but not the service, which runs after the link
    data = VERDICT | CITE_NEW | {"version": claim.version, "explanation": "39%\x07 not 80%"}
    response = post(client, f"/claims/{claim.id}/verdict", data)
    page = _refused_leaves_everything(session, claim, claim.version, response, 422)
    assert "explanation-errors" in page


def test_a_stale_verdict_with_a_source_links_nothing(client, as_role, members, session) -> None:
    claim = make_claim(session)
    session.commit()
    loaded = claim.version
    workflow.assign(session, claim, members.reviewer2, actor=members.editor)
    session.commit()
    as_role("reviewer")
    response = post(client, f"/claims/{claim.id}/verdict", VERDICT | CITE_NEW | {"version": loaded})
    page = _refused_leaves_everything(session, claim, loaded, response, 409)
    assert "Someone saved this claim after you opened it" in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"explanation": ""}, "explanation", "Explain the verdict"),
        ({"cite_stance": ""}, "cite_stance", "Choose the stance"),
        ({"cite_title": ""}, "cite_title", "title is required"),
        ({"cite_url": "ftp://canalys.com/x"}, "cite_url", "http:// or https://"),
        ({"cite_url": "", "cite_source": "No such source"}, "cite_source", "no source is called"),
    ],
)
def test_a_refused_source_part_refuses_the_verdict_by_its_field(
    client, as_role, members, session, change, field, message
) -> None:
    claim = make_claim(session)
    session.commit()
    as_role("reviewer")
    data = VERDICT | CITE_NEW | {"version": claim.version} | change
    response = post(client, f"/claims/{claim.id}/verdict", data)
    assert response.status_code in (409, 422)
    assert message in _errors(response.get_data(as_text=True), field)
    claim = _fresh(session, claim.id)
    assert (claim.status, claim.sources, _count(session, Source)) == (
        ClaimStatus.UNREVIEWED,
        [],
        0,
    )


def test_a_source_part_without_an_address_is_refused(client, as_role, members, session) -> None:
    claim = make_claim(session)
    session.commit()
    as_role("reviewer")
    data = VERDICT | {"version": claim.version, "rating": "unverifiable"}
    data |= {"cite_title": "Forgot the address", "cite_stance": "context"}
    response = post(client, f"/claims/{claim.id}/verdict", data)
    assert response.status_code == 422
    assert "Give the new source's address" in _errors(response.get_data(as_text=True), "cite_url")
    assert _fresh(session, claim.id).status is ClaimStatus.UNREVIEWED


def test_a_verdict_without_the_source_part_still_needs_a_linked_source(
    client, as_role, members, session
) -> None:
    claim = make_claim(session)
    session.commit()
    as_role("reviewer")
    response = post(client, f"/claims/{claim.id}/verdict", VERDICT | {"version": claim.version})
    assert response.status_code == 409
    assert "needs at least one linked source" in _errors(response.get_data(as_text=True), "rating")


def test_citing_a_source_already_linked_is_refused_by_the_picker(
    client, as_role, members, session
) -> None:
    claim = make_claim(session)
    known = make_source(session, title="Canalys")
    sourcing.link_source(session, claim, known, "refutes", None, actor=members.reviewer2)
    session.commit()
    as_role("reviewer")
    data = VERDICT | {"version": claim.version, "cite_source": str(known.id)}
    response = post(client, f"/claims/{claim.id}/verdict", data | {"cite_stance": "refutes"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "already linked" in _errors(page, "cite_source")
    claim = _fresh(session, claim.id)
    assert claim.status is ClaimStatus.UNREVIEWED and len(claim.sources) == 1

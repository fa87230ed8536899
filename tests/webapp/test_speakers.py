"""The speakers pages: list with verdict records, detail, add and edit."""

from __future__ import annotations

import re
from html import unescape

import pytest
import sqlalchemy as sa

from models import Claim, ClaimStatus, Speaker, SpeakerAlias
from models.errors import PermissionDenied
from models.services.speakers import create_speaker, find_speaker, update_speaker

from .conftest import post


@pytest.fixture
def speaker(session, members):
    """A committed speaker with two aliases."""
    speaker = create_speaker(
        session,
        "Ada Lovelace",
        actor=None,
        description="Mathematician.",
        same_as="https://www.wikidata.org/wiki/Q7259",
        aliases=["Ada", "Countess of Lovelace"],
    )
    session.commit()
    return speaker


def _speakers(session) -> list[tuple[str, str | None, str | None]]:
    session.expire_all()
    return [
        (s.name, s.description, s.same_as)
        for s in session.scalars(sa.select(Speaker).order_by(Speaker.id))
    ]


def _field_errors(page: str, field: str) -> str:
    match = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', page, re.S)
    return unescape(match.group(1)) if match else ""


EDITOR_GETS = ["/speakers/new", "/speakers/{id}/edit"]
EDITOR_POSTS = ["/speakers/new", "/speakers/{id}/edit"]
MEMBER_GETS = ["/speakers/", "/speakers/{id}"]


@pytest.mark.parametrize("path", MEMBER_GETS + EDITOR_GETS)
def test_anonymous_visitors_are_sent_to_login(client, speaker, path) -> None:
    response = client.get(path.format(id=speaker.id))
    assert response.status_code == 302 and response.location.startswith("/login")


@pytest.mark.parametrize("path", EDITOR_POSTS)
def test_anonymous_posts_are_sent_to_login(client, speaker, session, path) -> None:
    response = post(client, path.format(id=speaker.id), {"name": "Grace"}, token_from="/login")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert _speakers(session) == [("Ada Lovelace", "Mathematician.", speaker.same_as)]


@pytest.mark.parametrize("role", ["reviewer", "editor", "admin"])
@pytest.mark.parametrize("path", MEMBER_GETS)
def test_every_member_may_read(client, as_role, speaker, role, path) -> None:
    as_role(role)
    assert client.get(path.format(id=speaker.id)).status_code == 200


@pytest.mark.parametrize("path", EDITOR_GETS)
def test_reviewers_may_not_open_the_forms(client, as_role, speaker, path) -> None:
    as_role("reviewer")
    response = client.get(path.format(id=speaker.id))
    assert response.status_code == 403
    assert "editor role" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", EDITOR_POSTS)
def test_reviewers_may_not_post_the_forms(client, as_role, speaker, session, path) -> None:
    as_role("reviewer")
    response = post(client, path.format(id=speaker.id), {"name": "Grace Hopper"})
    assert response.status_code == 403
    assert _speakers(session) == [("Ada Lovelace", "Mathematician.", speaker.same_as)]


@pytest.mark.parametrize("role", ["editor", "admin"])
@pytest.mark.parametrize("path", EDITOR_GETS)
def test_editors_and_admins_open_the_forms(client, as_role, speaker, role, path) -> None:
    as_role(role)
    assert client.get(path.format(id=speaker.id)).status_code == 200


def test_a_missing_speaker_is_404(client, as_role) -> None:
    as_role("reviewer")
    assert client.get("/speakers/999").status_code == 404


def test_the_list_shows_claim_counts_and_verdict_records(client, as_role, seeded, session):
    as_role("reviewer")
    page = client.get("/speakers/").get_data(as_text=True)
    for speaker in session.scalars(sa.select(Speaker)):
        claims = session.scalar(
            sa.select(sa.func.count()).select_from(Claim).where(Claim.speaker_id == speaker.id)
        )
        row = re.search(rf'<tr id="speaker-{speaker.id}">(.*?)</tr>', page, re.S).group(1)
        assert speaker.name in row
        assert f'<td class="claim-count">{claims}</td>' in row
        approved = session.scalars(
            sa.select(Claim).where(
                Claim.speaker_id == speaker.id, Claim.status == ClaimStatus.APPROVED
            )
        ).all()
        for claim in approved:
            assert f"verdict--{claim.rating.slug}" in row
        if not approved:
            assert "none yet" in row
    assert "× " in page  # at least one speaker has approved verdicts in the seed


def test_the_detail_shows_claims_aliases_and_identifier(client, as_role, seeded, session):
    pascal = find_speaker(session, "Pascal")
    as_role("reviewer")
    page = client.get(f"/speakers/{pascal.id}").get_data(as_text=True)
    assert "<li>Coppens</li>" in page and "<li>Pascal</li>" in page
    for claim in session.scalars(sa.select(Claim).where(Claim.speaker_id == pascal.id)):
        assert f'href="/claims/{claim.id}"' in page
        assert f"badge--{claim.status.value}" in page


def test_the_identifier_is_a_link(client, as_role, speaker) -> None:
    as_role("reviewer")
    page = client.get(f"/speakers/{speaker.id}").get_data(as_text=True)
    assert 'href="https://www.wikidata.org/wiki/Q7259"' in page
    assert "<li>Countess of Lovelace</li>" in page


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_an_editor_adds_a_speaker_with_aliases(client, as_role, session, role) -> None:
    as_role(role)
    response = post(
        client,
        "/speakers/new",
        {
            "name": "Grace Hopper",
            "description": "Computer scientist.",
            "same_as": "https://www.wikidata.org/wiki/Q11641",
            "aliases": "Grace, Amazing Grace , ",
        },
    )
    assert response.status_code == 302
    grace = session.scalar(sa.select(Speaker).where(Speaker.name == "Grace Hopper"))
    assert response.location == f"/speakers/{grace.id}"
    assert sorted(a.alias for a in grace.aliases) == ["Amazing Grace", "Grace", "Grace Hopper"]
    assert find_speaker(session, "amazing grace") is grace


@pytest.mark.parametrize(
    ("data", "field", "message", "status"),
    [
        ({"name": "  "}, "name", "name is required", 422),
        ({"same_as": "javascript:alert(1)"}, "same_as", "must start with http", 422),
        ({"same_as": "ftp://example.org/x"}, "same_as", "must start with http", 422),
        ({"aliases": "Ada"}, "aliases", "already names Ada Lovelace", 409),
    ],
)
def test_a_bad_speaker_is_refused_next_to_its_field(
    client, as_role, speaker, session, data, field, message, status
) -> None:
    as_role("editor")
    form = {"name": "Grace Hopper", "description": "Typed description kept"} | data
    response = post(client, "/speakers/new", form)
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in _field_errors(page, field)
    assert "Typed description kept" in page
    assert _speakers(session) == [("Ada Lovelace", "Mathematician.", speaker.same_as)]


def test_a_speaker_post_without_csrf_is_refused(client, as_role, session) -> None:
    as_role("editor")
    response = client.post("/speakers/new", data={"name": "Grace Hopper"})
    assert response.status_code == 400
    assert _speakers(session) == []


def test_an_editor_edits_a_speaker(client, as_role, speaker, session) -> None:
    as_role("editor")
    page = client.get(f"/speakers/{speaker.id}/edit").get_data(as_text=True)
    assert 'value="Ada, Countess of Lovelace"' in page
    response = post(
        client,
        f"/speakers/{speaker.id}/edit",
        {
            "name": "Augusta Ada King",
            "description": "Wrote the first published program.",
            "same_as": "",
            "aliases": "Ada, Ada Lovelace",
            "version": "1",
        },
    )
    assert response.status_code == 302
    session.expire_all()
    assert _speakers(session) == [("Augusta Ada King", "Wrote the first published program.", None)]
    aliases = sorted(session.scalars(sa.select(SpeakerAlias.alias)))
    assert aliases == ["Ada", "Ada Lovelace", "Augusta Ada King"]


def test_a_bad_edit_changes_nothing(client, as_role, speaker, session, members) -> None:
    other = create_speaker(session, "Grace Hopper", actor=None, aliases=["Grace"])
    session.commit()
    as_role("editor")
    for data, field in [
        ({"name": "Grace"}, "name"),
        ({"name": "Ada L.", "same_as": "not a url"}, "same_as"),
        ({"name": "Ada L.", "aliases": "Ada, Grace"}, "aliases"),
    ]:
        response = post(client, f"/speakers/{speaker.id}/edit", {**data, "version": "1"})
        assert response.status_code in (409, 422)
        assert _field_errors(response.get_data(as_text=True), field)
    assert _speakers(session) == [
        ("Ada Lovelace", "Mathematician.", speaker.same_as),
        ("Grace Hopper", None, None),
    ]
    assert find_speaker(session, "Ada") is speaker and find_speaker(session, "Grace") is other


def test_update_speaker_needs_the_edit_speaker_permission(session, members, speaker) -> None:
    with pytest.raises(PermissionDenied):
        update_speaker(session, speaker, actor=members.reviewer, name="Someone else")
    update_speaker(session, speaker, actor=members.editor, name="Ada Lovelace", aliases=[])
    assert [a.alias for a in speaker.aliases] == ["Ada Lovelace"]

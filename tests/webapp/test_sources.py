"""The sources pages: list, filter, detail, and the editor's new/edit forms."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from markupsafe import escape

from models import ClaimSource, Source, SourceKind

from ..factories import make_claim, make_source
from .conftest import post

SEED_CANALYS = "https://canalys.com/newsroom/mainland-china-cloud-market-q2-2023"


def _count(session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Source))


def _form(**overrides) -> dict:
    data = {
        "url": "https://stats.example.gov/census-2024?utm_source=mail",
        "title": "Census 2024 results",
        "publisher": "National Statistics Office",
        "published": "2024-03-01",
        "kind": "dataset",
        "archive_url": "https://web.archive.org/web/2024/https://stats.example.gov/census-2024",
    }
    data.update(overrides)
    return data


# --- list -----------------------------------------------------------------------------


def test_the_list_shows_each_source_with_its_stance_counts(client, seeded, as_role) -> None:
    as_role("reviewer")
    canalys = seeded.scalar(sa.select(Source).where(Source.url == SEED_CANALYS))
    supports, refutes = (
        seeded.scalar(
            sa.select(sa.func.count())
            .select_from(ClaimSource)
            .where(ClaimSource.source_id == canalys.id, ClaimSource.stance == stance)
        )
        for stance in ("supports", "refutes")
    )
    assert refutes >= 1  # the seed cites Canalys against the cloud-share claim

    page = client.get("/sources/").get_data(as_text=True)

    row = page[page.index(f'href="/sources/{canalys.id}"') :].split("</tr>")[0]
    assert escape(canalys.title) in row
    assert "Official report" in row
    cells = [cell.split("</span>")[-1].split("</td>")[0] for cell in row.split('class="num">')[1:]]
    assert cells[:2] == [str(supports), str(refutes)]
    assert page.count('<td class="num"><span class="stance-label">Supports') == _count(seeded)


def test_the_list_filters_by_kind_and_words(client, seeded, as_role) -> None:
    make_source(seeded, title="Cloud spending ledger", kind="dataset", publisher="Ledger Co")
    make_source(seeded, title="Cloud market interview", kind="interview")
    seeded.commit()
    as_role("reviewer")

    page = client.get("/sources/?kind=dataset&q=cloud").get_data(as_text=True)
    assert "Cloud spending ledger" in page
    assert "Cloud market interview" not in page
    assert "Canalys" not in page  # an official report, not a dataset
    assert len(re.findall(r'href="/sources/\d+"', page)) == 1

    by_publisher = client.get("/sources/?q=ledger+co").get_data(as_text=True)
    assert "Cloud spending ledger" in by_publisher and "Cloud market interview" not in by_publisher

    by_address = client.get("/sources/?q=canalys.com").get_data(as_text=True)
    assert "canalys.com/newsroom" in by_address and "Cloud spending ledger" not in by_address


def test_a_filter_with_wildcards_matches_them_literally(client, members, session, as_role) -> None:
    make_source(session, title="Growth of 50% a year")
    make_source(session, title="Growth of 5 a year")
    session.commit()
    as_role("reviewer")
    page = client.get("/sources/?q=50%25").get_data(as_text=True)
    assert "Growth of 50% a year" in page and "Growth of 5 a year" not in page


def test_an_unknown_kind_in_the_url_is_ignored(client, seeded, as_role) -> None:
    as_role("reviewer")
    response = client.get("/sources/?kind=rumour")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count('<span class="stance-label">Supports') == _count(seeded)


def _link(page: str, rel: str) -> str | None:
    match = re.search(rf'<a href="([^"]+)" rel="{rel}">', page)
    return match.group(1).replace("&amp;", "&") if match else None


def test_the_list_pages_by_key_and_keeps_the_filter(client, members, session, as_role) -> None:
    for n in range(30):
        make_source(session, title=f"Budget table {n:02d}", kind="dataset")
    make_source(session, title="Unrelated interview", kind="interview")
    session.commit()
    as_role("reviewer")

    first = client.get("/sources/?kind=dataset").get_data(as_text=True)
    assert _link(first, "prev") is None and _link(first, "first") is None
    next_url = _link(first, "next")
    assert next_url and "kind=dataset" in next_url and "after=" in next_url
    second = client.get(next_url).get_data(as_text=True)
    shown = [f"Budget table {n:02d}" for n in range(30)]
    on_first = [t for t in reversed(shown) if t in first]  # newest first
    on_second = [t for t in reversed(shown) if t in second]
    assert on_first + on_second == list(reversed(shown)) and len(on_first) == 25
    assert "Unrelated interview" not in first + second
    assert _link(second, "next") is None and _link(second, "first") == "/sources/?kind=dataset"
    back = client.get(_link(second, "prev")).get_data(as_text=True)
    assert [t for t in reversed(shown) if t in back] == on_first
    # A cursor the list did not give out starts the list from the top.
    again = client.get("/sources/?kind=dataset&after=nonsense").get_data(as_text=True)
    assert [t for t in reversed(shown) if t in again] == on_first


# --- detail ---------------------------------------------------------------------------


def test_the_detail_page_lists_the_claims_by_stance(client, seeded, as_role) -> None:
    as_role("reviewer")
    canalys = seeded.scalar(sa.select(Source).where(Source.url == SEED_CANALYS))
    link = canalys.links[0]

    page = client.get(f"/sources/{canalys.id}").get_data(as_text=True)

    assert escape(canalys.title) in page
    assert f'href="{SEED_CANALYS}"' in page
    assert "Refutes" in page
    assert f'href="/claims/{link.claim_id}"' in page
    assert escape(link.claim.summary) in page
    assert escape(link.excerpt) in page
    assert f'badge--{link.claim.status.value}"' in page
    # A reviewer sees no edit button.
    assert f"/sources/{canalys.id}/edit" not in page


def test_the_detail_page_shows_the_archive_link_and_edit_button(
    client, members, session, as_role
) -> None:
    source = make_source(session, archive_url="https://web.archive.org/web/2020/x.example.org/")
    claim = make_claim(session)
    session.add(ClaimSource(claim=claim, source=source, stance="supports", excerpt="It says so."))
    session.commit()
    as_role("editor")
    page = client.get(f"/sources/{source.id}").get_data(as_text=True)
    assert 'href="https://web.archive.org/web/2020/x.example.org/"' in page
    assert f'href="/sources/{source.id}/edit"' in page
    assert "It says so." in page and f'href="/claims/{claim.id}"' in page


def test_a_missing_source_is_404(client, members, as_role) -> None:
    as_role("reviewer")
    assert client.get("/sources/9999").status_code == 404
    assert client.get("/sources/9999/edit").status_code == 403  # reviewers: role first
    post(client, "/logout")
    as_role("editor")
    assert client.get("/sources/9999/edit").status_code == 404


# --- new and edit ---------------------------------------------------------------------


def test_an_editor_records_a_source(client, members, session, as_role) -> None:
    editor = as_role("editor")
    response = post(client, "/sources/new", _form(), token_from="/sources/new")
    assert response.status_code == 302

    source = session.scalar(sa.select(Source).where(Source.title == "Census 2024 results"))
    assert response.location == f"/sources/{source.id}"
    assert source.url == "https://stats.example.gov/census-2024"  # tracking parameter dropped
    assert source.kind is SourceKind.DATASET
    assert source.published.isoformat() == "2024-03-01"
    assert source.created_by_id == editor.id
    assert "Source recorded" in client.get(response.location).get_data(as_text=True)


@pytest.mark.parametrize("role", ["reviewer"])
def test_a_reviewer_may_not_record_or_edit_sources(client, members, session, as_role, role) -> None:
    source = make_source(session)
    session.commit()
    before = _count(session)
    as_role(role)
    for path in ("/sources/new", f"/sources/{source.id}/edit"):
        response = client.get(path)
        assert response.status_code == 403
        assert "you need the editor role" in response.get_data(as_text=True)
    assert post(client, "/sources/new", _form()).status_code == 403
    response = post(client, f"/sources/{source.id}/edit", _form(title="Hijacked"))
    assert response.status_code == 403
    session.expire_all()
    assert _count(session) == before and source.title != "Hijacked"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "ftp://files.example.org/report.pdf", "must start with http:// or https://"),
        ("url", "javascript:alert(1)", "must start with http:// or https://"),
        ("url", "", "This field is required."),
        ("title", "   ", "This field is required."),
        ("archive_url", "archive.example.org/x", "must start with http:// or https://"),
        ("published", "1st of March", "Not a valid date value."),
    ],
)
def test_bad_input_keeps_the_typed_text_and_changes_nothing(
    client, members, session, as_role, field, value, message
) -> None:
    as_role("editor")
    before = _count(session)
    data = _form(**{field: value, "publisher": "Typed <Publisher>"})

    response = post(client, "/sources/new", data, token_from="/sources/new")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    # The message sits next to its field, and what was typed is still there.
    assert f'id="{field}-errors"' in page
    assert 'value="Typed &lt;Publisher&gt;"' in page
    assert 'value="Census 2024 results"' in page or field == "title"
    if value.strip() and field != "published":
        assert f'value="{escape(value)}"' in page
    session.expire_all()
    assert _count(session) == before


def test_a_duplicate_address_names_the_existing_source(client, seeded, as_role) -> None:
    as_role("editor")
    existing = seeded.scalar(sa.select(Source).where(Source.url == SEED_CANALYS))
    before = _count(seeded)
    # The same document, spelled differently: upper-case host, fragment, trailing slash.
    typed = "HTTPS://Canalys.com/newsroom/mainland-china-cloud-market-q2-2023/#top"

    response = post(
        client, "/sources/new", _form(url=typed, title="Canalys again"), token_from="/sources/new"
    )

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert f"already source {existing.id}" in page
    assert f'href="/sources/{existing.id}"' in page
    assert escape(existing.title) in page
    assert 'value="Canalys again"' in page and f'value="{typed}"' in page
    seeded.expire_all()
    assert _count(seeded) == before


def test_an_editor_edits_a_source(client, members, session, as_role) -> None:
    source = make_source(session, title="Old title")
    session.commit()
    as_role("editor")
    page = client.get(f"/sources/{source.id}/edit").get_data(as_text=True)
    assert 'value="Old title"' in page and '<option selected value="official_report">' in page

    response = post(
        client,
        f"/sources/{source.id}/edit",
        _form(url=source.url, title="New title", kind="news", archive_url="", version="1"),
        token_from=f"/sources/{source.id}/edit",
    )
    assert response.status_code == 302 and response.location == f"/sources/{source.id}"
    session.expire_all()
    assert source.title == "New title" and source.kind is SourceKind.NEWS
    assert source.archive_url is None


def test_editing_to_another_sources_address_is_refused(client, members, session, as_role) -> None:
    first = make_source(session, title="First")
    second = make_source(session, title="Second")
    session.commit()
    second_url = second.url
    as_role("editor")

    response = post(
        client,
        f"/sources/{second.id}/edit",
        _form(url=first.url, title="Second, renamed", version="1"),
        token_from=f"/sources/{second.id}/edit",
    )

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert f"already source {first.id}" in page and f'href="/sources/{first.id}"' in page
    assert 'value="Second, renamed"' in page
    session.expire_all()
    assert second.url == second_url and second.title == "Second"


def test_forms_without_a_csrf_token_are_refused(client, members, session, as_role) -> None:
    source = make_source(session, title="Kept")
    session.commit()
    before = _count(session)
    as_role("editor")
    assert client.post("/sources/new", data=_form()).status_code == 400
    response = client.post(f"/sources/{source.id}/edit", data=_form(title="Changed"))
    assert response.status_code == 400
    bad_token = _form(title="Changed", csrf_token="not-a-token")
    assert client.post(f"/sources/{source.id}/edit", data=bad_token).status_code == 400
    session.expire_all()
    assert _count(session) == before and source.title == "Kept"

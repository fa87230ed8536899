"""The claim list: filters, sort and pages, all carried by the URL so a view can be shared."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from models import Claim, ClaimSource, ClaimStatus, Rating, Speaker, Stance
from models.services import workflow

from ..factories import make_article, make_claim

ROW_RE = re.compile(r'<td><a href="/claims/(\d+)">')


def _ids(page: str) -> list[int]:
    return [int(claim_id) for claim_id in ROW_RE.findall(page)]


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _ids_where(session, *conditions) -> set[int]:
    return set(session.scalars(sa.select(Claim.id).where(*conditions)))


@pytest.mark.parametrize("role", ["reviewer", "editor", "admin"])
def test_every_member_sees_the_list(client, as_role, seeded, role) -> None:
    as_role(role)
    page = _page(client, "/claims/")
    assert len(_ids(page)) == 34
    assert "Pascal Coppens" in page and "badge--approved" in page and "verdict--none" in page


def test_anonymous_visitors_are_sent_to_login(client) -> None:
    response = client.get("/claims/?status=approved")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_the_list_shows_each_claims_facts(client, as_role, seeded) -> None:
    as_role("reviewer")
    claim = seeded.scalar(
        sa.select(Claim).where(Claim.status == ClaimStatus.APPROVED).order_by(Claim.id).limit(1)
    )
    page = _page(client, "/claims/?status=approved")
    row = re.search(rf'<tr>\s*<td><a href="/claims/{claim.id}">.*?</tr>', page, re.S).group(0)
    assert unescape(claim.summary) in unescape(row)
    assert claim.speaker.name in row
    assert claim.article.title in unescape(row)
    assert f"verdict--{claim.rating.slug}" in row and "Approved" in row
    assignee = claim.assignee.display_name if claim.assignee else "nobody"
    assert assignee in row


@pytest.mark.parametrize(
    ("query", "condition"),
    [
        ("status=approved", lambda: Claim.status == ClaimStatus.APPROVED),
        ("status=verdict_proposed", lambda: Claim.status == ClaimStatus.VERDICT_PROPOSED),
        ("rating=none", lambda: Claim.rating_id.is_(None)),
        ("rating=false", lambda: Claim.rating.has(Rating.slug == "false")),
        ("speaker=pascal", lambda: Claim.speaker.has(Speaker.name == "Pascal Coppens")),
        ("stance=refutes", lambda: Claim.sources.any(ClaimSource.stance == Stance.REFUTES)),
        ("assignee=none", lambda: Claim.assignee_id.is_(None)),
        ("q=Alibaba", lambda: Claim.text.ilike("%alibaba%") | Claim.summary.ilike("%alibaba%")),
    ],
)
def test_each_filter(client, as_role, seeded, query, condition) -> None:
    as_role("reviewer")
    expected = _ids_where(seeded, condition())
    assert expected, "the seed should have claims for this filter"
    assert set(_ids(_page(client, f"/claims/?{query}"))) == expected


def test_filters_combine_and_show_in_the_form(client, as_role, seeded) -> None:
    as_role("reviewer")
    page = _page(client, "/claims/?status=unreviewed&speaker=Pascal+Coppens&q=China")
    expected = _ids_where(
        seeded,
        Claim.status == ClaimStatus.UNREVIEWED,
        Claim.speaker.has(Speaker.name == "Pascal Coppens"),
        Claim.text.ilike("%china%")
        | Claim.summary.ilike("%china%")
        | Claim.quote_exact.ilike("%china%"),
    )
    assert set(_ids(page)) == expected
    assert '<option selected value="unreviewed">' in page
    assert '<option selected value="Pascal Coppens">' in page
    assert 'value="China"' in page


def test_article_and_assignee_me(client, as_role, members, session) -> None:
    first, second = make_article(session), make_article(session)
    mine = make_claim(session, first)
    theirs = make_claim(session, second)
    other = make_claim(session, second, quote="Services are 54% of GDP", summary="Services 54%")
    workflow.assign(session, mine, members.reviewer, actor=None)
    workflow.assign(session, theirs, members.reviewer2, actor=None)
    session.commit()
    as_role("reviewer")
    assert _ids(_page(client, "/claims/?assignee=me")) == [mine.id]
    assert _ids(_page(client, f"/claims/?assignee={members.reviewer2.id}")) == [theirs.id]
    assert _ids(_page(client, "/claims/?assignee=none")) == [other.id]
    assert _ids(_page(client, f"/claims/?article={second.id}")) == [theirs.id, other.id]


def test_nonsense_values_are_ignored(client, as_role, seeded) -> None:
    as_role("reviewer")
    page = _page(client, "/claims/?status=bogus&stance=maybe&page=x&sort=random&article=abc")
    assert len(_ids(page)) == 34


def test_pages_have_no_repeats_and_carry_the_filter(app, client, as_role, seeded) -> None:
    app.config["CLAIMS_PER_PAGE"] = 5
    as_role("reviewer")
    expected = _ids_where(seeded, Claim.status == ClaimStatus.UNREVIEWED)
    assert len(expected) > 10
    seen: list[int] = []
    url = "/claims/?status=unreviewed&sort=updated"
    pages = 0
    while url:
        page = _page(client, url)
        pages += 1
        ids = _ids(page)
        assert 0 < len(ids) <= 5
        seen.extend(ids)
        match = re.search(r'<a class="button" rel="next" href="([^"]+)"', page)
        url = unescape(match.group(1)) if match else None
        if url:
            params = parse_qs(urlsplit(url).query)
            assert params["status"] == ["unreviewed"] and params["sort"] == ["updated"]
    assert pages == -(-len(expected) // 5)
    assert len(seen) == len(set(seen)), "a claim appeared on two pages"
    assert set(seen) == expected


def test_sort_by_recently_updated(client, as_role, members, session) -> None:
    article = make_article(session)
    older = make_claim(session, article)
    newer = make_claim(session, article, quote="Services are 54% of GDP", summary="Services")
    session.commit()
    workflow.add_comment(session, older, "no version change", actor=members.reviewer)
    workflow.assign(session, older, members.reviewer, actor=None)  # now the latest change
    session.commit()
    as_role("reviewer")
    assert _ids(_page(client, "/claims/?sort=position")) == [older.id, newer.id]
    assert _ids(_page(client, "/claims/?sort=updated")) == [older.id, newer.id]
    assert _ids(_page(client, "/claims/?sort=created")) == [newer.id, older.id]


def test_export_links_carry_the_filter(client, as_role, members, seeded) -> None:
    reviewer = as_role("reviewer")
    page = _page(client, "/claims/?status=approved&speaker=Pascal+Coppens&assignee=me")
    links = [unescape(h) for h in re.findall(r'href="(/reports/download/[^"]+)"', page)]
    formats = {urlsplit(link).path.rsplit("/", 1)[1] for link in links}
    assert formats == {"html", "pdf", "md", "csv", "json", "claimreview"}
    for link in links:
        params = parse_qs(urlsplit(link).query)
        assert params["status"] == ["approved"]
        assert params["speaker"] == ["Pascal Coppens"]
        assert params["assignee"] == [str(reviewer.id)]  # "me" resolved: files are shared


def test_an_empty_result_says_so(client, as_role, seeded) -> None:
    as_role("reviewer")
    page = _page(client, "/claims/?q=nothing+matches+this+xyzzy")
    assert _ids(page) == [] and "No claim matches" in page


def test_a_page_past_the_end_shows_the_last_page(app, client, as_role, seeded) -> None:
    app.config["CLAIMS_PER_PAGE"] = 10
    as_role("reviewer")
    last = _ids(_page(client, "/claims/?page=4"))
    assert len(last) == 4  # 34 claims: 10 + 10 + 10 + 4
    assert _ids(_page(client, "/claims/?page=99")) == last

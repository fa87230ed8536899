"""The claim list: filters, sort and pages, all carried by the URL so a view can be shared."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from models import Claim, ClaimSource, ClaimStatus, Rating, Speaker, Stance
from models.read import claims
from models.read.claims import cursor_at_claim
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
    # the row: its selection box, then the claim's link and facts
    row = re.search(rf'<tr>\s*<td><input [^>]*value="{claim.id}".*?</tr>', page, re.S).group(0)
    assert f'<a href="/claims/{claim.id}">' in row
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
    each = [
        set(_ids(_page(client, f"/claims/?{query}")))
        for query in ["status=unreviewed", "speaker=Pascal+Coppens", "q=China"]
    ]
    page = _page(client, "/claims/?status=Unreviewed&speaker=Pascal++Coppens&q=China")
    assert set(_ids(page)) == each[0] & each[1] & each[2]
    assert each[0] & each[1] & each[2], "the seed should have claims for all three"
    assert '<option selected value="unreviewed">' in page
    assert 'name="speaker" placeholder="Name or id" type="text" value="Pascal Coppens"' in page
    assert 'value="China"' in page


def test_the_filter_bar_takes_typed_names_not_the_whole_desk(client, as_role, seeded) -> None:
    as_role("reviewer")
    page = _page(client, "/claims/")
    for field, kind in [("article", "articles"), ("speaker", "speakers"), ("assignee", "members")]:
        tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', page).group(0)
        assert f'data-lookup="{kind}"' in tag and 'type="text"' in tag
    # no select lists the articles, speakers or members
    assert "Sabrina Meng</option>" not in page and '<option value="1">' not in page


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


def test_nonsense_values_are_dropped_and_the_page_says_why(client, as_role, seeded) -> None:
    as_role("reviewer")
    page = unescape(
        _page(client, "/claims/?status=bogus&stance=maybe&page=x&sort=random&article=abc&speaker=1")
    )
    notes = re.findall(r'<div class="alert alert--info" role="status">([^<]*)</div>', page)
    assert notes == [
        "Not filtered by article: no article is titled 'abc'; give its id or its exact title.",
        "Not filtered by status: unknown status 'bogus'; choose one of unreviewed, in_review, "
        "verdict_proposed, approved.",
        "Not filtered by source stance: unknown stance 'maybe'; choose one of supports, "
        "refutes, context.",
        "Not sorted as asked: unknown sort 'random'; choose one of position, updated, "
        "created, status, id.",
    ]
    speaker_one = set(_ids(_page(client, "/claims/?speaker=1")))
    assert set(_ids(page)) == speaker_one and speaker_one  # speaker 1, read as an id, applies


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


def _link(page: str, rel: str) -> str | None:
    match = re.search(rf'<a class="button" rel="{rel}" href="([^"]+)"', page)
    return unescape(match.group(1)) if match else None


def test_first_previous_next_and_last_pages_by_key(app, client, as_role, seeded) -> None:
    app.config["CLAIMS_PER_PAGE"] = 10
    as_role("reviewer")
    first = _page(client, "/claims/?sort=updated&status=")
    assert _link(first, "first") is None and _link(first, "prev") is None
    forward, page = [], first
    while page is not None:
        forward += _ids(page)
        link = _link(page, "next")
        page = _page(client, link) if link else None
    assert sorted(forward) == sorted(_ids_where(seeded)) and len(forward) == 34
    # from the last page back: pages counted from the end (34 = 4 + 10 + 10 + 10)
    page, backward = _page(client, _link(first, "last")), []
    assert _link(page, "next") is None and _link(page, "last") is None
    while page is not None:
        backward.insert(0, _ids(page))
        for rel in ("first", "prev"):
            assert "sort=updated" in _link(page, rel) if _link(page, rel) else True
        link = _link(page, "prev")
        page = _page(client, link) if link else None
    assert backward == [forward[:4], forward[4:14], forward[14:24], forward[24:]]
    assert _ids(_page(client, _link(_page(client, _link(first, "last")), "first"))) == forward[:10]


def test_a_cursor_past_the_end_shows_the_last_page(app, client, as_role, seeded) -> None:
    app.config["CLAIMS_PER_PAGE"] = 10
    as_role("reviewer")
    last_claim = max(seeded.scalars(sa.select(Claim)), key=lambda c: (c.article_id, c.quote_start))
    past = cursor_at_claim(last_claim).encode()
    page = _page(client, f"/claims/?after={past}")
    assert len(_ids(page)) == 10 and _link(page, "next") is None
    assert last_claim.id == _ids(page)[-1]


def test_a_broken_cursor_shows_the_first_page_with_a_note(client, as_role, seeded) -> None:
    as_role("reviewer")
    page = unescape(_page(client, "/claims/?after=bm9wZQ&status=approved"))
    assert "Showing the first page: after is not one this list gave out" in page
    assert set(_ids(page)) == _ids_where(seeded, Claim.status == ClaimStatus.APPROVED)


def test_the_count_is_capped(monkeypatch, client, as_role, seeded) -> None:
    as_role("reviewer")
    monkeypatch.setattr(claims, "COUNT_CAP", 20)
    assert "20+ claims" in _page(client, "/claims/")
    assert "4 claims" in _page(client, "/claims/?status=approved")

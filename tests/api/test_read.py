"""Reading through the API: every read endpoint for every role, shapes, filters, 404s."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import Article, Claim, ClaimStatus, Source, Speaker
from models.services import sourcing, speakers, workflow

from ..factories import make_claim, make_source, rating
from .conftest import ROLES, error_of

READS = [
    "/api/v1/articles",
    "/api/v1/articles/{article}",
    "/api/v1/claims",
    "/api/v1/claims/{claim}",
    "/api/v1/sources",
    "/api/v1/sources/{source}",
    "/api/v1/speakers",
    "/api/v1/speakers/{speaker}",
]


@pytest.fixture
def small_desk(session, members):
    """A speaker and a sourced claim of theirs, committed (faster than the seed)."""
    speakers.create_speaker(session, "Ana Analyst", actor=None, aliases=["the analyst"])
    claim = make_claim(session, speaker="the analyst")
    sourcing.link_source(session, claim, make_source(session), "context", None, actor=None)
    session.commit()
    return session


def _ids(session) -> dict[str, int]:
    return {
        "article": session.scalar(sa.select(sa.func.min(Article.id))),
        "claim": session.scalar(sa.select(sa.func.min(Claim.id))),
        "source": session.scalar(sa.select(sa.func.min(Source.id))),
        "speaker": session.scalar(sa.select(sa.func.min(Speaker.id))),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", READS)
def test_every_role_may_read(api, small_desk, role, path) -> None:
    response = api.get(path.format(**_ids(small_desk)), as_=role)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["items"] if "{" not in path else body["id"]


@pytest.mark.parametrize("path", [p for p in READS if "{" in p])
def test_an_unknown_record_answers_json_404(api, members, path) -> None:
    response = api.get(path.format(article=999, claim=999, source=999, speaker=999))
    assert response.status_code == 404
    assert "999" in error_of(response)["message"]


def test_a_claim_in_full(api, session, members, sourced_claim) -> None:
    workflow.add_comment(session, sourced_claim, "The 80% is from 2021.", actor=members.editor)
    workflow.assign(session, sourced_claim, members.reviewer, actor=None)
    session.commit()
    claim = api.get(f"/api/v1/claims/{sourced_claim.id}").get_json()
    # the JSON export's record, kept whole
    assert claim["id"] == sourced_claim.id
    assert claim["status"] == "unreviewed" and claim["rating"] is None
    assert claim["summary"] == "Alibaba holds 80% of the cloud"
    assert claim["quote"]["exact"] == "Alibaba holds 80% of the cloud market"
    assert set(claim["quote"]) == {"exact", "prefix", "suffix", "start", "end"}
    # and what the API adds
    assert claim["version"] == sourced_claim.version
    assert claim["assignee"]["username"] == "rita"
    [source] = claim["sources"]
    assert source["stance"] == "supports" and source["excerpt"] == "80% share in 2023"
    assert source["url"].startswith("https://data.example.org/") and source["source_id"]
    [comment] = claim["comments"]
    assert comment["body"] == "The 80% is from 2021."
    assert comment["author"]["username"] == "eddie"
    assert claim["article"]["id"] == claim["article_id"]


def test_an_article_in_full_has_its_body_and_claims_in_reading_order(api, session, members) -> None:
    later = make_claim(session, quote="Services are 54% of GDP", summary="Services 54% of GDP")
    earlier = make_claim(session, later.article, quote="130 new models", summary="130 models")
    session.commit()
    article = api.get(f"/api/v1/articles/{later.article_id}").get_json()
    assert article["claim_ids"] == [earlier.id, later.id]
    assert article["claims_by_status"] == {"unreviewed": 2}
    claim = api.get(f"/api/v1/claims/{earlier.id}").get_json()
    quote = claim["quote"]
    assert article["body"][quote["start"] : quote["end"]] == quote["exact"]
    # the list leaves the bodies out
    [listed] = api.get("/api/v1/articles").get_json()["items"]
    assert "body" not in listed and listed["title"] == article["title"]


def test_a_source_lists_the_claims_it_bears_on(api, sourced_claim) -> None:
    source_id = sourced_claim.sources[0].source_id
    source = api.get(f"/api/v1/sources/{source_id}").get_json()
    assert source["claims"] == [
        {"claim_id": sourced_claim.id, "stance": "supports", "excerpt": "80% share in 2023"}
    ]
    assert source["kind"] == "official_report"


def test_a_speaker_has_claims_and_a_verdict_record(api, seeded) -> None:
    speaker = seeded.scalar(sa.select(Speaker).where(Speaker.name == "Pascal Coppens"))
    body = api.get(f"/api/v1/speakers/{speaker.id}").get_json()
    expected = seeded.scalars(
        sa.select(Claim.id).where(Claim.speaker_id == speaker.id).order_by(Claim.id)
    ).all()
    assert body["claim_ids"] == expected
    approved = seeded.scalar(
        sa.select(sa.func.count())
        .select_from(Claim)
        .where(Claim.speaker_id == speaker.id, Claim.status == ClaimStatus.APPROVED)
    )
    assert sum(body["approved_verdicts"].values()) == approved
    assert "Pascal" in body["aliases"] and body["name"] not in body["aliases"]


def _listed(api, query: str) -> list[int]:
    response = api.get(f"/api/v1/claims?limit=200&{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.get_json()["items"]]


def test_the_claim_list_takes_the_claim_lists_filters(api, session, members) -> None:
    a = make_claim(session)
    b = make_claim(session, quote="Services are 54% of GDP", summary="Services 54% of GDP")
    sourcing.link_source(session, b, make_source(session), "refutes", None, actor=None)
    workflow.propose_verdict(session, b, rating(session, "false"), "No.", actor=members.editor)
    workflow.assign(session, a, members.reviewer, actor=None)
    session.commit()
    assert _listed(api, "") == [a.id, b.id]
    assert _listed(api, f"article={a.article_id}") == [a.id]
    assert _listed(api, "status=verdict_proposed") == [b.id]
    assert _listed(api, "rating=false") == [b.id]
    assert _listed(api, "rating=none") == [a.id]
    assert _listed(api, "stance=refutes") == [b.id]
    assert _listed(api, "assignee=rita") == [a.id]
    assert _listed(api, f"assignee={members.editor.id}") == [b.id]
    assert _listed(api, "assignee=none") == []
    assert _listed(api, "q=gdp") == [b.id]
    assert _listed(api, "q=gdp&status=unreviewed") == []


def test_the_claim_list_finds_a_speaker_by_id_or_any_alias(api, seeded) -> None:
    speaker = seeded.scalar(sa.select(Speaker).where(Speaker.name == "Pascal Coppens"))
    by_id = _listed(api, f"speaker={speaker.id}")
    assert by_id and by_id == _listed(api, "speaker=pascal") == _listed(api, "speaker=COPPENS")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=done", "status"),
        ("stance=agrees", "stance"),
        ("rating=pants-on-fire", "rating"),
        ("sort=random", "sort"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=ten", "limit"),
        ("cursor=not-a-cursor", "cursor"),
    ],
)
def test_a_bad_query_parameter_answers_422_naming_it(api, members, query, field) -> None:
    response = api.get(f"/api/v1/claims?{query}")
    assert response.status_code == 422
    assert error_of(response)["field"] == field


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("assignee=nobody-here", "assignee"),
        ("article=first", "article"),
        ("article=999", "article"),
        ("speaker=Nobody Atall", "speaker"),
    ],
)
def test_a_record_the_filter_names_but_the_desk_lacks_is_404(api, members, query, field) -> None:
    response = api.get(f"/api/v1/claims?{query}")
    assert response.status_code == 404
    assert error_of(response)["field"] == field


@pytest.mark.parametrize("path", ["/api/v1/articles", "/api/v1/sources", "/api/v1/speakers"])
def test_every_list_pages_with_a_cursor(api, seeded, path) -> None:
    seen: list[int] = []
    url = f"{path}?limit=2"
    while True:
        body = api.get(url).get_json()
        seen += [item["id"] for item in body["items"]]
        if body["next_cursor"] is None:
            break
        url = f"{path}?limit=2&cursor={body['next_cursor']}"
    model = {"articles": Article, "sources": Source, "speakers": Speaker}[path.rsplit("/", 1)[1]]
    assert seen == seeded.scalars(sa.select(model.id).order_by(model.id)).all()

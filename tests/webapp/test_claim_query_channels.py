"""One claim query, every channel: the claim list, its export button, a report download
and the report preview, the API's claim list and `claimdesk export` select the same
claims for the same query string, or refuse it for the same reason.

The strict channels refuse a bad value (400/404 on the web, 422/404 in the API, one line
from the CLI); the list drops it, says why in the same words, and shows the rest, and
its export button then exports exactly what the list shows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from types import SimpleNamespace
from urllib.parse import parse_qsl

import pytest
import sqlalchemy as sa

from models import Claim, ClaimSource, ClaimStatus, Rating, Speaker, Stance
from models.services import workflow

from ..api.conftest import keys  # noqa: F401  (fixture)
from ..factories import make_article, make_claim

ROW_RE = re.compile(r'<td><a href="/claims/(\d+)">')
PREVIEW_RE = re.compile(r'<article class="claim" id="claim-(\d+)"')
NOTE_RE = re.compile(r'<div class="alert alert--info" role="status">([^<]*)</div>')
ARTICLE = "What you need to know about Generative AI in China"
# query parameter: the CLI option that carries it
OPTIONS = {
    "article": "--article",
    "speaker": "--speaker",
    "status": "--status",
    "rating": "--rating",
    "assignee": "--assignee",
    "stance": "--stance",
    "q": "--words",
    "ids": "--ids",
}


def _pascal(session, me=None) -> sa.ColumnElement[bool]:
    pascal = session.scalar(sa.select(Speaker.id).where(Speaker.name == "Pascal Coppens"))
    return Claim.speaker_id == pascal


# query string: the claims it selects (a condition on Claim; None: the channels agree
# on a non-empty selection)
SELECTING = {
    "status=In review": lambda s, me: Claim.status == ClaimStatus.IN_REVIEW,
    "status=in_review": lambda s, me: Claim.status == ClaimStatus.IN_REVIEW,
    "status=APPROVED&speaker=Pascal": lambda s, me: sa.and_(
        Claim.status == ClaimStatus.APPROVED, _pascal(s)
    ),
    "speaker=1": _pascal,
    "speaker=Pascal": _pascal,
    "speaker=pascal coppens": _pascal,
    "speaker=  PASCAL   Coppens ": _pascal,
    "article=1": lambda s, me: Claim.article_id == 1,
    f"article={ARTICLE}": lambda s, me: Claim.article_id == 1,
    "rating=none": lambda s, me: Claim.rating_id.is_(None),
    "rating=False": lambda s, me: Claim.rating.has(Rating.slug == "false"),
    "assignee=me": lambda s, me: Claim.assignee_id == me.id,
    "assignee=none": lambda s, me: Claim.assignee_id.is_(None),
    "assignee=rory": lambda s, me: (
        Claim.assignee_id == s.scalar(sa.text("SELECT id FROM users WHERE username = 'rory'"))
    ),
    "stance=Refutes": lambda s, me: Claim.sources.any(ClaimSource.stance == Stance.REFUTES),
    "q=Alibaba": None,
    "q=cloud market": None,
    "ids=3,1, 7": lambda s, me: Claim.id.in_([1, 3, 7]),
    # the desk assigns its claims 6 to 8 to rory
    "ids=4,5,6,7&assignee=rory": lambda s, me: sa.and_(
        Claim.id.in_([4, 5, 6, 7]),
        Claim.assignee_id == s.scalar(sa.text("SELECT id FROM users WHERE username = 'rory'")),
    ),
}

# query string: (the parameter refused, words of the reason, "invalid" or "missing")
REFUSED = {
    "article=999": ("article", "there is no article 999", "missing"),
    "article=No such article": ("article", "no article is titled 'No such article'", "missing"),
    "article=99999999999999999999": ("article", "article must be a number", "invalid"),
    "speaker=999": ("speaker", "there is no speaker 999", "missing"),
    "speaker=Nobody Atall": ("speaker", "no speaker is called 'Nobody Atall'", "missing"),
    "status=done": ("status", "unknown status 'done'; choose one of unreviewed", "invalid"),
    "rating=pants": ("rating", "unknown verdict 'pants'; choose one of true", "invalid"),
    "assignee=nobody-here": ("assignee", "there is no member 'nobody-here'", "missing"),
    "stance=maybe": ("stance", "unknown stance 'maybe'; choose one of supports", "invalid"),
    "q=" + "x" * 201: ("q", "at most 200 are searched", "invalid"),
    "status=approved&speaker=Nobody Atall": ("speaker", "no speaker is called", "missing"),
    "ids=1,x": ("ids", "'x' is not one", "invalid"),
    "ids=" + ",".join(map(str, range(1, 502))): ("ids", "a selection holds at most 500", "invalid"),
    "ids=1,999999": ("ids", "there is no claim 999999", "missing"),
}
WEB_STATUS = {"invalid": 400, "missing": 404}
API_STATUS = {"invalid": 422, "missing": 404}


@dataclass
class Answer:
    """What one channel made of a query: the claims it selected, or its refusal."""

    ids: set[int] | None = None
    status: int | None = None
    text: str = ""  # the refusal (or the list's notes), HTML unescaped


@pytest.fixture
def desk(app, client, as_role, seeded, members, keys):  # noqa: F811
    """The seed and one more article, a few claims assigned, the reviewer logged in; every
    list fits on one page."""
    make_claim(seeded, make_article(seeded, title="Another article"))
    claims = seeded.scalars(sa.select(Claim).order_by(Claim.id)).all()
    for claim in claims[:5]:
        workflow.assign(seeded, claim, members.reviewer, actor=None)
    for claim in claims[5:8]:
        workflow.assign(seeded, claim, members.reviewer2, actor=None)
    seeded.commit()
    app.config["CLAIMS_PER_PAGE"] = 100
    me = as_role("reviewer")
    return SimpleNamespace(session=seeded, me=me, client=client, app=app, token=keys.reviewer)


def _report_ids(body: bytes) -> set[int]:
    return {claim["id"] for a in json.loads(body)["articles"] for claim in a["claims"]}


def _web(response) -> Answer:
    text = unescape(response.get_data(as_text=True))
    if response.status_code != 200:
        return Answer(status=response.status_code, text=text)
    return Answer(ids=_report_ids(response.get_data()), status=200)


def list_html(desk, query: str) -> tuple[Answer, Answer]:
    """The claim list, and the download its JSON export button leads to."""
    response = desk.client.get(f"/claims/?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    notes = " ".join(unescape(note) for note in NOTE_RE.findall(page))
    shown = Answer(ids={int(i) for i in ROW_RE.findall(page)}, status=200, text=notes)
    href = unescape(re.search(r'href="(/reports/download/json[^"]*)"', page).group(1))
    return shown, _web(desk.client.get(href))


def download(desk, query: str) -> Answer:
    return _web(desk.client.get(f"/reports/download/json?{query}"))


def preview(desk, query: str) -> Answer:
    response = desk.client.get(f"/reports/preview?{query}")
    text = unescape(response.get_data(as_text=True))
    if response.status_code != 200:
        return Answer(status=response.status_code, text=text)
    return Answer(ids={int(i) for i in PREVIEW_RE.findall(text)}, status=200)


def api(desk, query: str) -> Answer:
    headers = {"Authorization": f"Bearer {desk.token}"}
    response = desk.client.get(f"/api/v1/claims?{query}&limit=200", headers=headers)
    body = response.get_json()
    if response.status_code != 200:
        return Answer(status=response.status_code, text=body["error"]["message"])
    assert body["next_cursor"] is None
    return Answer(ids={item["id"] for item in body["items"]}, status=200)


def cli(desk, query: str) -> Answer:
    args = ["export", "--format", "json"]
    for name, value in parse_qsl(query, keep_blank_values=True):
        args += [OPTIONS[name], value]
    result = desk.app.test_cli_runner().invoke(args=args)
    if result.exit_code != 0:
        return Answer(status=result.exit_code, text=result.stderr)
    return Answer(ids=_report_ids(result.stdout_bytes), status=0)


@pytest.mark.parametrize("query", list(SELECTING))
def test_every_channel_selects_the_same_claims(desk, query) -> None:
    shown, exported = list_html(desk, query)
    answers = {
        "list": shown,
        "export button": exported,
        "download": download(desk, query),
        "preview": preview(desk, query),
        "API": api(desk, query),
    }
    condition = SELECTING[query]
    if condition is None:
        expected = answers["API"].ids
    else:
        expected = set(
            desk.session.scalars(sa.select(Claim.id).where(condition(desk.session, desk.me)))
        )
    assert expected and len(expected) < 35, "a case should select some claims, not all"
    assert shown.text == "", shown.text  # nothing dropped
    for channel, answer in answers.items():
        assert answer.ids == expected, channel
    from_cli = cli(desk, query)
    if query == "assignee=me":  # nobody is "me" on the command line
        assert from_cli.status == 1 and "'me' means the member asking" in from_cli.text
    else:
        assert from_cli.ids == expected, from_cli.text


@pytest.mark.parametrize("query", list(REFUSED))
def test_every_channel_refuses_a_bad_value_for_the_same_reason(desk, query) -> None:
    param, words, kind = REFUSED[query]
    refusal = api(desk, query)
    assert refusal.status == API_STATUS[kind]
    reason = refusal.text
    assert words in reason
    for channel, answer in [("download", download(desk, query)), ("preview", preview(desk, query))]:
        assert (answer.status, answer.ids) == (WEB_STATUS[kind], None), channel
        assert reason in answer.text, channel
    from_cli = cli(desk, query)
    assert from_cli.status == 1 and f"Error: {reason}\n" == from_cli.text
    # the list leaves the value out, says so in the same words, and shows the rest
    rest = "&".join(p for p in query.split("&") if not p.startswith(f"{param}="))
    shown, exported = list_html(desk, query)
    assert f": {reason}." in shown.text
    assert shown.ids == list_html(desk, rest)[0].ids == api(desk, rest).ids
    assert exported.ids == shown.ids

"""The hostile-input sweep over the desk's pages: forms, query strings, paths, raw bytes.

Hypothesis fills the desk's forms and query strings with hostile but ordinary-looking
values. The property: never a server error, and a refused form (4xx) changes nothing.
Each example logs in afresh; each one that may write starts from a fresh copy of the
seeded desk. Failures name the request in their message (the schemathesis plugin blanks
Hypothesis's own "Falsifying example" values).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import example, given
from hypothesis import strategies as st

from .conftest import SWEEP, Desk, DeskFacts
from .strategies import NEW_SOURCE, hostile_text, raw_urlencoded


@dataclass(frozen=True)
class Form:
    """A form of the desk: where it posts, as whom, and values that it would accept."""

    path: str
    valid: dict[str, str]
    role: str = "editor"
    extra: tuple[str, ...] = field(default=())  # fields worth fuzzing beyond `valid`

    def fields(self) -> list[str]:
        return [*self.valid, *self.extra]


FORMS = [
    Form(
        "/articles/new",
        {"title": "Harbour", "body": "Ships came in.\nTraffic doubled.", "url": "", "author": ""},
        extra=("publisher", "published"),
    ),
    # the import page's first step; every address is refused at once (tests/conftest.py)
    Form("/articles/import", {"address": "https://news.example.org/story"}),
    Form(
        "/articles/{article}/edit",
        {"title": "Renamed", "url": "", "published": "", "version": "{article_version}"},
    ),
    Form(
        "/articles/{article}/text",
        {
            "source": "paste",
            "body": "Ships came in.\nTraffic doubled, the port said.",
            "reason": "Corrected",
            "version": "{article_version}",
        },
    ),
    Form(
        "/articles/{article}/claims/new",
        {"quote": "{quote}", "summary": "Four words", "speaker": "{speaker_name}"},
        extra=("text", "occurrence", "start", "prefix", "suffix"),
    ),
    Form(
        "/speakers/new",
        {"name": "Grace Hopper", "aliases": "Grace", "same_as": "https://example.org/q1"},
        extra=("description",),
    ),
    Form(
        "/speakers/{speaker}/edit",
        {"name": "{speaker_name}", "aliases": "P. C.", "version": "{speaker_version}"},
    ),
    Form("/sources/new", NEW_SOURCE),
    Form("/sources/{source}/edit", NEW_SOURCE | {"version": "{source_version}"}),
    Form("/claims/{claim}/review", {"version": "{version}"}, role="reviewer"),
    Form(
        "/claims/{claim}/verdict",
        {"version": "{version}", "rating": "mostly-true", "explanation": "Close."},
        role="reviewer",
    ),
    Form("/claims/{claim}/approve", {"version": "{version}"}, role="reviewer"),
    Form("/claims/{claim}/reopen", {"version": "{version}", "reason": "New data."}),
    Form("/claims/{claim}/assign", {"version": "{version}", "assignee": "{reviewer_id}"}),
    Form("/claims/{claim}/comments", {"comment": "Checked."}, role="reviewer"),
    Form(
        "/claims/{claim}/sources",
        {"version": "{version}", "stance": "supports", "excerpt": "80%", **NEW_SOURCE},
        extra=("source",),
    ),
    Form("/claims/{claim}/sources/{link}/unlink", {"version": "{version}"}),
    Form(
        "/articles/{lost_article}/claims/{lost_claim}/place",
        {"quote": "{lost_quote}", "version": "{lost_version}"},
        extra=("occurrence", "start", "prefix", "suffix"),
    ),
    Form(
        "/claims/{claim}/edit",
        {"version": "{version}", "summary": "Shorter", "text": "Text.", "speaker": ""},
    ),
    Form(
        "/users/new",
        {
            "username": "newbie",
            "display_name": "New Bie",
            "role": "reviewer",
            "password": "long enough words",
            "confirm": "long enough words",
        },
        role="admin",
    ),
    Form(
        "/users/{reviewer_id}",
        {
            "display_name": "Renamed",
            "role": "reviewer",
            "active": "y",
            "version": "{reviewer_version}",
        },
        role="admin",
    ),
    Form("/account/tokens", {"name": "ci", "lifetime": "30"}, role="reviewer"),
]


def _fill(template: str, facts: DeskFacts) -> str:
    return template.format(
        article=facts.article_id,
        claim=facts.claim_id,
        version=facts.claim_version,
        link=facts.link_id,
        source=facts.source_id,
        speaker=facts.speaker_id,
        speaker_name=facts.speaker_name,
        quote=facts.quote,
        lost_article=facts.lost_article_id,
        lost_claim=facts.lost_claim_id,
        lost_version=facts.lost_claim_version,
        lost_quote=facts.lost_quote,
        reviewer_id=facts.user_ids["reviewer"],
        **{f"{name}_version": version for name, version in facts.versions.items()},
    )


@st.composite
def form_posts(draw: st.DrawFn) -> tuple[Form, dict[str, str]]:
    """Draw a form with one to three of its fields (or a made-up one) set to hostile values."""
    form = draw(st.sampled_from(FORMS))
    names = st.sampled_from([*form.fields(), "unknown"])
    hostile = draw(st.dictionaries(names, hostile_text(), min_size=1, max_size=3))
    return form, hostile


def _form(path: str) -> Form:
    return next(form for form in FORMS if form.path == path)


# Inputs that answered 500 once, kept as explicit examples: every run tries them.
@SWEEP
@example(post=(_form("/claims/{claim}/review"), {"version": "99999999999999999999"}))
@example(post=(_form("/claims/{claim}/comments"), {"comment": "nul\x00byte"}))
@example(post=(_form("/speakers/new"), {"name": "Pascal Coppens"}))  # a seeded speaker
@example(post=(_form("/articles/new"), {"body": "a\rb"}))
@example(post=(_form("/articles/{lost_article}/claims/{lost_claim}/place"), {"start": "1e999"}))
@given(post=form_posts())
def test_no_form_answers_a_server_error(desk: Desk, post) -> None:
    form, hostile = post
    desk.reset()
    visitor = desk.visitor(form.role)
    data = {name: _fill(value, desk.facts) for name, value in form.valid.items()} | hostile
    path = _fill(form.path, desk.facts)
    before = desk.fingerprint()
    response = visitor.post(path, data)
    asked = f"POST {path} {data!r} as {form.role}"
    assert response.status_code < 500, (asked, response.get_data(as_text=True)[-2000:])
    if response.status_code >= 400:
        assert desk.fingerprint() == before, f"refused, yet the desk changed: {asked}"


LISTS = {
    "/claims/": ["article", "speaker", "status", "rating", "assignee", "stance", "q", "sort"],
    "/claims/next": ["after"],
    "/sources/": ["kind", "q", "after", "before"],
    "/articles/": ["after", "before"],
    "/speakers/": ["after", "before"],
    "/speakers/{speaker}": ["after", "before"],
    "/lookup/articles": ["q"],
    "/lookup/speakers": ["q"],
    "/lookup/sources": ["q"],
    "/lookup/members": ["q"],
    "/articles/{article}/claims/new": ["start", "end"],
    "/articles/{article}/revisions": ["from", "to"],
    "/reports/download/csv": ["article", "speaker", "rating", "assignee", "q", "bom"],
    "/reports/download/json": ["status", "stance", "include_drafts", "q"],
    "/reports/preview": ["article", "speaker", "status", "rating", "assignee", "q"],
    "/login": ["next"],
}


@st.composite
def page_gets(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    path = draw(st.sampled_from(sorted(LISTS)))
    params = draw(st.dictionaries(st.sampled_from([*LISTS[path], "page"]), hostile_text()))
    return path, params


@SWEEP
@example(get=("/claims/", {"page": "9223372036854775807"}), role="reviewer")
@example(get=("/reports/download/csv", {"assignee": "²"}), role="reviewer")
@example(get=("/reports/preview", {"q": "x" * 201}), role="reviewer")
@example(get=("/login", {"next": "/\nx"}), role="reviewer")
@example(get=("/login", {"next": "/\t/evil.example/phish"}), role="reviewer")
@given(get=page_gets(), role=st.sampled_from(["reviewer", None]))
def test_no_query_string_answers_a_server_error(desk: Desk, get, role) -> None:
    path, params = get
    visitor = desk.visitor(role)  # reads only: the desk needs no reset
    path = _fill(path, desk.facts)
    response = visitor.client.get(path, query_string=params)
    asked = f"GET {path} {params!r} as {role}"
    assert response.status_code < 500, (asked, response.get_data(as_text=True)[-2000:])
    if path == "/login" and response.status_code == 302:
        location = response.location
        assert location.startswith("/") and not location.startswith("//"), (asked, location)


ID_PAGES = [
    "/claims/{}",
    "/articles/{}",
    "/articles/{}/edit",
    "/articles/{}/revisions",
    "/sources/{}",
    "/speakers/{}",
    "/users/{}",
    "/users/{}/tokens",
]


@SWEEP
@example(page="/claims/{}", segment="9223372036854775808")
@example(page="/users/{}/tokens", segment="١٢")
@given(page=st.sampled_from(ID_PAGES), segment=hostile_text())
def test_no_id_in_a_path_answers_a_server_error(desk: Desk, page, segment) -> None:
    visitor = desk.visitor("admin")  # reads only: the desk needs no reset
    path = page.format(segment.replace("/", "").replace("?", "").replace("#", ""))
    response = visitor.client.get(path)
    assert response.status_code < 500, f"GET {path!r}"


@SWEEP
@given(form=st.sampled_from(FORMS), body=raw_urlencoded(), query=raw_urlencoded())
def test_no_raw_bytes_answer_a_server_error(desk: Desk, form, body, query) -> None:
    desk.reset()
    visitor = desk.visitor(form.role)
    path = _fill(form.path, desk.facts)
    before = desk.fingerprint()
    response = visitor.client.post(
        path,
        query_string=query.decode("latin-1"),  # the environ's QUERY_STRING: bytes as latin-1
        data=f"csrf_token={visitor.token}&".encode() + body,
        content_type="application/x-www-form-urlencoded",
    )
    asked = f"POST {path}?{query!r} {body!r}"
    assert response.status_code < 500, asked
    if response.status_code >= 400:
        assert desk.fingerprint() == before, f"refused, yet the desk changed: {asked}"


def test_the_place_forms_valid_values_place_the_lost_claim(desk: Desk) -> None:
    """The sweep's place form is aimed at a lost claim: sent as it is, it places it, so the
    hostile variants above reach the placing code and not only a refusal."""
    form = _form("/articles/{lost_article}/claims/{lost_claim}/place")
    desk.reset()
    visitor = desk.visitor(form.role)
    data = {name: _fill(value, desk.facts) for name, value in form.valid.items()}
    response = visitor.post(_fill(form.path, desk.facts), data)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    page = visitor.client.get(f"/claims/{desk.facts.lost_claim_id}").get_data(as_text=True)
    assert desk.facts.lost_quote in page

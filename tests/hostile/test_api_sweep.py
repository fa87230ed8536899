"""The hostile-input sweep over the JSON API: bodies, query strings and ids.

Hypothesis sends any JSON value (lone surrogates, 80-bit integers, nesting) and hostile
query strings. The property: never a server error; a refusal is the API's JSON error
shape, and a refused change leaves the desk as it was. Failures name the request in their
message (the schemathesis plugin blanks Hypothesis's own "Falsifying example" values).
"""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st

from .conftest import SWEEP, Desk
from .strategies import (
    JSON_SCALARS,
    NEW_SOURCE,
    hostile_text,
    json_text,
    json_values,
    raw_urlencoded,
)

# Each write endpoint with a body it would accept; the sweep replaces some of its values.
WRITES = {
    "verdict": {"rating": "mostly-true", "explanation": "Close.", "version": "{version}"},
    "approve": {"version": "{version}"},
    "sources": {
        **NEW_SOURCE,
        "stance": "supports",
        "excerpt": "80%",
        "version": "{version}",
    },
    "comments": {"body": "Checked."},
}


def _error_shape(response) -> None:
    body = response.get_json()
    assert body is not None, response.get_data(as_text=True)[:500]
    error = body["error"]
    assert error["status"] == response.status_code and error["message"]
    assert "field" in error


@st.composite
def write_bodies(draw: st.DrawFn) -> tuple[str, object]:
    """Draw a write endpoint and a body: mostly a near-valid object, sometimes anything."""
    action = draw(st.sampled_from(sorted(WRITES)))
    names = st.sampled_from([*WRITES[action], "extra"])
    hostile = st.dictionaries(names, st.one_of(JSON_SCALARS, json_values()), min_size=1)
    near_valid = st.builds(dict.__or__, st.just(WRITES[action]), hostile)
    anything = st.one_of(json_values(), st.dictionaries(json_text(), json_values(), max_size=4))
    return action, draw(st.one_of(near_valid, near_valid, anything))


# Inputs that answered 500 once, kept as explicit examples: every run tries them.
@SWEEP
@example(write=("approve", {"version": 2**64}), role="reviewer")
@example(write=("comments", {"body": "\ud800"}), role="reviewer")
@example(write=("verdict", {"rating": "\udfff", "explanation": "x", "version": 1}), role="editor")
@example(write=("comments", {"body": "nul\x00byte"}), role="reviewer")
@given(write=write_bodies(), role=st.sampled_from(["reviewer", "editor"]))
def test_no_api_body_answers_a_server_error(desk: Desk, write, role) -> None:
    action, body = write
    desk.reset()
    facts = desk.facts
    if isinstance(body, dict):
        body = {k: facts.claim_version if v == "{version}" else v for k, v in body.items()}
    path = f"/api/v1/claims/{facts.claim_id}/{action}"
    data = json.dumps(body)  # ensure_ascii: a lone surrogate travels as "\\ud800"
    before = desk.fingerprint()
    response = desk.app.test_client().post(
        path, data=data, content_type="application/json", headers=desk.bearer(role)
    )
    asked = f"POST {path} {data[:500]} as {role}"
    assert response.status_code < 500, (asked, response.get_data(as_text=True)[-2000:])
    if response.status_code >= 400:
        _error_shape(response)
        assert desk.fingerprint() == before, f"refused, yet the desk changed: {asked}"


@SWEEP
@example(action="comments", body=b"[" * 5000, query=b"")
@example(action="comments", body=b'{"a":' * 5000, query=b"")
@given(action=st.sampled_from(sorted(WRITES)), body=raw_urlencoded(), query=raw_urlencoded())
def test_no_raw_api_bytes_answer_a_server_error(desk: Desk, action, body, query) -> None:
    desk.reset()
    path = f"/api/v1/claims/{desk.facts.claim_id}/{action}"
    response = desk.app.test_client().post(
        path,
        query_string=query.decode("latin-1"),  # the environ's QUERY_STRING: bytes as latin-1
        data=body,
        content_type="application/json",
        headers=desk.bearer("editor"),
    )
    assert response.status_code < 500, f"POST {path}?{query!r} {body[:500]!r}"
    if response.status_code >= 400:
        _error_shape(response)


LISTS = {
    "/api/v1/claims": ["article", "speaker", "status", "rating", "assignee", "stance", "q"],
    "/api/v1/articles": [],
    "/api/v1/sources": [],
    "/api/v1/speakers": [],
}


@st.composite
def list_queries(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    path = draw(st.sampled_from(sorted(LISTS)))
    names = st.sampled_from([*LISTS[path], "limit", "cursor"])
    return path, draw(st.dictionaries(names, hostile_text(), max_size=4))


@SWEEP
@example(query=("/api/v1/claims", {"article": "99999999999999999999"}))
@example(query=("/api/v1/claims", {"speaker": "²"}))
@example(query=("/api/v1/claims", {"q": "x" * 201}))
@example(query=("/api/v1/articles", {"limit": "²"}))
@given(query=list_queries())
def test_no_api_query_answers_a_server_error(desk: Desk, query) -> None:
    path, params = query
    # reads only: the desk needs no reset (the token's last-use time changes no answer)
    response = desk.app.test_client().get(path, query_string=params, headers=desk.bearer())
    asked = f"GET {path} {params!r}"
    assert response.status_code < 500, (asked, response.get_data(as_text=True)[-2000:])
    if response.status_code >= 400:
        _error_shape(response)


@SWEEP
@example(path="/api/v1/claims/{}", segment="9223372036854775808")
@given(
    path=st.sampled_from(
        [
            "/api/v1/claims/{}",
            "/api/v1/articles/{}",
            "/api/v1/sources/{}",
            "/api/v1/speakers/{}",
            "/api/v1/claims/{}/comments",
        ]
    ),
    segment=hostile_text(),
)
def test_no_api_id_answers_a_server_error(desk: Desk, path, segment) -> None:
    url = path.format(segment.replace("/", "").replace("?", "").replace("#", ""))
    response = desk.app.test_client().get(url, headers=desk.bearer())  # a read: no reset
    assert response.status_code < 500, f"GET {url!r}"
    if response.status_code >= 400:
        _error_shape(response)

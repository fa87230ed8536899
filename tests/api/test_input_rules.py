"""Hostile but ordinary-looking input to the API: a JSON error, never a 500.

Bodies that are not a plain JSON object (malformed, too deep, lone surrogates), numbers
past 64 bits or in other scripts' digits, search words past the cap, control characters,
and a unique key that a service check missed: each gets {"error": {...}} with its field.
"""

from __future__ import annotations

import base64
import json

import pytest
import sqlalchemy as sa

from models import Claim, ClaimEvent, ClaimSource, Comment, Source
from models.read.search import SEARCH_MAX
from models.services import sourcing

from .conftest import error_of

HUGE = "99999999999999999999"  # past 64 bits


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _raw_post(api, path: str, body: bytes | str, as_: str = "reviewer"):
    return api.client.post(
        path, data=body, content_type="application/json", headers=api._headers(as_, None)
    )


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# --- bodies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("{", None),  # malformed
        ("[]", None),  # not an object
        ('"\\ud800"', None),  # a lone surrogate, and not an object either
        ('{"body": "\\ud800"}', "body"),
        ('{"body": "fine", "\\udfff": 1}', None),  # even as a key
        ('{"body": ["\\udc00 x"]}', "body"),
        ('{"body": ' + "[" * 40 + "]" * 40 + "}", "body"),  # deeper than the limit
        ("[" * 5000 + "]" * 5000, None),  # deeper than Python's own parser goes
        ('{"a":' * 5000 + "1" + "}" * 5000, None),
        (b'{"body": "\xff\xfe"}', None),  # not UTF-8
        ('{"body": "' + "1" * 10_001 + '"}', "body"),  # fine JSON; too long for a comment
    ],
    ids=[
        "malformed",
        "array",
        "bare-surrogate",
        "surrogate-value",
        "surrogate-key",
        "surrogate-in-list",
        "too-deep",
        "deeper-than-python",
        "deep-objects",
        "not-utf8",
        "long-comment",
    ],
)
def test_a_body_that_is_no_plain_json_object_is_422(api, session, sourced_claim, body, field):
    response = _raw_post(api, f"/api/v1/claims/{sourced_claim.id}/comments", body)
    assert response.status_code == 422, response.get_data(as_text=True)
    error = error_of(response)
    assert error["field"] == field
    assert _count(session, Comment) == 0


def test_a_huge_integer_in_a_body_is_422(api, session, sourced_claim) -> None:
    for version in [2**63, 2**64, 10**30, -1, 0, True, 1.5, "1"]:
        response = api.post(
            f"/api/v1/claims/{sourced_claim.id}/verdict",
            {"rating": "mostly-true", "explanation": "Close.", "version": version},
        )
        assert response.status_code == 422, version
        assert error_of(response)["field"] == "version"
    response = _raw_post(
        api, f"/api/v1/claims/{sourced_claim.id}/approve", '{"version": ' + "9" * 5000 + "}"
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": "I\x00checked"}, "body"),
        ({"body": "\x1b[2J"}, "body"),
    ],
)
def test_a_control_character_in_a_comment_is_422(api, session, sourced_claim, body, field):
    response = api.post(f"/api/v1/claims/{sourced_claim.id}/comments", body)
    assert response.status_code == 422
    error = error_of(response)
    assert error["field"] == field and "control character" in error["message"]
    assert _count(session, Comment) == 0


def test_a_control_character_in_a_rating_or_a_source_is_422(api, session, sourced_claim):
    claim_id = sourced_claim.id
    verdict = {"rating": "true\x00", "explanation": "Yes.", "version": sourced_claim.version}
    response = api.post(f"/api/v1/claims/{claim_id}/verdict", verdict)
    assert response.status_code == 422 and error_of(response)["field"] == "rating"
    link = {"url": "https://x.example/\x00", "title": "T", "stance": "supports", "version": 1}
    response = api.post(f"/api/v1/claims/{claim_id}/sources", link, as_="editor")
    assert response.status_code == 422 and error_of(response)["field"] == "url"
    assert _count(session, Source) == 1


# --- query strings and paths -----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (f"article={HUGE}", "article"),
        (f"speaker={HUGE}", "speaker"),
        (f"assignee={HUGE}", "assignee"),
        (f"limit={HUGE}", "limit"),
        ("limit=²", "limit"),
        (f"cursor={_cursor('after:' + HUGE)}", "cursor"),
        (f"cursor={_cursor('after:²')}", "cursor"),
        ("q=" + "x" * (SEARCH_MAX + 1), "q"),
        ("q=" + "x" * 60_000, "q"),
        ("q=GDP%00", "q"),
        ("speaker=Pascal%00", "speaker"),
        ("rating=true%00", "rating"),
        ("assignee=rita%00", "assignee"),
    ],
)
def test_a_bad_number_or_text_in_the_query_is_422_naming_it(api, members, query, field):
    response = api.get(f"/api/v1/claims?{query}")
    assert response.status_code == 422, response.get_data(as_text=True)
    assert error_of(response)["field"] == field


@pytest.mark.parametrize("query", ["speaker=²", "assignee=²", "article=²", "article=١"])
def test_unicode_digits_are_names_not_ids(api, members, query) -> None:
    # "²" passes str.isdigit(); read as a name (a title), it is one nobody has: 404
    response = api.get(f"/api/v1/claims?{query}")
    assert response.status_code == 404
    assert error_of(response)["field"] == query.split("=")[0]


def test_search_words_at_the_cap_are_searched(api, members) -> None:
    response = api.get("/api/v1/claims?q=" + "x" * SEARCH_MAX)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "number",
    [HUGE, str(2**63), "9" * 5000, "١٢"],
    ids=["past-64-bits", "2**63", "5000-digits", "arabic-indic-12"],
)
def test_an_id_no_record_can_have_is_a_json_404(api, sourced_claim, number) -> None:
    for path in ["/api/v1/claims/{}", "/api/v1/articles/{}", "/api/v1/sources/{}"]:
        response = api.get(path.format(number))
        assert response.status_code == 404, path
        error_of(response)
    response = api.post(f"/api/v1/claims/{number}/comments", {"body": "Hello"})
    assert response.status_code == 404


def test_invalid_utf8_in_the_query_string_is_a_json_400(api, members) -> None:
    response = api.get("/api/v1/claims?q=%FF")
    assert response.status_code == 400
    assert "UTF-8" in error_of(response)["message"]


# --- conflicts -------------------------------------------------------------------------


def test_a_unique_key_that_slipped_past_a_check_is_a_json_409(
    api, session, sourced_claim, monkeypatch
) -> None:
    known = sourced_claim.sources[0].source

    def record_again(session, data, *, actor):
        # As if another request had recorded the same address a moment before.
        source = Source(url=known.url, title="Twin", created_by=actor)
        session.add(source)
        session.flush()
        return source

    monkeypatch.setattr(sourcing, "get_or_create_source", record_again)
    before = (_count(session, Source), _count(session, ClaimSource), _count(session, ClaimEvent))
    response = api.post(
        f"/api/v1/claims/{sourced_claim.id}/sources",
        {"url": known.url, "stance": "context", "version": sourced_claim.version},
        as_="editor",
    )
    assert response.status_code == 409
    assert "already saved" in error_of(response)["message"]
    after = (_count(session, Source), _count(session, ClaimSource), _count(session, ClaimEvent))
    assert after == before
    assert session.get(Claim, sourced_claim.id).version == sourced_claim.version


def test_nothing_is_left_half_written(api, session, sourced_claim) -> None:
    body = json.dumps(
        {
            "url": "https://new.example/report",
            "title": "New report",
            "stance": "supports",
            "excerpt": "bad\x00excerpt",
            "version": sourced_claim.version,
        }
    )
    response = _raw_post(api, f"/api/v1/claims/{sourced_claim.id}/sources", body, as_="editor")
    assert response.status_code == 422 and error_of(response)["field"] == "excerpt"
    assert _count(session, Source) == 1  # the new source was not kept either

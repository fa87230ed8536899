"""Hostile but ordinary-looking input to the desk's pages: a clear 4xx, never a 500.

Ids past 64 bits or in other scripts' digits, a NUL in a form, invalid UTF-8, a lone
carriage return, search words past the cap, a duplicate that slipped past a check, and
`next=` addresses that only look local.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
import sqlalchemy as sa

from models import Article, Claim, Comment, Speaker
from models.read.search import SEARCH_MAX
from models.services import speakers

from ..factories import make_article, make_claim
from .conftest import csrf_token, post

HUGE = "99999999999999999999"  # past 64 bits


def _field_errors(page: str, field: str) -> str:
    match = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', page, re.S)
    return unescape(match.group(1)) if match else ""


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


# --- ids in URLs -----------------------------------------------------------------------


ID_PATHS = ["/claims/{}", "/articles/{}", "/sources/{}", "/speakers/{}", "/users/{}"]


@pytest.mark.parametrize(
    "number",
    [HUGE, str(2**63), "9" * 5000, "١", "𝟙"],
    ids=["past-64-bits", "2**63", "5000-digits", "arabic-indic-1", "math-1"],
)
def test_an_id_that_no_record_can_have_is_404(client, as_role, seeded, number) -> None:
    as_role("admin")
    for path in [*ID_PATHS, "/users/{}/tokens"]:
        response = client.get(path.format(number))
        assert response.status_code == 404, path
    assert client.get("/claims/1").status_code == 200  # "١" would have been read as 1


def test_a_post_to_an_id_past_64_bits_is_404(client, as_role, seeded) -> None:
    as_role("admin")
    response = post(client, f"/claims/{HUGE}/comments", {"comment": "Hello"})
    assert response.status_code == 404


# --- numbers in query strings and forms ------------------------------------------------


@pytest.mark.parametrize("after", [HUGE, "²", "-1"])
def test_next_claim_after_a_number_no_claim_has_is_400(client, as_role, seeded, after) -> None:
    as_role("reviewer")
    response = client.get(f"/claims/next?after={after}")
    assert response.status_code == 400
    assert "after must be a number" in unescape(response.get_data(as_text=True))


def test_the_claim_list_ignores_numbers_past_64_bits(client, as_role, seeded) -> None:
    as_role("reviewer")
    for query in [f"article={HUGE}", f"assignee={HUGE}", f"page={HUGE}", "page=²"]:
        response = client.get(f"/claims/?{query}")
        assert response.status_code == 200, query
        assert "34 claims" in response.get_data(as_text=True)


@pytest.mark.parametrize("version", [HUGE, str(2**63), "١", "+7", "1_0"])
def test_a_claim_version_that_is_no_whole_number_is_refused_by_the_form(
    client, as_role, session, members, version
) -> None:
    claim = make_claim(session)
    session.commit()
    as_role("reviewer")
    response = post(client, f"/claims/{claim.id}/review", {"version": version})
    assert response.status_code == 422
    session.expire_all()
    assert session.get(Claim, claim.id).version == claim.version


# --- text that cannot be stored --------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("/speakers/new", {"name": "Nul\x00Name"}, "name"),
        ("/speakers/new", {"name": "Escape", "description": "\x1b[31mred"}, "description"),
        ("/sources/new", {"url": "https://x.example/a", "title": "T\x00"}, "title"),
        ("/articles/new", {"title": "Bell\x07", "body": "Some body."}, "title"),
        ("/articles/new", {"title": "Nul body", "body": "Some\x00body."}, "body"),
        ("/users/new", {"username": "nul", "display_name": "N\x00l"}, "display_name"),
        ("/account/tokens", {"name": "ci\x00", "lifetime": "30"}, "name"),
    ],
)
def test_a_control_character_is_refused_next_to_its_field(
    client, as_role, session, path, data, field
) -> None:
    as_role("admin")
    form = {"password": "long enough words", "confirm": "long enough words"} | data
    response = post(client, path, form)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "control character" in _field_errors(response.get_data(as_text=True), field)


def test_a_comment_with_a_nul_is_refused_and_nothing_is_saved(
    client, as_role, session, members
) -> None:
    claim = make_claim(session)
    session.commit()
    as_role("reviewer")
    response = post(client, f"/claims/{claim.id}/comments", {"comment": "I\x00checked"})
    assert response.status_code == 422
    assert "control character" in unescape(response.get_data(as_text=True))
    assert _count(session, Comment) == 0


def test_invalid_utf8_in_a_form_is_refused_before_any_view(client, as_role, session) -> None:
    as_role("editor")
    token = csrf_token(client, "/speakers/new")
    response = client.post(
        "/speakers/new",
        data=f"csrf_token={token}&name=%FF%FEGrace".encode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "not valid UTF-8" in response.get_data(as_text=True)
    assert _count(session, Speaker) == 0


def test_invalid_utf8_in_a_query_string_is_refused(client, as_role, seeded) -> None:
    as_role("reviewer")
    response = client.get("/claims/?q=%C3%28")
    assert response.status_code == 400
    assert "not valid UTF-8" in response.get_data(as_text=True)
    assert client.get("/claims/?q=%C3%A9").status_code == 200  # "é" is fine


def test_a_lone_carriage_return_in_an_article_becomes_a_newline(client, as_role, session) -> None:
    as_role("editor")
    body = "Ships came in.\rTraffic doubled in 2023, the harbour master said."
    response = post(client, "/articles/new", {"title": "Harbour", "body": body})
    assert response.status_code == 302
    article = session.scalar(sa.select(Article))
    assert article.body == body.replace("\r", "\n")
    response = post(
        client,
        f"/articles/{article.id}/claims/new",
        {"quote": "in.\rTraffic doubled", "summary": "Traffic doubled"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def test_a_claim_text_copied_from_a_long_quote_is_refused_next_to_text(
    client, as_role, session, members
) -> None:
    quote = "word " * 1100
    article = make_article(session, body=f"Intro. {quote}Outro.")
    session.commit()
    as_role("editor")
    response = post(
        client,
        f"/articles/{article.id}/claims/new",
        {"quote": quote.strip(), "summary": "Too long"},
    )
    assert response.status_code == 422
    assert "5000" in _field_errors(response.get_data(as_text=True), "text")
    assert _count(session, Claim) == 0


# --- duplicates ------------------------------------------------------------------------


def test_a_duplicate_speaker_name_is_refused_next_to_the_name(client, as_role, session) -> None:
    speakers.create_speaker(session, "Ada Lovelace", actor=None)
    session.commit()
    as_role("editor")
    response = post(client, "/speakers/new", {"name": "Ada Lovelace"})
    assert response.status_code == 409
    assert "Ada Lovelace" in _field_errors(response.get_data(as_text=True), "name")
    assert _count(session, Speaker) == 1


def test_a_unique_key_that_slipped_past_a_check_answers_409(
    client, as_role, session, monkeypatch
) -> None:
    # As if another request had added the same speaker between the check and the save.
    speakers.create_speaker(session, "Ada Lovelace", actor=None)
    session.commit()
    monkeypatch.setattr(speakers, "check_speaker_name", lambda *args, **kwargs: None)
    as_role("editor")
    response = post(client, "/speakers/new", {"name": "Ada Lovelace"})
    assert response.status_code == 409
    assert "conflicts with something already saved" in response.get_data(as_text=True)
    assert _count(session, Speaker) == 1


# --- search words ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/claims/", "/sources/"])
def test_list_search_words_that_cannot_be_used_are_dropped_with_a_note(
    client, as_role, seeded, path
) -> None:
    as_role("reviewer")
    count = re.compile(r"\d+ (claims|sources)")
    everything = count.search(client.get(path).get_data(as_text=True)).group()
    for words in ["x" * (SEARCH_MAX + 1), "x" * 60_000, "GDP\x00"]:
        response = client.get(path, query_string={"q": words})
        assert response.status_code == 200
        page = unescape(response.get_data(as_text=True))
        assert "Not searched" in page
        assert count.search(page).group() == everything


def test_search_words_at_the_cap_are_searched(client, as_role, seeded) -> None:
    as_role("reviewer")
    page = client.get("/claims/", query_string={"q": "GDP " + "x" * (SEARCH_MAX - 4)})
    assert "Not searched" not in page.get_data(as_text=True)
    assert "No claim matches" in page.get_data(as_text=True)


# --- where a login sends you -----------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example/phish",
        "/%0a/evil.example/phish",
        "/%0d%0a/evil.example",
        "%09//evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "/claims/%0d%0aSet-Cookie:x=1",
    ],
)
def test_login_never_redirects_off_site(client, members, target) -> None:
    token = csrf_token(client)
    response = client.post(
        f"/login?next={target}",
        data={"username": "rita", "password": "correct horse battery", "csrf_token": token},
    )
    assert response.status_code == 302 and response.location == "/"
    # and a member who is logged in already is sent on at once, by the same rule
    response = client.get(f"/login?next={target}")
    assert response.status_code == 302 and response.location == "/"


def test_login_still_returns_to_a_local_page(client, members) -> None:
    token = csrf_token(client)
    response = client.post(
        "/login?next=/claims/%3Fq%3DGDP",
        data={"username": "rita", "password": "correct horse battery", "csrf_token": token},
    )
    assert response.location == "/claims/?q=GDP"

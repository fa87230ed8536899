"""models.read.claim_query: the one grammar of the claim filter, strict and lenient, read
straight against a real database (the desk of tests/models/read/conftest.py)."""

from __future__ import annotations

import pytest

from models import ClaimStatus, Stance
from models.errors import NotFound, ValidationError
from models.read.claim_query import parse_claim_query
from models.read.claims import claim_page, cursor_at_claim

from ...factories import make_article


def _strict(session, me=None, **params):
    return parse_claim_query(session, params, strict=True, me=me)


def _lenient(session, me=None, **params):
    return parse_claim_query(session, params, strict=False, me=me)


def test_no_parameters_is_every_claim_in_reading_order(session, desk) -> None:
    query = _strict(session)
    assert query.claim_filter.is_empty() and query.sort == "position"
    assert (query.after, query.before, query.params, query.dropped) == (None, None, {}, ())


@pytest.mark.parametrize("value", ["In review", "in_review", "IN-REVIEW", "  in   review "])
def test_a_status_is_a_slug_or_a_label_in_any_case(session, desk, value) -> None:
    query = _strict(session, status=value)
    assert query.claim_filter.status is ClaimStatus.IN_REVIEW
    assert query.params == {"status": "in_review"}


@pytest.mark.parametrize(
    ("value", "slug"), [("false", "false"), ("FALSE", "false"), ("Mostly true", "mostly-true")]
)
def test_a_rating_is_a_slug_or_a_label(session, desk, value, slug) -> None:
    query = _strict(session, rating=value)
    assert query.claim_filter.rating == slug and query.params == {"rating": slug}
    assert _strict(session, rating="None").claim_filter.rating == "none"


def test_a_speaker_is_an_id_or_any_of_their_names(session, desk) -> None:
    by_id = _strict(session, speaker=str(desk.ada.id))
    assert by_id.claim_filter.speaker_id == desk.ada.id
    assert by_id.params == {"speaker": str(desk.ada.id)}
    for name in ["Ada Lovelace", "ada  LOVELACE", "ADA"]:
        query = _strict(session, speaker=name)
        assert query.claim_filter.speaker == " ".join(name.split())
        assert [c.id for c in claim_page(session, query.claim_filter).items] == [
            desk.c2.id,
            desk.c3.id,
        ]


def test_an_article_is_an_id_or_its_exact_title(session, desk) -> None:
    assert _strict(session, article=str(desk.two.id)).claim_filter.article_id == desk.two.id
    query = _strict(session, article="The economy")
    assert query.claim_filter.article_id == desk.two.id
    assert query.params == {"article": "The economy"}
    with pytest.raises(NotFound, match="no article is titled 'the economy'"):
        _strict(session, article="the economy")


def test_a_title_two_articles_share_asks_for_an_id(session, desk) -> None:
    twin = make_article(session, title="The economy")
    session.commit()
    with pytest.raises(ValidationError, match=f"give the id of one: {desk.two.id}, {twin.id}"):
        _strict(session, article="The economy")


def test_an_assignee_is_me_nobody_an_id_or_a_username(session, desk) -> None:
    mine = _strict(session, me=desk.alice, assignee="ME")
    assert mine.claim_filter.assignee_id == desk.alice.id and mine.params == {"assignee": "me"}
    assert mine.export_params() == {"assignee": str(desk.alice.id)}
    assert _strict(session, assignee="none").claim_filter.unassigned
    by_id = _strict(session, assignee=str(desk.bob.id))
    assert by_id.claim_filter.assignee_id == desk.bob.id
    by_name = _strict(session, assignee=desk.bob.username.upper())
    assert by_name.claim_filter.assignee_id == desk.bob.id
    assert by_name.params == {"assignee": desk.bob.username}


def test_stance_words_and_sort(session, desk) -> None:
    query = _strict(session, stance="Refutes", q="  services   gdp ", sort="Updated")
    assert query.claim_filter.stance is Stance.REFUTES
    assert query.claim_filter.text == "services gdp"
    assert query.sort == "updated"
    assert query.params == {"stance": "refutes", "q": "services gdp"}
    assert query.link_params() == {"stance": "refutes", "q": "services gdp", "sort": "updated"}
    assert query.link_params(q=None, after="x") == {
        "stance": "refutes",
        "sort": "updated",
        "after": "x",
    }


# parameter, bad value, the refusal's class, words its message must hold
BAD = [
    ("article", "999", NotFound, "there is no article 999"),
    ("article", "9" * 20, ValidationError, "article must be a number"),
    ("article", "No such title", NotFound, "no article is titled 'No such title'"),
    ("speaker", "999", NotFound, "there is no speaker 999"),
    ("speaker", "Nobody Atall", NotFound, "no speaker is called 'Nobody Atall'"),
    ("speaker", "Ada\x00", ValidationError, "control character"),
    ("status", "done", ValidationError, "choose one of unreviewed, in_review"),
    ("rating", "pants-on-fire", ValidationError, "choose one of true, mostly-true"),
    ("rating", "true\x00", ValidationError, "control character"),
    ("assignee", "me", ValidationError, "means the member asking"),
    ("assignee", "nobody-here", NotFound, "there is no member 'nobody-here'"),
    ("assignee", "999", NotFound, "there is no member '999'"),
    ("stance", "maybe", ValidationError, "choose one of supports, refutes, context"),
    ("q", "x" * 201, ValidationError, "at most 200"),
    ("q", "GDP\x00", ValidationError, "control character"),
    ("sort", "random", ValidationError, "choose one of position, updated, created, status"),
    ("after", "not-a-cursor", ValidationError, "not one this list gave out"),
    ("before", "not-a-cursor", ValidationError, "not one this list gave out"),
    ("cursor", "not-a-cursor", ValidationError, "not one this list gave out"),
]


@pytest.mark.parametrize(("param", "value", "error", "words"), BAD)
def test_strict_refuses_a_bad_value_naming_the_parameter(
    session, desk, param, value, error, words
) -> None:
    with pytest.raises(error) as refused:
        _strict(session, **{param: value})
    assert type(refused.value) is error
    assert words in refused.value.message and refused.value.field == param


@pytest.mark.parametrize(("param", "value", "error", "words"), BAD)
def test_lenient_drops_a_bad_value_with_the_strict_reason(
    session, desk, param, value, error, words
) -> None:
    kept = ("stance", "refutes") if param == "status" else ("status", "approved")
    query = _lenient(session, **{param: value, kept[0]: kept[1]})
    with pytest.raises(error) as refused:
        _strict(session, **{param: value})
    [dropped] = query.dropped
    assert (dropped.param, dropped.value, dropped.reason) == (
        param,
        value.strip(),
        refused.value.message,
    )
    assert query.params == {kept[0]: kept[1]}  # the rest still applies
    assert query.after is None and query.before is None


def test_cursors_belong_to_their_sort(session, desk) -> None:
    updated = cursor_at_claim(desk.c2, "updated").encode()
    assert _strict(session, sort="updated", after=updated).after == cursor_at_claim(
        desk.c2, "updated"
    )
    assert _strict(session, sort="updated", cursor=updated).after is not None
    with pytest.raises(ValidationError):
        _strict(session, after=updated)  # the default order is position
    with pytest.raises(ValidationError, match="not both"):
        _strict(session, sort="updated", after=updated, before=updated)
    both = _lenient(session, sort="updated", after=updated, before=updated)
    assert both.after is not None and both.before is None and both.dropped[0].param == "before"


def test_the_api_orders_by_id_unless_asked(session, desk) -> None:
    query = parse_claim_query(session, {}, strict=True, default_sort="id")
    assert query.sort == "id" and query.link_params() == {}
    assert parse_claim_query(session, {"sort": "position"}, strict=True).sort == "position"


def test_empty_and_unknown_parameters_are_ignored(session, desk) -> None:
    query = _strict(session, status="  ", article="", include_drafts="1", page="7", bom="yes")
    assert query.claim_filter.is_empty() and query.params == {}

"""Services refuse hostile input clearly, and the same way on SQLite and PostgreSQL.

A NUL that SQLite would store and PostgreSQL would answer with an error, a carriage return
that the article page shows as a line break, a duplicate speaker that only the unique key
noticed: each is refused by the service, naming the field, before the database sees it.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import Comment, Role, Speaker
from models.errors import Conflict, NotFound, ValidationError
from models.read.ratings import get_rating
from models.services import accounts, sourcing, speakers, tokens, workflow
from models.services.accounts import get_user
from models.services.intake import ArticleInput, ClaimInput, create_article, create_claim
from models.services.speakers import find_speaker, update_speaker
from models.text.inputs import clean_text

from ..factories import make_article, make_claim, make_user


def test_clean_text_refuses_control_characters(session) -> None:
    with pytest.raises(ValidationError) as refused:
        clean_text("Ada\x00", "publisher", limit=200)
    assert refused.value.field == "publisher"


def _every_text_path(session: orm.Session) -> dict[str, object]:
    """One call per service that stores free text, each given a NUL in that text."""
    article = make_article(session)
    claim = make_claim(session, article)
    admin = make_user(session, Role.ADMIN)
    return {
        "title": lambda: create_article(
            session, ArticleInput(title="A\x00", body="Fresh body."), actor=None
        ),
        "body": lambda: create_article(
            session, ArticleInput(title="A", body="Fresh\x00 body."), actor=None
        ),
        "quote": lambda: create_claim(
            session, article, ClaimInput(quote="Alibaba\x00", summary="S"), actor=None
        ),
        "summary": lambda: create_claim(
            session,
            article,
            ClaimInput(quote="Services are 54% of GDP", summary="S\x00"),
            actor=None,
        ),
        "comment": lambda: workflow.add_comment(session, claim, "\x00", actor=admin),
        "explanation": lambda: workflow.propose_verdict(
            session, claim, get_rating(session, "unverifiable"), "why\x00", actor=admin
        ),
        "excerpt": lambda: sourcing.link_source(
            session,
            claim,
            sourcing.create_source(
                session, sourcing.SourceInput(url="https://x.example/a", title="T"), actor=None
            ),
            "supports",
            "\x00",
            actor=None,
        ),
        "url": lambda: sourcing.create_source(
            session, sourcing.SourceInput(url="https://x.example/\x00", title="T"), actor=None
        ),
        "name": lambda: speakers.create_speaker(session, "Nul\x00", actor=None),
        "description": lambda: speakers.create_speaker(
            session, "Nobody", description="\x01", actor=None
        ),
        "display_name": lambda: accounts.create_user(
            session, "nul", Role.REVIEWER, None, display_name="N\x00l", actor=None
        ),
        "token": lambda: tokens.create_token(session, admin, "ci\x00", actor=None),
    }


def test_every_stored_text_refuses_a_nul_on_either_database(fresh_session) -> None:
    s = fresh_session
    paths = _every_text_path(s)
    s.commit()
    for name, call in paths.items():
        with pytest.raises(ValidationError) as refused:
            call()
        s.rollback()
        assert refused.value.field, name
        assert "control character" in refused.value.message, (name, refused.value.message)
    assert s.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0


def test_lookups_by_name_find_nothing_for_a_nul_on_either_database(fresh_session) -> None:
    s = fresh_session
    assert find_speaker(s, "Pascal\x00") is None
    assert get_user(s, "ada\x00") is None
    assert accounts.authenticate(s, "ada\x00", "whatever") is None
    with pytest.raises(ValidationError):
        get_rating(s, "true\x00")
    with pytest.raises(ValidationError):
        sourcing.find_source(s, "https://x.example/\x00")


# --- articles and claims ---------------------------------------------------------------


def test_a_lone_carriage_return_in_an_article_becomes_a_newline(session) -> None:
    article = create_article(
        session, ArticleInput(title="Old Mac text", body="First line.\rSecond line."), actor=None
    )
    assert article.body == "First line.\nSecond line."
    claim = create_claim(
        session, article, ClaimInput(quote="First line.\rSecond", summary="Two lines"), actor=None
    )
    assert claim.quote_exact == "First line.\nSecond"
    same = ArticleInput(title="Old Mac text", body="First line.\r\nSecond line.")
    with pytest.raises(Conflict):
        create_article(session, same, actor=None)


def test_a_claim_text_copied_from_a_long_quote_keeps_the_limit(session) -> None:
    long_quote = "word " * 1100  # 5,500 characters
    article = make_article(session, body=f"Intro. {long_quote}Outro.")
    with pytest.raises(ValidationError) as refused:
        create_claim(
            session, article, ClaimInput(quote=long_quote.strip(), summary="Long"), actor=None
        )
    assert refused.value.field == "text"
    assert "5000" in refused.value.message
    claim = create_claim(
        session,
        article,
        ClaimInput(quote=long_quote.strip(), summary="Long", text="A shorter text."),
        actor=None,
    )
    assert claim.text == "A shorter text."


# --- speakers --------------------------------------------------------------------------


def test_a_second_speaker_with_the_same_name_is_a_conflict_not_a_crash(session) -> None:
    speakers.create_speaker(session, "Ada Lovelace", actor=None)
    session.commit()
    with pytest.raises(Conflict) as refused:
        speakers.create_speaker(session, "Ada Lovelace", actor=None)
    assert refused.value.field == "name"
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(Speaker)) == 1


def test_renaming_to_another_speakers_name_is_a_conflict(session) -> None:
    speakers.create_speaker(session, "Ada Lovelace", actor=None)
    other = speakers.create_speaker(session, "Charles Babbage", actor=None)
    with pytest.raises(Conflict):
        update_speaker(session, other, actor=None, name="ada  LOVELACE")


def test_not_found_lookups_still_say_not_found(session) -> None:
    with pytest.raises(NotFound):
        speakers.resolve_speaker(session, "Nobody\x00")

"""models.read.fulltext and the search index of migration 0005: what a search means, that
nothing typed is query syntax, and that the database's triggers keep the index in step
with every change (on SQLite and on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import (
    Article,
    Claim,
    ClaimSource,
    ClaimStatus,
    Comment,
    Source,
    Speaker,
    SpeakerAlias,
)
from models.db import make_engine, make_session_factory
from models.read.fulltext import (
    WORDS_MAX,
    Word,
    count_matching,
    fts5_query,
    index_id,
    joined_matches,
    matches,
    matching_ids,
    search_words,
    tsquery,
)
from models.read.keyset import Order, count_up_to, keyset_page
from models.read.search import claim_condition, source_condition
from models.services import intake, sourcing, speakers, workflow

from ...factories import make_article, make_claim, make_source, make_user

HOSTILE = [
    '"',
    '""',
    "'",
    "AND",
    "OR NOT",
    "*",
    "-",
    "NEAR(",
    "NEAR(a b",
    "a:b",
    "^start",
    "(",
    ")",
    "{x}",
    "title:x",
    "a* b*",
    "\\",
    "%_",
    "it's",
    "x & y | !z <-> w",
    "'a':*",
    "ÀÉÎ 中文 😀",
    "e-mail 3.5% ",
]


@pytest.fixture
def db(desk_url: str) -> Iterator[orm.Session]:
    """A session on a migrated database, on SQLite and on PostgreSQL."""
    engine = make_engine(desk_url)
    try:
        with make_session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


def _found(session: orm.Session, model, kind: str, text: str) -> set[int]:
    return set(session.scalars(sa.select(model.id).where(matches(model.id, kind, text))))


def _claims(session: orm.Session, text: str) -> set[int]:
    return set(session.scalars(sa.select(Claim.id).where(claim_condition(text))))


# --- words ------------------------------------------------------------------------------


def test_words_keep_those_with_a_letter_or_digit_and_mark_prefixes() -> None:
    assert search_words('  Market  gdp* -- " e-mail ') == [
        Word("Market"),
        Word("gdp", prefix=True),
        Word("e-mail"),
    ]
    assert search_words(None) == search_words('* - " ( ') == []
    assert len(search_words(" ".join(f"w{n}" for n in range(20)))) == WORDS_MAX


def test_each_word_is_quoted_for_fts5_and_reduced_to_parts_for_postgresql() -> None:
    words = search_words('say"s NEAR( e-mail gdp*')
    assert fts5_query(words) == '"say""s" "NEAR(" "e-mail" "gdp" *'
    assert tsquery(words) == "('say' <-> 's') & ('NEAR') & ('e' <-> 'mail') & ('gdp':*)"


def test_blank_text_is_no_condition_and_unsearchable_text_matches_nothing() -> None:
    assert matches(Claim.id, "claims", "   ").compare(sa.true())
    assert matches(Claim.id, "claims", '- * "').compare(sa.false())
    with pytest.raises(ValueError, match="no search index"):
        matching_ids("users", "x")


# --- matching ---------------------------------------------------------------------------


def test_every_word_must_match_whole_or_as_a_typed_prefix(db) -> None:
    article = make_article(db, title="Cloud report")
    c1 = make_claim(db, article, quote="Alibaba holds 80% of the cloud market", summary="Cloud")
    c2 = make_claim(db, article, quote="Services are 54% of GDP", summary="Services")
    db.commit()
    assert _claims(db, "alibaba MARKET") == {c1.id}
    assert _claims(db, "cloud") == {c1.id, c2.id}  # c2 by its article's title
    assert _claims(db, "Alibaba services") == set()
    assert _claims(db, "serv") == set()  # a whole word ...
    assert _claims(db, "serv*") == {c2.id}  # ... unless asked for its beginning
    assert _claims(db, "54%") == {c2.id}
    assert _claims(db, "holds 80") == {c1.id}


@pytest.mark.parametrize("text", HOSTILE)
def test_typed_operators_and_punctuation_are_never_syntax(db, text: str) -> None:
    claim = make_claim(db, make_article(db, title="Quotes"), summary="AND near e-mail 3.5")
    db.commit()
    found = _claims(db, text)
    assert found <= {claim.id}
    for kind, model in (("articles", Article), ("speakers", Speaker), ("comments", Comment)):
        _found(db, model, kind, text)  # answers, whatever it finds
    assert list(db.scalars(matching_ids("sources", text, limit=3))) == []
    assert list(db.scalars(sa.select(Source.id).where(source_condition(text)))) == []


def test_a_cached_statement_searches_for_the_new_words(db) -> None:
    article = make_article(db, title="Cache")
    first = make_claim(db, article, quote="Alibaba holds 80% of the cloud market", summary="A")
    second = make_claim(db, article, quote="Services are 54% of GDP", summary="B")
    db.commit()
    # the same statement shape twice: the second run comes from the compiled cache
    assert _claims(db, "alibaba") == {first.id}
    assert _claims(db, "gdp") == {second.id}


def test_newest_matches_come_first_and_a_page_continues_below_an_id(db) -> None:
    article = make_article(db, title="Pages")
    claims = [
        make_claim(db, article, quote=quote)
        for quote in ("The desk counted 130 new models", "Alibaba holds 80% of the cloud market")
    ]
    db.commit()
    ids = [c.id for c in claims]
    assert list(db.scalars(matching_ids("claims", "pages"))) == ids[::-1]
    assert list(db.scalars(matching_ids("claims", "pages", limit=1))) == [ids[1]]
    assert list(db.scalars(matching_ids("claims", "pages", before=ids[1]))) == [ids[0]]


# --- the index follows every change -----------------------------------------------------


def test_claims_follow_their_text_speaker_and_article(db) -> None:
    editor = make_user(db, "editor")
    ada = speakers.create_speaker(db, "Ada Lovelace", actor=editor, aliases=["Countess"])
    article = make_article(db, title="Steam mills")
    claim = make_claim(db, article, speaker="Ada Lovelace")
    db.commit()
    assert _claims(db, "alibaba") == _claims(db, "lovelace") == _claims(db, "countess")
    assert _claims(db, "mills") == {claim.id} == _claims(db, "countess")

    workflow.edit_claim(
        db,
        claim,
        actor=editor,
        text="Typed words about analytical engines",
        summary="Typed",
        speaker=ada,
    )
    db.commit()
    assert _claims(db, "analytical") == {claim.id} and _claims(db, "alibaba") == {claim.id}
    assert _claims(db, "typed") == {claim.id}

    speakers.update_speaker(db, ada, actor=editor, name="Augusta King", aliases=["Enchantress"])
    db.commit()
    assert _claims(db, "augusta") == _claims(db, "enchantress") == {claim.id}
    assert _claims(db, "lovelace") == _claims(db, "countess") == set()

    intake.update_article(
        db, article, intake.ArticleInput(title="Looms", body=article.body), actor=editor
    )
    db.commit()
    assert _claims(db, "looms") == {claim.id} and _claims(db, "mills") == set()

    workflow.edit_claim(db, claim, actor=editor, text=claim.text, summary="Typed", speaker=None)
    db.commit()
    assert _claims(db, "augusta") == set()


def test_an_alias_added_or_removed_is_found_or_forgotten(db) -> None:
    editor = make_user(db, "editor")
    ada = speakers.create_speaker(db, "Ada Lovelace", actor=editor)
    claim = make_claim(db, speaker="Ada Lovelace")
    db.commit()
    speakers.add_alias(db, ada, "Analyst", actor=editor)
    db.commit()
    assert _claims(db, "analyst") == {claim.id}
    assert _found(db, Speaker, "speakers", "analyst") == {ada.id}
    db.execute(sa.delete(SpeakerAlias).where(SpeakerAlias.alias == "Analyst"))
    db.commit()
    assert _claims(db, "analyst") == _found(db, Speaker, "speakers", "analyst") == set()


def test_deleted_rows_leave_the_index(db) -> None:
    article = make_article(db, title="Gone soon")
    speaker = speakers.create_speaker(db, "Brief Visitor", actor=make_user(db, "editor"))
    db.commit()
    # a claim without an audit trail (which would keep it): written as raw rows
    claim_id = db.scalar(
        sa.insert(Claim)
        .values(
            article_id=article.id,
            text="Ephemeral words",
            summary="Ephemeral",
            quote_exact=article.body[:5],
            quote_start=0,
            quote_end=5,
            version=1,
        )
        .returning(Claim.id)
    )
    db.commit()
    assert _claims(db, "ephemeral") == {claim_id}
    db.execute(sa.delete(Claim).where(Claim.id == claim_id))
    db.execute(sa.delete(Speaker).where(Speaker.id == speaker.id))
    db.execute(sa.delete(Article).where(Article.id == article.id))
    db.commit()
    assert _claims(db, "ephemeral") == set()
    assert _found(db, Speaker, "speakers", "visitor") == set()
    assert _found(db, Article, "articles", "gone") == set()


def test_sources_follow_their_details_and_excerpts(db) -> None:
    editor = make_user(db, "editor")
    source = make_source(db, title="Cloud census", publisher="Statistics Office")
    claim = make_claim(db)
    db.commit()
    assert _found(db, Source, "sources", "census statistics") == {source.id}
    sourcing.link_source(db, claim, source, "refutes", "Canalys puts it at 39%", actor=editor)
    db.commit()
    assert _found(db, Source, "sources", "canalys census") == {source.id}

    sourcing.update_source(
        db,
        source,
        sourcing.SourceInput(url="https://other.example.org/ledger", title="Ledger"),
        actor=editor,
    )
    db.commit()
    assert _found(db, Source, "sources", "census") == set()
    assert _found(db, Source, "sources", "ledger other example") == {source.id}

    link = db.scalar(sa.select(ClaimSource).where(ClaimSource.source_id == source.id))
    sourcing.unlink_source(db, link, actor=editor)
    db.commit()
    assert _found(db, Source, "sources", "canalys") == set()


def test_articles_and_comments_follow_their_text(db) -> None:
    editor = make_user(db, "editor")
    article = make_article(db, title="Harbour lights", author="Jo Writer")
    claim = make_claim(db, article)
    comment = workflow.add_comment(db, claim, "Checked against the ledger", actor=editor)
    db.commit()
    assert _found(db, Article, "articles", "harbour writer") == {article.id}
    assert _found(db, Comment, "comments", "ledger") == {comment.id}
    comment.body = "Checked against the almanac"
    db.commit()
    assert _found(db, Comment, "comments", "ledger") == set()
    assert _found(db, Comment, "comments", "almanac") == {comment.id}
    db.delete(comment)
    db.commit()
    assert _found(db, Comment, "comments", "almanac") == set()


def test_a_list_newest_first_can_be_read_in_the_index_order(db) -> None:
    article = make_article(db, title="Keyset")
    quotes = ["The desk counted 130 new models", "Alibaba holds 80% of the cloud market"]
    quotes += ["Services are 54% of GDP today"]
    claims = [make_claim(db, article, quote=quote, summary="S") for quote in quotes]
    workflow.start_review(db, claims[0], actor=make_user(db))
    db.commit()
    newest = Order("created", (index_id("claims"),), descending=True)
    stmt = sa.select(Claim).where(joined_matches(Claim.id, "claims", "keyset"))
    first = keyset_page(db, stmt, newest, limit=2)
    assert [c.id for c in first.items] == [claims[2].id, claims[1].id] and first.has_next
    second = keyset_page(db, stmt, newest, limit=2, after=first.next_cursor)
    assert [c.id for c in second.items] == [claims[0].id] and not second.has_next
    back = keyset_page(db, stmt, newest, limit=2, before=second.prev_cursor)
    assert [c.id for c in back.items] == [claims[2].id, claims[1].id]
    reviewed = stmt.where(Claim.status == ClaimStatus.IN_REVIEW)
    assert [c.id for c in keyset_page(db, reviewed, newest, limit=2).items] == [claims[0].id]
    assert count_up_to(db, stmt, 2) == 3
    assert db.scalar(sa.select(count_matching("claims", "keyset", 1))) == 2
    assert db.scalar(sa.select(count_matching("claims", "keyset", 5))) == 3
    assert joined_matches(Claim.id, "claims", " ").compare(sa.true())
    assert joined_matches(Claim.id, "claims", "--").compare(sa.false())

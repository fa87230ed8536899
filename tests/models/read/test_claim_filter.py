"""models.read.claim_filter, .search and .paging: the filter's own behaviour, search words
as LIKE conditions, and the paging helpers every list shares."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import Article, ClaimStatus, Source, Stance
from models.errors import ValidationError
from models.read.claim_filter import NO_RATING, ClaimFilter
from models.read.paging import Page, clamp_page, count_rows, rows_after
from models.read.search import SEARCH_MAX, WORDS_MAX, check_search, like_pattern, word_conditions

from ...factories import make_article


def test_an_empty_filter_is_empty_and_has_no_params() -> None:
    assert ClaimFilter().is_empty() and ClaimFilter(text=None).as_params() == {}
    assert not ClaimFilter(unassigned=True).is_empty()


def test_params_are_plain_values_and_with_changes_a_copy() -> None:
    claim_filter = ClaimFilter(article_id=3, status=ClaimStatus.IN_REVIEW, stance=Stance.CONTEXT)
    assert claim_filter.as_params() == {"article_id": 3, "status": "in_review", "stance": "context"}
    wider = claim_filter.with_(article_id=None)
    assert wider.as_params() == {"status": "in_review", "stance": "context"}
    assert claim_filter.article_id == 3
    assert ClaimFilter(rating=NO_RATING, unassigned=True).as_params() == {
        "rating": "none",
        "unassigned": True,
    }


@pytest.mark.parametrize(
    "criteria",
    [
        {"text": "x" * (SEARCH_MAX + 1)},
        {"text": "a\x00b"},
        {"speaker": "Ada\x07"},
        {"rating": "\x00"},
    ],
)
def test_the_filter_refuses_what_no_database_should_be_asked(criteria) -> None:
    with pytest.raises(ValidationError):
        ClaimFilter(**criteria)


def test_check_search_names_the_field_and_keeps_the_words() -> None:
    assert check_search(None) is None
    assert check_search("  two words ") == "  two words "
    with pytest.raises(ValidationError) as refused:
        check_search("y" * (SEARCH_MAX + 1), field="words")
    assert refused.value.field == "words" and str(SEARCH_MAX) in refused.value.message


def test_like_patterns_escape_the_wildcards() -> None:
    assert like_pattern("80%") == r"%80\%%"
    assert like_pattern("a_b") == r"%a\_b%"
    assert like_pattern("back\\slash") == "%back\\\\slash%"


def test_word_conditions_use_at_most_words_max_words(session) -> None:
    words = " ".join(f"w{n}" for n in range(WORDS_MAX + 3))
    assert len(word_conditions(words, Article.title)) == WORDS_MAX
    assert word_conditions(None, Article.title) == word_conditions("  ", Article.title) == []
    make_article(session, title="Ninety PERCENT of 100% things")
    session.commit()
    titles = session.scalars(
        sa.select(Article.title).where(*word_conditions("percent 100%", Article.title))
    ).all()
    assert titles == ["Ninety PERCENT of 100% things"]
    assert not session.scalars(
        sa.select(Article.title).where(*word_conditions("1_0", Article.title))
    ).all()


def test_page_arithmetic() -> None:
    page = Page(items=[1, 2], total=5, page=3, per_page=2)
    assert (page.pages, page.has_prev, page.has_next) == (3, True, False)
    assert Page(items=[], total=0, page=1, per_page=10).pages == 1
    assert [clamp_page(p, total=5, per_page=2) for p in (0, 1, 3, 9)] == [1, 1, 3, 3]
    assert clamp_page(4, total=0, per_page=2) == 1


def test_count_rows_and_rows_after(session) -> None:
    articles = [make_article(session) for _ in range(3)]
    session.commit()
    assert count_rows(session, sa.select(Article.id)) == 3
    ids = [a.id for a in rows_after(session, Article, after_id=articles[0].id, limit=5)]
    assert ids == [articles[1].id, articles[2].id]
    assert rows_after(session, Source, after_id=None, limit=5) == []

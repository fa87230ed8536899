"""Reading an article's revisions: the list, one revision's claims, a word diff."""

from __future__ import annotations

import pytest

from models import Role
from models.errors import NotFound
from models.read.revisions import article_revisions, revision_body, revision_text, word_diff
from models.services.revisions import replace_article_text

from ...factories import make_article, make_claim, make_user

BODY = "Prices rose by 3% in May. Wages did not keep up, the union said."


def test_revisions_list_who_brought_each_text_and_why(session) -> None:
    editor = make_user(session, Role.EDITOR)
    article = make_article(session, body=BODY)
    claim = make_claim(session, article, quote="Prices rose by 3% in May.", summary="Prices")
    replace_article_text(session, article, "Update. " + BODY, actor=editor, reason="Lede")
    replace_article_text(session, article, "Update. " + BODY[:25], actor=editor, reason="Cut")
    session.commit()
    infos = article_revisions(session, article)
    assert [(i.number, i.reason, i.current) for i in infos] == [
        (1, None, False),
        (2, "Lede", False),
        (3, "Cut", True),
    ]
    assert infos[1].made_by is editor and infos[0].ended_at == infos[1].began_at
    first = revision_text(session, article, 1)
    assert first.body == BODY and [(p.id, p.quote_start) for p in first.placed] == [(claim.id, 0)]
    second = revision_text(session, article, 2)
    assert second.placed[0].quote_start == len("Update. ") and second.placed[0].summary == "Prices"
    current = revision_text(session, article, 3)
    assert current.current and current.body == article.body
    assert revision_body(session, article, 2) == "Update. " + BODY
    with pytest.raises(NotFound):
        revision_text(session, article, 4)


def test_a_lost_claim_is_not_placed_in_the_current_revision(session) -> None:
    article = make_article(session, body=BODY)
    make_claim(session, article, quote="Wages did not keep up", summary="Wages")
    replace_article_text(session, article, "Prices rose by 3% in May.", actor=None, reason="x")
    assert revision_text(session, article, 2).placed == []
    assert len(revision_text(session, article, 1).placed) == 1


def test_the_word_diff_keeps_words_whole_and_rebuilds_both_texts() -> None:
    old, new = "The goverment spent 5 billion.", "The government spent 6 billion!"
    changes = word_diff(old, new)
    assert [(c.name, c.text) for c in changes if c.kind] == [
        ("removed", "goverment"),
        ("added", "government"),
        ("removed", "5"),
        ("added", "6"),
        ("removed", "."),
        ("added", "!"),
    ]
    assert "".join(c.text for c in changes if c.kind <= 0) == old
    assert "".join(c.text for c in changes if c.kind >= 0) == new
    assert [c.name for c in word_diff("same", "same")] == ["same"]

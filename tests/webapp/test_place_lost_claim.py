"""The page that places a lost claim again: the current text, the words selected, saved."""

from __future__ import annotations

import re
from html import unescape

import pytest
import sqlalchemy as sa

from models import AnchorMethod, ClaimEvent
from models.services.revisions import replace_article_text

from ..factories import make_article, make_claim
from .conftest import post

BODY = (
    "The council met on Monday.\n\n"
    "Unemployment fell to 4.1% last year, the mayor said. "
    "Critics disagreed with the figures.\n\n"
    "The budget rose to 5 billion euros, a record for the city. Critics were wrong."
)
NEW_WORDS = "Opposition members called those numbers wrong."
NEW_BODY = BODY.replace("Critics disagreed with the figures.", NEW_WORDS)


@pytest.fixture
def story(session, members):
    article = make_article(session, title="City budget", body=BODY)
    critics = make_claim(
        session, article, quote="Critics disagreed with the figures.", summary="Critics"
    )
    jobs = make_claim(session, article, quote="Unemployment fell to 4.1% last year", summary="Jobs")
    session.commit()
    replace_article_text(session, article, NEW_BODY, actor=members.editor, reason="Reworded")
    session.commit()
    assert critics.anchor_lost and not jobs.anchor_lost
    return article, critics, jobs


def _path(article, claim) -> str:
    return f"/articles/{article.id}/claims/{claim.id}/place"


def _place(client, article, claim, data: dict, **kw):
    fields = {"version": str(claim.version), **data}
    return post(client, _path(article, claim), fields, token_from="/account", **kw)


def _selection(words: str) -> dict:
    """The fields article.js fills from a selection of `words` in the current text."""
    start = NEW_BODY.index(words)
    end = start + len(words)
    return {
        "quote": words,
        "start": str(start),
        "prefix": NEW_BODY[max(0, start - 32) : start],
        "suffix": NEW_BODY[end : end + 32],
    }


def _text(response) -> str:
    return unescape(re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))


def _unchanged(session, claim, events: int) -> None:
    session.expire_all()
    assert claim.anchor_lost and claim.quote_exact == "Critics disagreed with the figures."
    assert _events(session, claim) == events


def _events(session, claim) -> int:
    return session.scalar(
        sa.select(sa.func.count()).select_from(ClaimEvent).where(ClaimEvent.claim_id == claim.id)
    )


def test_the_lost_claim_links_to_its_page_for_editors_only(client, as_role, story) -> None:
    article, critics, _ = story
    as_role("reviewer")
    assert "Place it again" not in client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Place it again" not in client.get(f"/claims/{critics.id}").get_data(as_text=True)
    assert client.get(_path(article, critics)).status_code == 403
    post(client, "/logout")
    as_role("editor")
    link = f'href="{_path(article, critics)}"'
    assert link in client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert link in client.get(f"/claims/{critics.id}").get_data(as_text=True)


def test_the_page_shows_the_old_words_and_the_current_text(client, as_role, story) -> None:
    article, critics, jobs = story
    as_role("editor")
    response = client.get(_path(article, critics))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="article-text"' in page and 'id="selection-button"' in page
    text = _text(response)
    assert "Critics disagreed with the figures." in text  # the old words
    assert NEW_WORDS in text and "revision 2" in text
    assert f'id="claim-{jobs.id}"' in page  # the claims still in the text are marked


def test_an_editor_places_the_claim_on_selected_words(client, as_role, session, story) -> None:
    article, critics, _ = story
    as_role("editor")
    response = _place(client, article, critics, _selection(NEW_WORDS))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/claims/{critics.id}")
    session.expire_all()
    assert critics.anchor_method is AnchorMethod.HAND and critics.quote_exact == NEW_WORDS
    assert article.body[critics.quote_start : critics.quote_end] == NEW_WORDS
    page = client.get(f"/claims/{critics.id}").get_data(as_text=True)
    assert "were not found in the article" not in page  # no longer the lost notice
    assert "See the highlight in the article" in page
    assert "placed the lost quote again, on words chosen by hand" in page  # its history
    article_page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f'id="claim-{critics.id}"' in article_page and f'id="lost-{critics.id}"' not in (
        article_page
    )


def test_typed_words_found_twice_ask_which_one(client, as_role, session, story) -> None:
    article, critics, _ = story
    as_role("editor")
    events = _events(session, critics)
    response = _place(client, article, critics, {"quote": "wrong."})
    assert response.status_code == 422
    assert 'id="occurrences"' in response.get_data(as_text=True)
    _unchanged(session, critics, events)
    response = _place(client, article, critics, {"quote": "wrong.", "occurrence": "2"})
    assert response.status_code == 302
    session.expire_all()
    assert critics.quote_start == NEW_BODY.rindex("wrong.")


@pytest.mark.parametrize(
    ("case", "status", "message"),
    [
        ("empty", 422, "the quote is required"),
        ("absent", 422, "the quote is not in the article"),
        ("taken", 409, "these words are claim"),
        ("stale", 409, "saved this claim after you opened it"),
        ("no version", 422, "lost track of what it showed"),
    ],
)
def test_a_refused_placement_says_why_and_changes_nothing(
    client, as_role, session, story, case, status, message
) -> None:
    article, critics, jobs = story
    as_role("editor")
    events = _events(session, critics)
    data = {
        "empty": {"quote": ""},
        "absent": _selection(NEW_WORDS) | {"quote": "Nobody said this at all."},
        "taken": _selection("Unemployment fell to 4.1% last year"),
        "stale": _selection(NEW_WORDS) | {"version": str(critics.version - 1)},
        "no version": _selection(NEW_WORDS) | {"version": ""},
    }[case]
    response = _place(client, article, critics, data)
    assert response.status_code == status
    assert message in _text(response)
    assert 'id="article-text"' in response.get_data(as_text=True)  # the page, shown again
    _unchanged(session, critics, events)
    assert not jobs.anchor_lost


def test_a_claim_in_the_text_has_nothing_to_place(client, as_role, story) -> None:
    article, _, jobs = story
    as_role("editor")
    response = client.get(_path(article, jobs))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/claims/{jobs.id}"
    )
    response = _place(client, article, jobs, _selection(NEW_WORDS))
    assert response.status_code == 409 and "this claim is not lost" in _text(response)


def test_another_articles_claim_is_not_placed_here(client, as_role, session, story) -> None:
    article, critics, _ = story
    other = make_article(session, title="Elsewhere")
    session.commit()
    as_role("editor")
    response = client.get(_path(other, critics))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        _path(article, critics)
    )
    assert _place(client, other, critics, _selection(NEW_WORDS)).status_code == 404

"""The article page's revisions: replace the text (paste, upload, address), see and compare.

Addresses are fetched from a server on 127.0.0.1 (tests/pages.py), never the internet.
"""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
import sqlalchemy as sa

from models import AnchorMethod, Article, ArticleRevision, ClaimStatus
from models.services import sourcing, workflow
from tests.pages import PageServer, html, serve

from ..factories import make_article, make_claim, make_source, rating
from .conftest import post

BODY = (
    "The council met on Monday.\n\n"
    "Unemployment fell to 4.1% last year, the mayor said. "
    "Critics disagreed with the figures.\n\n"
    "The goverment budget rose to 5 billion euros, a record for the city."
)


@pytest.fixture
def server():
    yield from serve()


@pytest.fixture
def story(session, members):
    article = make_article(session, title="City budget", body=BODY)
    claims = {
        "jobs": make_claim(
            session, article, quote="Unemployment fell to 4.1% last year", summary="Jobs"
        ),
        "budget": make_claim(
            session, article, quote="The goverment budget rose to 5 billion euros", summary="Budget"
        ),
        "critics": make_claim(
            session, article, quote="Critics disagreed with the figures.", summary="Critics"
        ),
    }
    session.commit()
    return article, claims


def _form_path(article) -> str:
    return f"/articles/{article.id}/text"


def _replace(client, article, data: dict, **kw):
    fields = {"source": "paste", "version": str(article.version), **data}
    return post(client, _form_path(article), fields, token_from=_form_path(article), **kw)


def _text(response) -> str:
    return unescape(re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))


def test_only_editors_may_replace_the_text(client, as_role, story) -> None:
    article, _ = story
    as_role("reviewer")
    assert client.get(_form_path(article)).status_code == 403
    assert client.get(f"/articles/{article.id}/revisions").status_code == 200
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Replace text" not in page


def test_an_editor_pastes_a_corrected_text(client, as_role, session, story) -> None:
    article, claims = story
    as_role("editor")
    form = client.get(_form_path(article)).get_data(as_text=True)
    assert "Why the text changes" in form and "goverment" in form  # starts as the current text
    new = BODY.replace("goverment", "government").replace(
        "Critics disagreed with the figures.", "Nobody spoke."
    )
    response = _replace(client, article, {"body": new, "reason": "Typo and a cut"})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.location)
    text = _text(page)
    assert (
        "Text replaced: revision 2." in text and "1 found with changes" in text and "1 lost" in text
    )
    assert "Revision 2 of the text" in text
    assert "Claims lost from the current text (1)" in text
    assert "Critics disagreed with the figures." in text  # the old words, with context
    session.expire_all()
    stored = session.get(Article, article.id)
    assert stored.body == new and stored.revision == 2
    assert claims["budget"].anchor_method is AnchorMethod.FUZZY
    trail = _text(client.get(f"/claims/{claims['budget'].id}"))
    assert "the quote's words changed" in trail and "The government budget" in trail


def test_a_stale_form_is_refused_and_nothing_changes(client, as_role, session, story) -> None:
    article, _ = story
    as_role("editor")
    response = _replace(
        client,
        article,
        {"body": BODY + " More.", "reason": "x", "version": str(article.version - 1)},
    )
    assert response.status_code == 409
    assert "after you opened it" in _text(response)
    session.expire_all()
    assert session.get(Article, article.id).revision == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": BODY, "reason": "same"}, "the same as the current one"),
        ({"body": "   ", "reason": "blank"}, "the new text is required"),
        ({"body": BODY + " More.", "reason": ""}, "Say why the text changes"),
        ({"source": "address", "reason": "again"}, "has no web address"),
        ({"source": "file", "reason": "file"}, "choose the file"),
    ],
)
def test_bad_input_says_what_is_wrong(client, as_role, session, story, data, message) -> None:
    article, _ = story
    article.url = None
    session.commit()
    as_role("editor")
    response = _replace(client, article, data)
    assert response.status_code == 422
    assert message in _text(response)
    assert session.scalar(sa.select(sa.func.count()).select_from(ArticleRevision)) == 0


def test_an_uploaded_file_replaces_the_text(client, as_role, session, story) -> None:
    article, _ = story
    as_role("editor")
    new = "Updated.\n\n" + BODY
    response = _replace(
        client,
        article,
        {
            "source": "file",
            "reason": "New edition",
            "file": (io.BytesIO(new.encode()), "story.txt"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, _text(response)
    session.expire_all()
    assert session.get(Article, article.id).body == new


def test_the_text_is_read_again_from_the_articles_address(
    app, client, as_role, session, story, server: PageServer
) -> None:
    app.config["FETCH_ALLOW_PRIVATE"] = True
    article, claims = story
    server.pages["/budget"] = html(
        "<html><head><title>City budget</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in BODY.replace("4.1%", "4.2%").split("\n\n"))
        + "</article></body></html>"
    )
    article.url = server.url("/budget")
    session.commit()
    as_role("editor")
    response = _replace(client, article, {"source": "address", "reason": "Publisher's update"})
    assert response.status_code == 302, _text(response)
    session.expire_all()
    stored = session.get(Article, article.id)
    assert "4.2%" in stored.body and stored.revision == 2
    assert claims["jobs"].quote_exact == "Unemployment fell to 4.2% last year"


def test_another_articles_text_is_refused_with_a_link(client, as_role, session, story) -> None:
    article, _ = story
    other = make_article(session, body="Another story, entirely its own.")
    session.commit()
    as_role("editor")
    response = _replace(client, article, {"body": other.body, "reason": "oops"})
    assert response.status_code == 409
    assert f"/articles/{other.id}" in response.get_data(as_text=True)


def test_revisions_are_listed_shown_and_compared(client, as_role, session, story) -> None:
    article, claims = story
    as_role("editor")
    new = "A new first line <b>bold</b>.\n\n" + BODY.replace("5 billion", "6 billion")
    assert _replace(client, article, {"body": new, "reason": "Figure corrected"}).status_code == 302
    listing = client.get(f"/articles/{article.id}/revisions")
    text = _text(listing)
    assert "Revision 1" in text and "Revision 2 (current)" in text and "Figure corrected" in text
    page = listing.get_data(as_text=True)
    assert "<del>5</del><ins>6</ins>" in page  # newest two compared by default
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold</b>" not in page  # text, never HTML
    old = client.get(f"/articles/{article.id}/revisions/1").get_data(as_text=True)
    start = BODY.index("Unemployment")
    assert f'data-start="{start}"' in old and f'id="claim-{claims["jobs"].id}"' in old
    assert client.get(f"/articles/{article.id}/revisions/9").status_code == 404
    assert client.get(f"/articles/{article.id}/revisions?from=1&to=7").status_code == 404


def test_an_editor_says_a_flagged_verdict_still_stands(
    client, as_role, session, members, story
) -> None:
    article, claims = story
    budget = claims["budget"]
    sourcing.link_source(
        session, budget, make_source(session), "supports", None, actor=members.editor
    )
    workflow.propose_verdict(
        session, budget, rating(session, "true"), "Ok.", actor=members.reviewer
    )
    workflow.approve_verdict(session, budget, actor=members.reviewer2)
    session.commit()
    as_role("editor")
    new = BODY.replace("goverment", "government")
    assert _replace(client, article, {"body": new, "reason": "Typo"}).status_code == 302
    page = client.get(f"/articles/{article.id}")
    assert "Verdict still stands" in page.get_data(as_text=True)
    session.expire_all()
    budget = session.get(type(budget), budget.id)
    assert budget.recheck_needed and budget.status is ClaimStatus.APPROVED
    response = post(
        client,
        f"/articles/{article.id}/claims/{budget.id}/verdict-stands",
        {"version": str(budget.version)},
        token_from=f"/articles/{article.id}",
    )
    assert response.status_code == 302
    session.expire_all()
    assert not session.get(type(budget), budget.id).recheck_needed
    again = post(
        client,
        f"/articles/{article.id}/claims/{budget.id}/verdict-stands",
        {"version": str(budget.version)},
        token_from=f"/articles/{article.id}",
    )
    assert "not waiting for a recheck" in _text(client.get(again.location))


def test_a_reviewer_cannot_clear_the_flag(client, as_role, session, story) -> None:
    article, claims = story
    as_role("reviewer")
    response = post(
        client,
        f"/articles/{article.id}/claims/{claims['jobs'].id}/verdict-stands",
        {},
        token_from=f"/articles/{article.id}",
    )
    assert response.status_code == 403


def test_a_lost_claim_reads_as_lost_on_its_page_in_the_api_and_the_exports(
    client, as_role, story, session, members
) -> None:
    from models.services.revisions import replace_article_text

    article, claims = story
    replace_article_text(
        session,
        article,
        BODY.replace("Critics disagreed with the figures.", "Nobody objected."),
        actor=members.editor,
        reason="Correction",
    )
    session.commit()
    lost = claims["critics"]
    assert lost.anchor_lost
    as_role("editor")
    page = client.get(f"/claims/{lost.id}")
    assert page.status_code == 200
    text = unescape(page.get_data(as_text=True))
    assert "not found in the article's current text" in text
    assert "Critics disagreed with the figures." in text
    for fmt in ("json", "csv", "md", "html", "claimreview"):
        answer = client.get(f"/reports/download/{fmt}?article={article.id}")
        assert answer.status_code == 200, fmt
        body = answer.get_data(as_text=True)
        assert "1000000" not in body.replace(",", ""), fmt  # no offset past the text's end

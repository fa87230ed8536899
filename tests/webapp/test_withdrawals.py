"""Withdrawing and restoring through the web: the forms, every list leaving withdrawn rows
out, the editors' withdrawn view with Restore, and `claimdesk purge-withdrawn`."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm

from models import Article, Claim, DeskEvent, Source, Speaker
from models.read.people import speaker_records
from models.services import sourcing, speakers, tokens, workflow

from ..factories import make_article, make_claim, make_source, rating
from .conftest import post

WORD = "zanzibarite"  # a word only the claim to withdraw holds


def _desk(session: orm.Session, members):
    article = make_article(session, title=f"The {WORD} story")
    speakers.create_speaker(session, "Vera Spoke", actor=None)
    claim = make_claim(
        session,
        article,
        quote="Services are 54% of GDP",
        summary=f"GDP {WORD}",
        speaker="Vera Spoke",
    )
    kept = make_claim(session, make_article(session, title="Other story"), summary="Kept claim")
    source = make_source(session, title=f"Report on {WORD}")
    session.commit()
    return article, claim, kept, source


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def test_a_withdrawn_claim_leaves_every_list_and_comes_back(client, session, members, as_role):
    article, claim, _, _ = _desk(session, members)
    claim_id, version = claim.id, claim.version
    _, secret = tokens.create_token(session, members.reviewer, "script", actor=None)
    session.commit()
    as_role("editor")
    assert "GDP zanzibarite" in _page(client, "/claims/")
    assert f'action="/claims/{claim_id}/review"' in _page(client, f"/claims/{claim_id}")

    form = _page(client, f"/withdrawn/claims/{claim_id}")
    assert "Why is it withdrawn?" in form
    refused = post(client, f"/withdrawn/claims/{claim_id}", {"reason": " ", "version": version})
    assert refused.status_code == 422 and "Say why it is withdrawn" in refused.get_data(
        as_text=True
    )
    done = post(
        client, f"/withdrawn/claims/{claim_id}", {"reason": "Logged twice.", "version": version}
    )
    assert done.status_code == 302
    _page(client, done.location)  # shows (and so clears) the flash naming the claim

    for path in (
        "/claims/",
        f"/claims/?q={WORD}",
        f"/search/?q={WORD}",
        f"/articles/{article.id}",
        f"/speakers/{claim.speaker_id}",
        f"/claims/?speaker={claim.speaker_id}",
    ):
        assert "GDP zanzibarite" not in _page(client, path), path
    assert "Kept claim" in _page(client, "/claims/")
    session.rollback()
    vera = session.get(Speaker, claim.speaker_id)
    assert speaker_records(session, [vera])[0].by_status == {}  # her record counts none
    listed = client.get("/api/v1/claims", headers={"Authorization": f"Bearer {secret}"})
    assert claim_id not in [c["id"] for c in listed.get_json()["items"]]
    # the claim's own page still opens: withdrawn, with its reason and Restore
    page = _page(client, f"/claims/{claim_id}")
    assert "Withdrawn" in page and "Logged twice." in page and "Restore claim" in page
    assert f'action="/claims/{claim_id}/review"' not in page  # no workflow step offered

    withdrawn = _page(client, "/withdrawn/?kind=claims")
    assert (
        "GDP zanzibarite" in withdrawn and "Logged twice." in withdrawn and "Restore" in withdrawn
    )
    session.expire_all()
    restored = post(
        client,
        f"/withdrawn/claims/{claim_id}/restore",
        {"version": session.get(Claim, claim_id).version},
    )
    assert restored.status_code == 302
    _page(client, restored.location)
    assert "GDP zanzibarite" in _page(client, "/claims/")
    assert "GDP zanzibarite" not in _page(client, "/withdrawn/?kind=claims")
    actions = [e.action for e in session.get(Claim, claim_id).events]
    assert actions[-2:] == ["withdrawn", "restored"]


def test_articles_and_sources_leave_their_lists(client, session, members, as_role):
    article, _, _, source = _desk(session, members)
    as_role("editor")
    assert f"The {WORD} story" in _page(client, "/articles/")
    response = post(
        client,
        f"/withdrawn/articles/{article.id}",
        {"reason": "Wrong article.", "version": article.version},
    )
    assert response.status_code == 302
    response = post(
        client,
        f"/withdrawn/sources/{source.id}",
        {"reason": "Not a source.", "version": source.version},
    )
    assert response.status_code == 302
    _page(client, response.location)
    for path in (
        "/articles/",
        "/sources/",
        f"/sources/?q={WORD}",
        f"/search/?q={WORD}",
        "/claims/",
    ):
        body = _page(client, path)
        assert f"The {WORD} story" not in body and f"Report on {WORD}" not in body, path
        assert "GDP zanzibarite" not in body, path  # the article's claim went with it
    assert f"The {WORD} story" in _page(client, "/withdrawn/?kind=articles")
    assert f"Report on {WORD}" in _page(client, "/withdrawn/?kind=sources")

    session.expire_all()
    restored = post(
        client,
        f"/withdrawn/articles/{article.id}/restore",
        {"version": session.get(Article, article.id).version},
    )
    assert restored.status_code == 302
    assert "GDP zanzibarite" in _page(client, "/claims/")
    assert f"The {WORD} story" in _page(client, "/articles/")


def test_an_approved_claim_is_refused_pointing_to_reopen(client, session, members, as_role):
    claim = make_claim(session)
    source = make_source(session)
    sourcing.link_source(session, claim, source, "supports", None, actor=members.editor)
    workflow.propose_verdict(
        session, claim, rating(session, "true"), "Yes.", actor=members.reviewer
    )
    workflow.approve_verdict(session, claim, actor=members.reviewer2)
    session.commit()
    as_role("editor")
    response = post(
        client, f"/withdrawn/claims/{claim.id}", {"reason": "Mistake.", "version": claim.version}
    )
    assert response.status_code == 409
    assert "reopen it first" in response.get_data(as_text=True)
    assert "Mistake." in response.get_data(as_text=True)  # the typed reason is kept
    session.expire_all()
    assert session.get(Claim, claim.id).withdrawn_at is None


def test_reviewers_may_not_withdraw(client, session, members, as_role):
    claim = make_claim(session)
    session.commit()
    as_role("reviewer")
    assert client.get(f"/withdrawn/claims/{claim.id}").status_code == 403
    response = post(
        client, f"/withdrawn/claims/{claim.id}", {"reason": "x", "version": claim.version}
    )
    assert response.status_code == 403
    assert client.get("/withdrawn/").status_code == 403


def test_purge_withdrawn_asks_then_deletes_and_leaves_an_event(
    runner, session, members, client, as_role
):
    _, claim, _, source = _desk(session, members)
    claim_id, source_id = claim.id, source.id
    as_role("editor")
    post(
        client,
        f"/withdrawn/claims/{claim_id}",
        {"reason": "Logged twice.", "version": claim.version},
    )
    post(
        client,
        f"/withdrawn/sources/{source_id}",
        {"reason": "Not a source.", "version": source.version},
    )

    declined = runner.invoke(args=["purge-withdrawn"], input="n\n")
    assert declined.exit_code == 0, declined.output
    assert "Delete 0 articles, 1 claim, 1 source for good?" in declined.output
    assert "Nothing purged." in declined.output
    session.rollback()
    assert session.get(Claim, claim_id) is not None

    too_new = runner.invoke(args=["purge-withdrawn", "--older-than", "30", "--yes"])
    assert "Nothing withdrawn to purge." in too_new.output

    done = runner.invoke(args=["purge-withdrawn", "--yes", "--by", "ada"])
    assert done.exit_code == 0, done.output
    assert "Purged 0 articles, 1 claim, 1 source" in done.output
    session.rollback()  # a fresh read: the CLI wrote through its own connection
    assert session.get(Claim, claim_id) is None and session.get(Source, source_id) is None
    events = session.scalars(sa.select(DeskEvent).where(DeskEvent.action == "purged")).all()
    assert {(e.subject, e.subject_id, e.actor_id) for e in events} == {
        ("claim", claim_id, members.admin.id),
        ("source", source_id, members.admin.id),
    }

    refused = runner.invoke(args=["purge-withdrawn", "--yes", "--by", "eddie"])
    assert "Nothing withdrawn to purge." in refused.output  # nothing left; eddie not asked

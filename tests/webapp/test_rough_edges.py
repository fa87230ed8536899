"""Rough edges a new user hit (issue 9): each test here failed before its fix."""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa

from models import Article, Claim, ClaimStatus
from models.reports.model import NO_SPEAKER, ReportOptions
from models.services import sourcing, tokens, workflow

from ..factories import make_article, make_claim, make_source, rating
from ..reports.helpers import render
from .conftest import post

ROOT = Path(__file__).resolve().parents[2]
# What pages and reports used to print for a claim with no speaker, besides "No speaker".
OTHER_WORDINGS = re.compile(r"unattributed|speaker unknown|>unknown<", re.IGNORECASE)


def test_a_claim_without_speaker_has_one_wording_everywhere(client, session, as_role) -> None:
    article = make_article(session)
    claim = make_claim(session, article)
    session.commit()
    assert claim.speaker is None
    as_role("editor")
    pages = {
        "claim list": client.get("/claims/").get_data(as_text=True),
        "claim page": client.get(f"/claims/{claim.id}").get_data(as_text=True),
        "article page": client.get(f"/articles/{article.id}").get_data(as_text=True),
        "html report": render(session, "html", ReportOptions()).decode(),
        "md report": render(session, "md", ReportOptions()).decode(),
    }
    for where, text in pages.items():
        assert NO_SPEAKER in text, where
        assert not OTHER_WORDINGS.search(text), where


def test_no_template_or_report_module_names_a_missing_speaker_otherwise() -> None:
    roots = [ROOT / "webapp" / "templates" / "claims", ROOT / "webapp" / "templates" / "articles"]
    roots.append(ROOT / "models" / "reports")
    offenders = [
        str(path.relative_to(ROOT))
        for root in roots
        for path in root.rglob("*")
        if path.suffix in {".html", ".j2", ".py", ".js"} and OTHER_WORDINGS.search(path.read_text())
    ]
    assert offenders == []


def test_seed_output_counts_in_words_that_agree(runner) -> None:
    assert runner.invoke(args=["init"]).exit_code == 0
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "1 article," in result.output and "1 articles" not in result.output
    assert "34 claims" in result.output
    assert not re.search(r"\b1 [a-z_]+s\b", result.output), result.output


def test_demo_data_output_counts_one_article_in_the_singular(runner) -> None:
    result = runner.invoke(args=["demo-data", "--claims", "3", "--articles", "1"])
    assert result.exit_code == 0, result.output
    assert "1 article," in result.output and "3 claims" in result.output


def _new_article(client, **fields):
    data = {"title": "", "url": "", "author": "", "publisher": "", "published": "",
            "language": "", "body": ""}  # fmt: skip
    data.update(fields)
    return post(client, "/articles/new", data, token_from="/articles/new")


def test_the_new_article_form_reports_every_error_at_once(client, session, as_role) -> None:
    as_role("editor")
    response = _new_article(client, url="ftp://example.org/x", language="english", author="A" * 201)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for message in ("title is required", "not a language tag", "article text is required",
                    "at most 200"):  # fmt: skip
        assert message in page, message
    assert "http" in page.split("ftp://example.org/x")[-1]  # the address's problem too
    # Nothing half-written, and what was typed stays in the form.
    assert session.scalar(sa.select(sa.func.count(Article.id))) == 0
    assert 'value="english"' in page


def test_an_article_keeps_its_language_from_the_forms(client, session, as_role, members) -> None:
    as_role("editor")
    response = _new_article(
        client, title="Een artikel", language="zh-hans", body="Words to check, in Chinese."
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    article = session.scalar(sa.select(Article).where(Article.title == "Een artikel"))
    assert article.language == "zh-Hans"
    edit_page = client.get(f"/articles/{article.id}/edit").get_data(as_text=True)
    assert 'value="zh-Hans"' in edit_page
    token_page = f"/articles/{article.id}/edit"
    data = {"title": "Een artikel", "language": "nl", "version": str(article.version)}
    assert post(client, token_page, data, token_from=token_page).status_code == 302
    session.refresh(article)
    assert article.language == "nl"
    data.update(language="dutch", version=str(article.version))
    refused = post(client, token_page, data, token_from=token_page)
    assert refused.status_code == 422 and "not a language tag" in refused.get_data(as_text=True)
    _, secret = tokens.create_token(session, members.reviewer, "script", actor=None)
    session.commit()
    bearer = {"Authorization": f"Bearer {secret}"}
    for path in (f"/api/v1/articles/{article.id}", "/api/v1/articles"):
        record = client.get(path, headers=bearer).get_json()
        record = record if "title" in record else record["items"][0]
        assert record["language"] == "nl", path


def _proposed_by(session, members, who):
    claim = make_claim(session)
    source = make_source(session)
    sourcing.link_source(session, claim, source, "supports", "the figure", actor=None)
    workflow.propose_verdict(
        session, claim, rating(session, "mostly-true"), "Close enough to the figure.", actor=who
    )
    session.commit()
    return claim


def test_a_refused_self_approval_says_so_once_and_offers_no_button(
    client, session, as_role, members
) -> None:
    claim = _proposed_by(session, members, members.reviewer)
    as_role("reviewer")
    response = post(client, f"/claims/{claim.id}/approve", {"version": claim.version})
    assert response.status_code == 409
    page = response.get_data(as_text=True).lower()
    assert page.count("you proposed this verdict") == 1
    assert f'action="/claims/{claim.id}/approve"' not in page
    assert "approve verdict" not in page


def _approved_then_reopened(client, session, members):
    claim = _proposed_by(session, members, members.reviewer2)
    workflow.approve_verdict(session, claim, actor=members.admin)
    session.commit()
    path = f"/claims/{claim.id}/reopen"
    data = {"version": claim.version, "reason": "The agency revised its figure."}
    return claim, path, data


def test_reopening_a_published_verdict_asks_for_confirmation(
    client, session, as_role, members
) -> None:
    as_role("editor")
    claim, path, data = _approved_then_reopened(client, session, members)
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert 'name="confirm"' in page and "data-confirm=" in page.split(path)[1].split("</form>")[0]
    refused = post(client, path, data)
    assert refused.status_code == 422
    assert "Tick the box" in refused.get_data(as_text=True)
    assert "The agency revised its figure." in refused.get_data(as_text=True)  # kept
    session.expire_all()
    assert session.get(Claim, claim.id).status is ClaimStatus.APPROVED
    assert post(client, path, {**data, "confirm": "y"}).status_code == 302
    session.expire_all()
    assert session.get(Claim, claim.id).status is ClaimStatus.IN_REVIEW


def test_a_proposed_verdict_reopens_without_the_box(client, session, as_role, members) -> None:
    claim = _proposed_by(session, members, members.reviewer2)
    as_role("editor")
    data = {"version": claim.version, "reason": "Wrong year."}
    assert post(client, f"/claims/{claim.id}/reopen", data).status_code == 302


def test_the_withdrawn_explanation_is_labelled_after_a_reopen(
    client, session, as_role, members
) -> None:
    as_role("editor")
    claim, path, data = _approved_then_reopened(client, session, members)
    assert post(client, path, {**data, "confirm": "y"}).status_code == 302
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    card = page.split('id="verdict"')[1].split("</section>")[0]
    explanation = card.split("Close enough to the figure.")[0]
    assert "withdrawn verdict" in explanation.rsplit('class="verdictbox"', 1)[-1]
    assert "<del>" in explanation[-20:]


def _speaker_field(page: str) -> str:
    """Return the speaker field's markup (label, input, hint), its value blanked."""
    start = page.index('<label for="speaker"')
    block = page[start : page.index("</div>", start)]
    return re.sub(r'\svalue="[^"]*"', "", block)


def test_the_speaker_is_the_same_typed_picker_when_logging_and_editing(
    client, session, as_role
) -> None:
    article = make_article(session)
    claim = make_claim(session, article)
    session.commit()
    as_role("editor")
    logging = _speaker_field(client.get(f"/articles/{article.id}/claims/new").get_data(True))
    editing = _speaker_field(client.get(f"/claims/{claim.id}").get_data(as_text=True))
    assert 'data-lookup="speakers"' in logging and "<select" not in logging
    assert logging == editing


def test_editors_are_warned_while_reports_use_the_example_address(
    app, client, session, as_role
) -> None:
    make_claim(session)
    session.commit()
    as_role("editor")
    page = client.get("/reports/preview").get_data(as_text=True)
    assert "REPORT_BASE_URL" in page and "example address" in page
    app.config["REPORT_BASE_URL"] = "https://news.example.net/fact-checks"
    assert "REPORT_BASE_URL" not in client.get("/reports/preview").get_data(as_text=True)


def test_reviewers_see_no_base_address_warning(client, session, as_role) -> None:
    make_claim(session)
    session.commit()
    as_role("reviewer")
    page = client.get("/reports/preview").get_data(as_text=True)
    assert page.count("Report preview") >= 1 and "REPORT_BASE_URL" not in page

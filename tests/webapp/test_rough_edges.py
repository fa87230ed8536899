"""Rough edges a new user hit (issue 9): each test here failed before its fix."""

from __future__ import annotations

import re
from pathlib import Path

from models.reports.model import NO_SPEAKER, ReportOptions

from ..factories import make_article, make_claim
from ..reports.helpers import render

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

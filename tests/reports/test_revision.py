"""The report says which revision of an article's text it covers."""

from __future__ import annotations

import json

import sqlalchemy as sa

from models import Article, Claim
from models.services.revisions import replace_article_text

from .helpers import render


def test_a_revised_article_names_its_revision_in_every_report(report_seed, options) -> None:
    article = report_seed.scalar(sa.select(Article))
    new = "Correction: a figure below was updated.\n\n" + article.body.replace("40%", "41%")
    result = replace_article_text(report_seed, article, new, actor=None, reason="Figure")
    report_seed.commit()
    when = f"{result.revision.replaced_at:%Y-%m-%d}"
    note = f"revision 2 (corrected after publication, in use since {when})"
    assert f"- **Text:** {note}" in render(report_seed, "md", options).decode()
    assert (
        f'<dt>Text</dt><dd class="revision">{note}</dd>'
        in render(report_seed, "html", options).decode()
    )
    exported = json.loads(render(report_seed, "json", options))["articles"][0]
    assert exported["revision"] == 2 and exported["revised_at"].startswith(when)
    # the claims' offsets point into the text the report prints
    for claim in exported["claims"]:
        stored = report_seed.get(Claim, claim["id"])
        if not stored.anchor_lost:
            quote = claim["quote"]
            assert exported["body"][quote["start"] : quote["end"]] == quote["exact"]


def test_an_article_never_revised_says_nothing_about_revisions(report_seed, options) -> None:
    assert "**Text:**" not in render(report_seed, "md", options).decode()
    assert json.loads(render(report_seed, "json", options))["articles"][0]["revision"] == 1

"""The report says which revision of an article's text it covers."""

from __future__ import annotations

import csv
import html
import io
import json

import sqlalchemy as sa

from models import Article, Claim
from models.reports.markdown import md
from models.reports.model import LOST_NOTE
from models.services.revisions import replace_article_text
from models.tables.claim import LOST_OFFSET

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


def _lose_first_claim(session) -> Claim:
    """Replace the seed article's text so that its first claim's words are gone."""
    article = session.scalar(sa.select(Article))
    claim = session.scalar(sa.select(Claim).order_by(Claim.quote_start).limit(1))
    new = article.body.replace(claim.quote_exact, "Nobody remembers how it began.")
    replace_article_text(session, article, new, actor=None, reason="Opening rewritten")
    session.commit()
    assert claim.anchor_lost and claim.quote_start >= LOST_OFFSET
    return claim


def test_a_lost_claim_reads_as_lost_in_the_csv(report_seed, options) -> None:
    lost = _lose_first_claim(report_seed)
    text = render(report_seed, "csv", options).decode()
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    by_claim = {int(row["claim_id"]): row for row in rows}
    assert by_claim[lost.id]["quote_lost"] == "yes"
    assert by_claim[lost.id]["quote"] == lost.quote_exact  # the words it had
    assert {row["quote_lost"] for cid, row in by_claim.items() if cid != lost.id} == {"no"}
    assert str(LOST_OFFSET)[:7] not in text  # no offset past the text's end anywhere


def test_a_lost_claim_reads_as_lost_in_markdown_and_html(report_seed, options) -> None:
    lost = _lose_first_claim(report_seed)
    old_before = lost.quote_prefix.split()[-1]  # a word of the old text around it
    markdown = render(report_seed, "md", options).decode()
    block = markdown.split(f'<a id="claim-{lost.id}"></a>')[1].split('<a id="claim-')[0]
    assert f"- **Quote:** {md(LOST_NOTE)}" in block
    quote_line = next(line for line in block.splitlines() if line.startswith("> "))
    assert quote_line.startswith("> **") and quote_line.endswith("**")  # the words alone
    assert old_before not in quote_line and "…" not in quote_line
    page = render(report_seed, "html", options).decode()
    article = page.split(f'<article class="claim" id="claim-{lost.id}">')[1].split("</article>")[0]
    assert f'<dd class="lost">{LOST_NOTE.capitalize()}' in html.unescape(article)
    assert 'class="context"' not in article
    # a claim still in the text keeps its context, and says nothing of being lost
    assert markdown.count("- **Quote:**") == 1 and page.count('<dd class="lost">') == 1

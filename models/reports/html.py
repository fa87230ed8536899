"""The HTML report: one standalone page (inline styles, no external requests).

Rendered with Jinja2 straight from models/reports/templates (no Flask), as a stream:
`Template.generate` pulls claims from the batched selection as it writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from sqlalchemy import orm

from .body import iter_articles
from .claimreview import claim_review
from .claimreview_check import ReviewGuard
from .escaping import link_target, script_json
from .html_claim import claim_html, link, when
from .model import (
    ArticleView,
    ClaimView,
    Count,
    ReportHead,
    ReportOptions,
    build_head,
)
from .same_claims import same_claims

TEMPLATES = Path(__file__).parent / "templates"

# The desk's state colours (webapp/static/claimdesk.css): one per status and per verdict.
BAR_COLOURS = {
    "unreviewed": "#5b6472",
    "in_review": "#1f5fbf",
    "verdict_proposed": "#7442b0",
    "approved": "#0d6e6e",
    "true": "#1e7b46",
    "mostly-true": "#4b7a12",
    "mixed": "#8a6a00",
    "misleading": "#b04a00",
    "false": "#b3261e",
    "unverifiable": "#6e5a4c",
}


@cache
def environment() -> jinja2.Environment:
    """Return the report templates' Jinja2 environment (autoescaping on)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["when"] = when
    env.filters["web_link"] = link_target  # an address to link to, or None: show text
    env.globals["link"] = link
    return env


@cache
def report_css() -> str:
    """Return the report's stylesheet."""
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


def describe_filter(params: dict[str, Any], shown: dict[str, str] | None = None) -> str:
    """Return the report's selection in words ("status: approved, speaker: Pascal").

    `shown` gives a criterion's value as a reader knows it (ReportHead.filter_names: a
    speaker's name, a member's display name), where the filter holds an id.
    """
    names = {
        "article_id": "article",
        "speaker_id": "speaker",
        "assignee_id": "assigned to",
        "unassigned": "unassigned",
        "text": "words",
    }
    shown = shown or {}
    return ", ".join(
        names[k] if k == "unassigned" else f"{names.get(k, k).replace('_', ' ')}: {shown.get(k, v)}"
        for k, v in params.items()
        if k != "article_id"
    )


BAR_WIDTH = 160  # the longest bar of the summary, in px


def bar_svg(row: Count, biggest: int, drafts: bool) -> Markup:
    """Return the bar drawn beside one summary row's count (drafts dashed after it).

    The count itself is printed once, in the table; the bar only shows it as a length,
    so it is hidden from screen readers. Inline SVG attributes, not a style attribute:
    the desk's preview forbids inline styles (Content-Security-Policy).
    """
    scale = BAR_WIDTH / max(biggest, 1)
    colour = BAR_COLOURS.get(row.key, "#6b7785")
    length = round(row.count * scale)
    parts = [f'<rect x="0" y="1" width="{length}" height="10" fill="{colour}"/>']
    if drafts and row.draft:
        parts.append(
            f'<rect x="{length}" y="1.5" width="{round(row.draft * scale)}" height="9" '
            f'fill="none" stroke="{colour}" stroke-dasharray="3 2"/>'
        )
    return Markup(
        f'<svg class="bar" xmlns="http://www.w3.org/2000/svg" width="{BAR_WIDTH}" height="12" '
        f'viewBox="0 0 {BAR_WIDTH} 12" aria-hidden="true" focusable="false">'
        f"{''.join(parts)}</svg>"
    )


def summary_scale(head: ReportHead) -> int:
    """Return the biggest count of the summary: both tables' bars share one scale."""
    return max(
        [r.count for r in head.by_status] + [r.count + r.draft for r in head.by_verdict] + [1]
    )


def iter_html(
    session: orm.Session,
    options: ReportOptions,
    *,
    guard: ReviewGuard | None = None,
    head: ReportHead | None = None,
    standalone: bool = True,
    on_claim: Callable[[ClaimView], None] | None = None,
) -> Iterator[str]:
    """Yield the HTML report in chunks; `standalone=False` gives the inner fragment only."""
    head = head or build_head(session, options)
    appearances = same_claims(session)

    def article_of(article: ArticleView, claim: ClaimView) -> Markup:
        if on_claim is not None:
            on_claim(claim)
        same = appearances.get(claim.id, ())
        review = claim_review(article, claim, head, same)
        if review is not None and guard is not None:
            guard.check(review)
        return claim_html(
            claim,
            script_json(review) if review is not None else "",
            same,
        )

    template = environment().get_template("report.html.j2")
    yield from template.generate(
        standalone=standalone,
        css=report_css(),
        head=head,
        options=options,
        filter_text=describe_filter(head.filter_params, head.filter_names),
        bar=bar_svg,
        biggest=summary_scale(head),
        articles=iter_articles(session, options),
        claim_html=article_of,
    )

"""The HTML report: one standalone page (inline styles, no external requests).

Rendered with Jinja2 straight from models/reports/templates (no Flask), as a stream:
`Template.generate` pulls claims from the batched selection as it writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

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


def describe_filter(params: dict[str, Any]) -> str:
    """Return the report's selection in words ("status: approved, speaker: Pascal")."""
    names = {"article_id": "article", "speaker_id": "speaker", "text": "words"}
    return ", ".join(
        f"{names.get(k, k).replace('_', ' ')}: {v}" for k, v in params.items() if k != "article_id"
    )


def _bars(
    title: str, rows: list[Count], y: int, width: int, scale: float, drafts: bool
) -> tuple[list[str], int]:
    parts = [f'<text x="0" y="{y + 14}" font-weight="bold">{escape(title)}</text>']
    y += 22
    for row in rows:
        colour = BAR_COLOURS.get(row.key, "#6b7785")
        length = round(row.count * scale)
        parts.append(f'<text x="0" y="{y + 12}">{escape(row.label)}</text>')
        parts.append(
            f'<rect x="130" y="{y + 2}" width="{length}" height="12" fill="{colour}">'
            f"<title>{escape(row.label)}: {row.count}</title></rect>"
        )
        end = 130 + length
        if drafts and row.draft:
            draft_length = round(row.draft * scale)
            parts.append(
                f'<rect x="{end}" y="{y + 2}" width="{draft_length}" height="12" fill="none" '
                f'stroke="{colour}" stroke-dasharray="3 2"><title>{escape(row.label)} drafts: '
                f"{row.draft}</title></rect>"
            )
            end += draft_length
        label = f"{row.count}" + (f" + {row.draft} draft" if drafts and row.draft else "")
        parts.append(f'<text x="{end + 6}" y="{y + 12}">{label}</text>')
        y += 18
    return parts, y + 8


def chart_svg(head: ReportHead) -> str:
    """Return an inline SVG bar chart of the claims by status and by verdict."""
    width = 360
    drafts = head.options.include_drafts
    biggest = max(
        [r.count for r in head.by_status] + [r.count + r.draft for r in head.by_verdict] + [1]
    )
    scale = (width - 130 - 70) / biggest
    status_parts, y = _bars("Claims by status", head.by_status, 0, width, scale, False)
    verdict_parts, y = _bars("Verdicts", head.by_verdict, y, width, scale, drafts)
    body = "".join(status_parts + verdict_parts)
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}" '
        f'viewBox="0 0 {width} {y}" role="img" aria-label="Claims by status and by verdict" '
        f'font-family="Arial, sans-serif" font-size="11" fill="#1d232b">'
        f"<title>Claims by status and by verdict</title>{body}</svg>"
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

    def article_of(article: ArticleView, claim: ClaimView) -> Markup:
        if on_claim is not None:
            on_claim(claim)
        review = claim_review(article, claim, head)
        if review is not None and guard is not None:
            guard.check(review)
        return claim_html(claim, script_json(review) if review is not None else "")

    template = environment().get_template("report.html.j2")
    yield from template.generate(
        standalone=standalone,
        css=report_css(),
        head=head,
        options=options,
        filter_text=describe_filter(head.filter_params),
        chart=chart_svg(head),
        articles=iter_articles(session, options),
        claim_html=article_of,
    )

"""One claim of the HTML report, as markup built in Python rather than in the template.

The report template lays out the page; each claim's `<article>` is written here because
an export renders it once per claim, up to a million times, and Jinja's per-value
machinery (attribute lookups, calls, one Markup object per printed value) cost several
times what the rest of the export does. Every value goes through markupsafe's `escape`,
as it would with the template's autoescape, and the markup is byte for byte what the
template printed (the golden files check it).
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup
from markupsafe import escape as _markup_escape

from ..text.excerpt import quote_context
from .escaping import link_target
from .model import LOST_NOTE, NO_SPEAKER, ClaimView, SourceView
from .same_claims import SameClaim


def escape(value: object) -> str:
    """Escape a plain value for HTML text or a quoted attribute, as markupsafe.escape does.

    The same five replacements, as plain str methods: markupsafe's wraps each result in a
    Markup object, and a claim prints about twenty values.
    """
    return (
        str(value)
        .replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def when(moment: dt.datetime | dt.date | None) -> str:
    """Format a timestamp the way every report prints it (UTC, to the minute)."""
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return moment.isoformat()


def link(url: str | None, text: str) -> Markup:
    """Return `text` as a link to `url` if that is a web address, else as escaped text."""
    href = link_target(url)
    if href:
        return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')
    return _markup_escape(text)


def _time(moment: dt.datetime | None) -> str:
    if not moment:
        return ""
    return f', <time datetime="{escape(moment.isoformat())}">{escape(when(moment))}</time>'


def _source(source: SourceView) -> str:
    parts = [
        f'      <li><span class="stance stance--{escape(source.stance)}">'
        f"{escape(source.stance)}</span>\n        {link(source.url, source.title)}"
    ]
    if source.publisher:
        parts.append(f", {escape(source.publisher)}")
    if source.published:
        parts.append(f", {escape(source.published.isoformat())}")
    if link_target(source.archive_url):
        parts.append(f" ({link(source.archive_url, 'archived copy')})")
    if source.excerpt:
        parts.append(f"<br><q>{escape(source.excerpt)}</q>")
    parts.append("</li>\n")
    return "".join(parts)


def claim_html(claim: ClaimView, review_json: str, same: tuple[SameClaim, ...] = ()) -> Markup:
    """Return the claim's `<article>`, with its ClaimReview script when `review_json` is set
    and the other appearances of the same claim (`same`, confirmed by an editor).

    `review_json` is already safe inside a script element (escaping.script_json).
    """
    anchor = escape(claim.anchor)
    speaker = link(claim.speaker_same_as, claim.speaker) if claim.speaker else NO_SPEAKER
    if claim.lost:  # its stored context is the old text's: show the words alone
        quote = f"    <blockquote><mark>{escape(claim.quote)}</mark></blockquote>\n"
        lost = f'      <dt>Quote</dt><dd class="lost">{escape(LOST_NOTE.capitalize())}</dd>\n'
    else:
        context = quote_context(
            claim.quote_prefix, claim.quote, claim.quote_suffix, claim.quote_start
        )
        quote = (
            f'    <blockquote><span class="context">{"…" if context.more_before else ""}'
            f"{escape(context.before)}</span><mark>{escape(claim.quote)}</mark>"
            f'<span class="context">{escape(context.after)}{"…" if context.more_after else ""}'
            "</span></blockquote>\n"
        )
        lost = ""
    parts = [
        f'  <article class="claim" id="{anchor}">\n'
        f'    <h3><a href="#{anchor}" class="muted">#{claim.id}</a> {escape(claim.summary)}</h3>\n'
        f"{quote}"
        f'    <dl class="facts">\n{lost}      <dt>Speaker</dt><dd>{speaker}</dd>\n'
        f"      <dt>Claim</dt><dd>{escape(claim.text)}</dd>\n"
        f'      <dt>Status</dt><dd><span class="status">{escape(claim.status_label)}</span></dd>\n'
        "      <dt>Verdict</dt><dd>"
    ]
    verdict = claim.verdict
    if verdict:
        draft = " verdict--draft" if verdict.draft else ""
        parts.append(
            f'<span class="verdict verdict--{escape(verdict.slug)}{draft}">{escape(verdict.label)}'
            f"{' (draft)' if verdict.draft else ''}</span></dd>\n"
        )
        if verdict.explanation:
            parts.append(f"<dt>Explanation</dt><dd>{escape(verdict.explanation)}</dd>")
        if claim.proposed_by:
            parts.append(
                f"<dt>Reviewed by</dt><dd>{escape(claim.proposed_by)}"
                f"{_time(claim.proposed_at)}</dd>"
            )
        if claim.approved_by:
            parts.append(
                f"<dt>Approved by</dt><dd>{escape(claim.approved_by)}"
                f"{_time(claim.approved_at)}</dd>"
            )
    else:
        parts.append('<span class="muted">No verdict yet</span></dd>\n')
    if same:
        others = ", ".join(
            f"{link(s.article_url, s.article_title)} (claim {s.claim_id})" for s in same
        )
        parts.append(f"      <dt>Also said in</dt><dd>{others}</dd>\n")
    parts.append("    </dl>\n")
    if claim.sources:
        parts.append('    <ol class="sources">\n')
        parts.extend(_source(source) for source in claim.sources)
        parts.append("    </ol>\n")
    else:
        parts.append('<p class="muted">No sources linked yet.</p>')
    if review_json:
        parts.append(f'    <script type="application/ld+json">{review_json}</script>')
    parts.append("  </article>\n")
    return Markup("".join(parts))

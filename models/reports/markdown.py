"""The Markdown report, for pasting into a CMS; written claim by claim.

CMSs render Markdown with raw HTML allowed, so every piece of desk data must come out
as text: `md` escapes each character CommonMark (and GFM's tables, strikethrough) would
read as syntax, links go only to web addresses (percent-encoded so they cannot end the
link), and the only HTML in the report is our own `<a id="claim-ID">` anchors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace

from sqlalchemy import orm

from ..text.excerpt import quote_context
from .body import iter_articles
from .escaping import encode_url, link_target
from .html import describe_filter, when
from .model import LOST_NOTE, NO_SPEAKER, ClaimView, ReportHead, ReportOptions, build_head

# "&" too: "&lt;" would otherwise be read as an entity, and show as "<".
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~&])")
# At the start of a block (a blockquote's first line), these would open a list or a rule.
_BLOCK_MARKER = re.compile(r"^(?:[-+]|\d{1,9}[.)](?=\s|$))")


def md(text: str | None) -> str:
    """Escape Markdown's punctuation in plain text, folding line breaks into spaces."""
    if not text:
        return ""
    text = " ".join(text.split())
    # Most texts hold no special character: searching is much cheaper than substituting.
    return _SPECIAL.sub(_escape_match, text) if _SPECIAL.search(text) else text


def _escape_match(match: re.Match[str]) -> str:
    return "\\" + match[0]


def md_block(text: str | None) -> str:
    """Escape text that starts a block, where a leading "- ", "+ " or "1. " opens a list."""
    return _BLOCK_MARKER.sub(_escape_marker, md(text), count=1)


def _escape_marker(match: re.Match[str]) -> str:
    return match[0][:-1] + "\\" + match[0][-1]


def _link(label: str, url: str | None) -> str:
    """Return a link to a web address; any other address leaves the label as text."""
    target = link_target(url)
    if target is None:
        return md(label)
    # Inside <…> a destination may hold anything but <, > and line breaks (encoded);
    # a backslash keeps "&amp;" from being read as an entity.
    destination = encode_url(target).replace("&", "\\&")
    return f"[{md(label)}](<{destination}>)"


def _autolink(url: str) -> str:
    """Return a web address as a link to itself; any other address as plain text."""
    target = link_target(url)
    # An autolink takes no escapes and decodes no entities: encoding is enough.
    return f"<{encode_url(target)}>" if target else md(url)


def _head(head: ReportHead) -> Iterator[str]:
    options = head.options
    yield f"# {md(head.title)}\n\n"
    meta = [
        f"Published by {_link(options.organisation_name, options.organisation_url)}",
        f"generated {when(head.generated_at)}",
        f"{head.total_claims} claim{'' if head.total_claims == 1 else 's'}",
    ]
    selection = describe_filter(head.filter_params, head.filter_names)
    if selection:
        meta.append(f"selection: {md(selection)}")
    if options.include_drafts:
        meta.append("**includes draft verdicts not yet approved**")
    yield "_" + " · ".join(meta) + "_\n\n"
    yield "## Summary\n\n| Status | Claims |\n|---|---:|\n"
    for row in head.by_status:
        yield f"| {md(row.label)} | {row.count} |\n"
    if options.include_drafts:
        yield "\n| Verdict | Approved | Draft |\n|---|---:|---:|\n"
        for row in head.by_verdict:
            yield f"| {md(row.label)} | {row.count} | {row.draft} |\n"
    else:
        yield "\n| Verdict | Claims |\n|---|---:|\n"
        for row in head.by_verdict:
            yield f"| {md(row.label)} | {row.count} |\n"
    yield "\n"


def _punctuation(char: str) -> bool:
    """Tell whether CommonMark counts `char` as punctuation (Unicode P* or S*)."""
    return unicodedata.category(char)[0] in "PS"


def _edge_punctuation(text: str) -> int:
    """Return how many punctuation characters `text` starts with."""
    count = 0
    while count < len(text) and _punctuation(text[count]):
        count += 1
    return count


def _bold_edges(before: str, quote: str, after: str) -> tuple[str, str, str]:
    """Split the text so "**" markers around the middle part open and close as bold.

    The article's own spacing is kept outside the markers (CommonMark does not open bold
    before a space, nor close it after one). A marker between a letter and punctuation
    does not flank either (`that**“it`), so edge punctuation moves outside the bold;
    only a quote of punctuation alone is set apart by a space instead.
    """
    core = quote.strip()
    if not core:
        return before, quote, after
    if quote[0].isspace() and not before[-1:].isspace():
        before += " "
    if quote[-1].isspace() and not after[:1].isspace():
        after = " " + after
    # "…" is printed before and after the context: punctuation, so it flanks.
    left = before[-1:] or "…"
    if _punctuation(core[0]) and not (left.isspace() or _punctuation(left)):
        lead = _edge_punctuation(core)
        if lead < len(core):
            before, core = before + core[:lead], core[lead:]
        else:
            before += " "
    right = after[:1] or "…"
    if _punctuation(core[-1]) and not (right.isspace() or _punctuation(right)):
        trail = _edge_punctuation(core[::-1])
        if trail < len(core):
            core, after = core[:-trail], core[-trail:] + after
        else:
            after = " " + after
    return before, core, after


def _md_edge(text: str, *, lead: bool, trail: bool) -> str:
    """Escape `text` as `md` does, keeping one space where it starts or ends with some."""
    escaped = md(text)
    if escaped and lead and text[:1].isspace():
        escaped = " " + escaped
    if escaped and trail and text[-1:].isspace():
        escaped += " "
    if not escaped and text and text.isspace():
        return " "
    return escaped


def quoted(claim: ClaimView) -> str:
    """Return the quote in bold inside its context (whole words), as one Markdown line."""
    context = quote_context(claim.quote_prefix, claim.quote, claim.quote_suffix, claim.quote_start)
    before, core, after = _bold_edges(context.before, context.exact, context.after)
    opening = _md_edge(before, lead=False, trail=True)
    return (
        ("…" + opening if context.more_before else _BLOCK_MARKER.sub(_escape_marker, opening))
        + f"**{md(core)}**"
        + _md_edge(after, lead=True, trail=False)
        + ("…" if context.more_after else "")
    )


def _claim(claim: ClaimView) -> Iterator[str]:
    yield f'<a id="{claim.anchor}"></a>\n\n### #{claim.id} {md(claim.summary)}\n\n'
    if claim.lost:  # its stored context is the old text's: print the words alone
        yield f"> {quoted(replace(claim, quote_prefix='', quote_suffix='', quote_start=0))}\n\n"
    else:
        yield f"> {quoted(claim)}\n\n"
    speaker = _link(claim.speaker, claim.speaker_same_as) if claim.speaker else md(NO_SPEAKER)
    lines = [f"- **Quote:** {md(LOST_NOTE)}"] if claim.lost else []
    lines += [
        f"- **Speaker:** {speaker}",
        f"- **Claim:** {md(claim.text)}",
        f"- **Status:** {md(claim.status_label)}",
    ]
    verdict = claim.verdict
    if verdict:
        lines.append(
            f"- **Verdict:** **{md(verdict.label)}**" + (" (draft)" if verdict.draft else "")
        )
        if verdict.explanation:
            lines.append(f"- **Explanation:** {md(verdict.explanation)}")
        if claim.proposed_by:
            lines.append(f"- **Reviewed by:** {md(claim.proposed_by)}, {when(claim.proposed_at)}")
        if claim.approved_by:
            lines.append(f"- **Approved by:** {md(claim.approved_by)}, {when(claim.approved_at)}")
    else:
        lines.append("- **Verdict:** no verdict yet")
    yield "\n".join(lines) + "\n\n"
    if not claim.sources:
        yield "_No sources linked yet._\n\n"
        return
    yield "**Sources**\n\n"
    for number, source in enumerate(claim.sources, start=1):
        line = f"{number}. _{md(source.stance)}_ — {_link(source.title, source.url)}"
        if source.publisher:
            line += f", {md(source.publisher)}"
        if source.published:
            line += f", {source.published.isoformat()}"
        if link_target(source.archive_url):
            line += f" ({_link('archived copy', source.archive_url)})"
        yield line + "\n"
        if source.excerpt:
            yield f"   > {md_block(source.excerpt)}\n"
    yield "\n"


def _tail(head: ReportHead) -> Iterator[str]:
    yield "## Corrections\n\n"
    if not head.corrections:
        yield "No verdict in this report has been corrected.\n\n"
    for c in head.corrections:
        yield (
            f"- [#{c.claim_id} {md(c.claim_summary)}](#claim-{c.claim_id}): verdict "
            f"{md(c.previous_rating or 'none')} withdrawn on {when(c.created_at)}"
            + (f", now {md(c.new_rating)}" if c.new_rating else ", under review again")
            + f". Reason: {md(c.reason)}\n"
        )
    if head.corrections:
        yield "\n"
    yield (
        "## Methodology\n\nEach claim is quoted exactly as it appears in the article and "
        "researched against the sources listed with it, each marked as supporting, refuting "
        "or giving context. A reviewer proposes a verdict with an explanation; it is "
        "published only once a second member of the desk approves it. Reopening a published "
        "verdict is logged above as a correction. Verdicts use this scale:\n\n"
        "| Verdict | Value | Meaning |\n|---|---:|---|\n"
    )
    for r in head.ratings:
        value = "–" if r.value is None else str(r.value)
        yield f"| {md(r.label)} | {value} | {md(r.description)} |\n"
    yield f"\n_Report generated by Claimdesk on {when(head.generated_at)}._\n"


def iter_markdown(
    session: orm.Session,
    options: ReportOptions,
    *,
    head: ReportHead | None = None,
    on_claim: Callable[[ClaimView], None] | None = None,
) -> Iterator[str]:
    """Yield the Markdown report in chunks."""
    head = head or build_head(session, options)
    yield from _head(head)
    empty = True
    for article, claims in iter_articles(session, options):
        empty = False
        yield f"## {md(article.title)}\n\n"
        facts = [
            ("Author", md(article.author)),
            ("Publisher", md(article.publisher)),
            ("Published", article.published.isoformat() if article.published else ""),
            ("Language", md(article.language)),
            ("Text", md(article.revision_note)),
            ("Address", _autolink(article.url) if article.url else ""),
            ("Claims", str(article.claim_count)),
        ]
        yield "".join(f"- **{k}:** {v}\n" for k, v in facts if v) + "\n"
        for claim in claims:
            if on_claim is not None:
                on_claim(claim)
            yield from _claim(claim)
    if empty:
        yield "_No claims match this selection._\n\n"
    yield from _tail(head)

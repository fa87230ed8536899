"""The JSON export: the desk's stable contract, written as a stream.

{"articles": [{"id", "title", "url", "author", "published", "body",
  "claims": [{"id", "text", "summary", "speaker", "status", "rating",
              "quote": {"exact", "prefix", "suffix", "start", "end"},
              "sources": [{"url", "title", "stance", "excerpt"}]}]}]}

Later versions may add keys; they never remove or rename one. Added with the report
formats: top-level "report" (title, generated_at, organisation, filter, summary counts),
"ratings" (the scale) and "corrections" (the public log); per article "publisher" and
"claim_count"; per claim "url", "anchor", "speaker_same_as", "status_label", "verdict"
(the verdict shown: approved, or proposed with draft=true when drafts are included),
"proposed_by/at", "approved_by/at"; per source "publisher", "published", "kind",
"archive_url"; per article "language" (a BCP 47 tag, or null). With criteria beyond the
article, articles without a matching claim are left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import orm

from ..read.claim_filter import ClaimFilter
from ..tables.article import Article
from ..tables.claim import Claim
from .body import iter_articles
from .model import ArticleView, ClaimView, ReportHead, ReportOptions, build_head


def claim_record(claim: Claim) -> dict[str, Any]:
    """Return one claim as the contract's plain JSON values."""
    return {
        "id": claim.id,
        "text": claim.text,
        "summary": claim.summary,
        "speaker": claim.speaker.name if claim.speaker else None,
        "status": claim.status.value,
        "rating": claim.rating.slug if claim.rating else None,
        "quote": {
            "exact": claim.quote_exact,
            "prefix": claim.quote_prefix,
            "suffix": claim.quote_suffix,
            # a claim lost from a replaced text has no place in the current one
            "start": None if claim.anchor_lost else claim.quote_start,
            "end": None if claim.anchor_lost else claim.quote_end,
        },
        "sources": [
            {
                "url": link.source.url,
                "title": link.source.title,
                "stance": link.stance.value,
                "excerpt": link.excerpt,
            }
            for link in claim.sources
        ],
    }


def article_head(article: Article) -> dict[str, Any]:
    """Return the article's own fields (everything but its claims)."""
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "body": article.body,
        "language": article.language,
    }


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def claim_view_record(claim: ClaimView, options: ReportOptions) -> dict[str, Any]:
    """Return one claim as the contract's values plus the report's extra keys."""
    verdict = claim.verdict
    return {
        "id": claim.id,
        "text": claim.text,
        "summary": claim.summary,
        "speaker": claim.speaker,
        "status": claim.status,
        "rating": claim.rating_slug,
        "quote": {
            "exact": claim.quote,
            "prefix": claim.quote_prefix,
            "suffix": claim.quote_suffix,
            "start": None if claim.lost else claim.quote_start,
            "end": None if claim.lost else claim.quote_end,
        },
        "sources": [
            {
                "url": s.url,
                "title": s.title,
                "stance": s.stance,
                "excerpt": s.excerpt,
                # added with the report formats
                "publisher": s.publisher,
                "published": _when(s.published),
                "kind": s.kind,
                "archive_url": s.archive_url,
            }
            for s in claim.sources
        ],
        # added with the report formats
        "url": options.claim_url(claim.id),
        "anchor": claim.anchor,
        "speaker_same_as": claim.speaker_same_as,
        "status_label": claim.status_label,
        "verdict": None
        if verdict is None
        else {
            "rating": verdict.slug,
            "label": verdict.label,
            "value": verdict.value,
            "explanation": verdict.explanation,
            "draft": verdict.draft,
        },
        "proposed_by": claim.proposed_by if verdict else None,
        "proposed_at": _when(claim.proposed_at) if verdict else None,
        "approved_by": claim.approved_by if verdict else None,
        "approved_at": _when(claim.approved_at) if verdict else None,
    }


def article_view_head(article: ArticleView) -> dict[str, Any]:
    """Return the article's own fields as the contract's values plus the extra keys."""
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "author": article.author,
        "published": _when(article.published),
        "body": article.body,
        # added with the report formats
        "publisher": article.publisher,
        "claim_count": article.claim_count,
        "language": article.language,  # added with article languages (BCP 47, or null)
        # added with article revisions: which text the claims' offsets point into
        "revision": article.revision,
        "revised_at": _when(article.revised_at),
    }


def report_head(head: ReportHead) -> dict[str, Any]:
    """Return the report's head (summary, corrections, scale) as JSON values."""
    options = head.options
    return {
        "title": head.title,
        "generated_at": head.generated_at.isoformat(),
        "organisation": {"name": options.organisation_name, "url": options.organisation_url},
        "base_url": options.base_url,
        "filter": head.filter_params,
        "include_drafts": options.include_drafts,
        "total_claims": head.total_claims,
        "summary": {
            "by_status": {row.key: row.count for row in head.by_status},
            "by_verdict": {row.key: row.count for row in head.by_verdict},
            "draft_by_verdict": {row.key: row.draft for row in head.by_verdict}
            if options.include_drafts
            else None,
        },
    }


def iter_json(
    session: orm.Session,
    claim_filter: ClaimFilter | None = None,
    *,
    options: ReportOptions | None = None,
    head: ReportHead | None = None,
    on_claim: Callable[[ClaimView], None] | None = None,
) -> Iterator[str]:
    """Yield the export as text chunks; memory stays flat however many claims there are."""
    options = options or ReportOptions(claim_filter=claim_filter or ClaimFilter())
    head = head or build_head(session, options)
    dumps = json.dumps
    extra = {
        "report": report_head(head),
        "ratings": [
            {"slug": r.slug, "label": r.label, "value": r.value, "description": r.description}
            for r in head.ratings
        ],
        "corrections": [
            {
                "claim_id": c.claim_id,
                "claim_summary": c.claim_summary,
                "reason": c.reason,
                "previous_rating": c.previous_rating,
                "new_rating": c.new_rating,
                "created_at": _when(c.created_at),
                "resolved_at": _when(c.resolved_at),
            }
            for c in head.corrections
        ],
    }
    yield dumps(extra, ensure_ascii=False)[:-1] + ', "articles": ['
    for a_index, (article, claims) in enumerate(iter_articles(session, options, with_body=True)):
        text = dumps(article_view_head(article), ensure_ascii=False)
        yield ("," if a_index else "") + "\n" + text[:-1] + ', "claims": ['
        for c_index, claim in enumerate(claims):
            if on_claim is not None:
                on_claim(claim)
            record = claim_view_record(claim, options)
            yield ("," if c_index else "") + "\n" + dumps(record, ensure_ascii=False)
        yield "]}"
    yield "]}\n"

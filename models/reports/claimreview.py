"""schema.org ClaimReview objects for approved claims, and the JSON-LD array format.

https://schema.org/ClaimReview: `claimReviewed` is the claim's summary (≤ 75 characters),
`reviewRating` carries the verdict (numbers only for ratings on the scale), `url` points
at the claim's anchor in the published report.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import orm

from .body import iter_claims
from .claimreview_check import ReviewGuard
from .escaping import script_json
from .model import ArticleView, ClaimView, ReportHead, ReportOptions, build_head
from .same_claims import SameClaim, same_claims

CONTEXT = "https://schema.org"


def _organisation(options: ReportOptions) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "Organization", "name": options.organisation_name}
    if options.organisation_url:
        org["url"] = options.organisation_url
    return org


def _speaker(claim: ClaimView) -> dict[str, Any] | None:
    if not claim.speaker:
        return None
    person: dict[str, Any] = {"@type": claim.speaker_type, "name": claim.speaker}
    if claim.speaker_same_as:
        person["sameAs"] = claim.speaker_same_as
    return person


def _work(url: str, title: str | None, language: str | None) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "url": url}
    if title:
        work["headline"] = title
    if language:
        work["inLanguage"] = language
    return work


def claim_review(
    article: ArticleView,
    claim: ClaimView,
    head: ReportHead,
    same: tuple[SameClaim, ...] = (),
) -> dict[str, Any] | None:
    """Return the ClaimReview of an approved claim, or None for any other claim.

    `same`: the claim's other appearances (confirmed matches), listed in its `appearance`.
    """
    verdict = claim.verdict
    if verdict is None or verdict.draft:
        return None
    options = head.options
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.label}
    if verdict.value is not None and head.best is not None and head.worst is not None:
        rating.update(ratingValue=verdict.value, bestRating=head.best, worstRating=head.worst)
    if verdict.explanation:
        rating["ratingExplanation"] = verdict.explanation
    item: dict[str, Any] = {"@type": "Claim"}
    speaker = _speaker(claim)
    if speaker:
        item["author"] = speaker
    if article.published:
        item["datePublished"] = article.published.isoformat()
    works = []
    if article.url:
        works.append((article.published, _work(article.url, article.title, article.language)))
    # The same claim said elsewhere (an editor confirmed it): one Claim, every appearance.
    for other in same:
        if other.article_url:
            works.append(
                (other.published, _work(other.article_url, other.article_title, other.language))
            )
    if works:
        item["appearance"] = works[0][1] if len(works) == 1 else [work for _, work in works]
        dated = [(published, work) for published, work in works if published is not None]
        item["firstAppearance"] = min(dated, key=lambda pair: pair[0])[1] if dated else works[0][1]
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": options.claim_url(claim.id),
        "claimReviewed": claim.summary,
        "author": _organisation(options),
        "reviewRating": rating,
        "itemReviewed": item,
    }
    if article.language:
        # The review is written about an article in this language, and so is the claim.
        review["inLanguage"] = article.language
        item["inLanguage"] = article.language
    if claim.approved_at:
        review["datePublished"] = claim.approved_at.date().isoformat()
    return review


def iter_claimreview(
    session: orm.Session,
    options: ReportOptions,
    *,
    guard: ReviewGuard | None = None,
    head: ReportHead | None = None,
    on_claim: Any = None,
) -> Iterator[str]:
    """Yield the JSON-LD array of every approved claim's ClaimReview, in chunks."""
    head = head or build_head(session, options)
    appearances = same_claims(session)
    yield "["
    first = True
    for article, claim in iter_claims(session, options, on_claim):
        review = claim_review(article, claim, head, appearances.get(claim.id, ()))
        if review is None:
            continue
        if guard is not None:
            guard.check(review)
        # Written to be pasted into <script type="application/ld+json">: no text in it
        # may close that element.
        yield ("\n" if first else ",\n") + script_json(review, indent=2)
        first = False
    yield "\n]\n"

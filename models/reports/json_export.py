"""The JSON export: the desk's stable contract, written as a stream.

{"articles": [{"id", "title", "url", "author", "published", "body",
  "claims": [{"id", "text", "summary", "speaker", "status", "rating",
              "quote": {"exact", "prefix", "suffix", "start", "end"},
              "sources": [{"url", "title", "stance", "excerpt"}]}]}]}

Later versions may add keys; they never remove or rename one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import orm

from ..article import Article
from ..claim import Claim
from .selection import ClaimFilter, articles_in, claims_of


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
            "start": claim.quote_start,
            "end": claim.quote_end,
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
    }


def iter_json(session: orm.Session, claim_filter: ClaimFilter | None = None) -> Iterator[str]:
    """Yield the export as text chunks; memory stays flat however many claims there are."""
    claim_filter = claim_filter or ClaimFilter()
    dumps = json.dumps
    yield '{"articles": ['
    for a_index, article in enumerate(articles_in(session, claim_filter)):
        head = dumps(article_head(article), ensure_ascii=False)
        yield ("," if a_index else "") + head[:-1] + ', "claims": ['
        for c_index, claim in enumerate(claims_of(session, article, claim_filter)):
            yield ("," if c_index else "") + "\n" + dumps(claim_record(claim), ensure_ascii=False)
        yield "]}"
    yield "]}\n"


def write_json(session: orm.Session, out: IO[str], claim_filter: ClaimFilter | None = None) -> None:
    """Write the JSON export to a text stream."""
    for chunk in iter_json(session, claim_filter):
        out.write(chunk)

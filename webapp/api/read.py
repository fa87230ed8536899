"""Reading the desk: articles, claims, sources and speakers, a keyset page at a time."""

from __future__ import annotations

from flask import jsonify, request
from werkzeug.wrappers import Response

from models import Article, Claim, Source, Speaker
from models.permissions import Action
from models.read import articles, claims, people, progress, similar, sources
from models.read.claim_filter import ClaimFilter
from models.read.claim_query import parse_claim_query

from ..db import get_session
from ..lookup import get_or_404
from .core import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    api_requires,
    api_user,
    bp,
    int_arg,
    page_args,
    page_response,
)
from .records import (
    article_resource,
    claim_resource,
    source_detail,
    source_resource,
    speaker_resource,
)

API_SORT = "id"  # claims in the order they were logged: a client walking the list misses none


@bp.get("/articles")
@api_requires(Action.VIEW)
def list_articles() -> Response:
    """List the articles (without their bodies), oldest first."""
    after_id, limit = page_args()
    rows = articles.articles_after(get_session(), after_id=after_id, limit=limit + 1)
    return page_response(rows, limit, article_resource)


@bp.get("/articles/<int:article_id>")
@api_requires(Action.VIEW)
def get_article(article_id: int) -> Response:
    """Show one article with its body and its claims' ids in reading order."""
    session = get_session()
    article = get_or_404(Article, article_id, "article")
    counts = progress.status_counts(session, ClaimFilter(article_id=article.id))
    return jsonify(
        article_resource(
            article,
            claim_ids=claims.claim_ids_of_article(session, article.id),
            status_counts={status.value: count for status, count in counts.items()},
        )
    )


@bp.get("/claims")
@api_requires(Action.VIEW)
def list_claims() -> Response:
    """List claims under the claim list's filters, in id order (or `sort`), by cursor."""
    session = get_session()
    query = parse_claim_query(
        session, request.args, strict=True, me=api_user(), default_sort=API_SORT
    )
    limit = int_arg("limit", minimum=1, maximum=MAX_LIMIT) or DEFAULT_LIMIT
    page = claims.claim_page(
        session,
        query.claim_filter,
        sort=query.sort,
        after=query.after,
        before=query.before,
        limit=limit,
    )
    claims.load_sources(session, page.items)
    cursor = page.next_cursor
    return jsonify(
        {
            "items": [claim_resource(claim) for claim in page.items],
            "next_cursor": cursor.encode() if cursor is not None else None,
        }
    )


@bp.get("/claims/similar")
@api_requires(Action.VIEW)
def similar_claims() -> Response:
    """List the claims most like `text`, best first, each with its score and whether it
    passes the threshold the claim page uses."""
    session = get_session()
    text = similar.check_text(request.args.get("text"))
    limit = int_arg("limit", minimum=1, maximum=similar.SHOWN_MAX) or similar.SHOWN
    found = similar.find_similar(session, text, limit=limit)
    claims.load_sources(session, [item.claim for item in found])
    return jsonify(
        {
            "items": [
                {"claim": claim_resource(item.claim), "score": item.score, "match": item.match}
                for item in found
            ]
        }
    )


@bp.get("/claims/<int:claim_id>")
@api_requires(Action.VIEW)
def get_claim(claim_id: int) -> Response:
    """Show one claim in full: quote, verdict, sources, comments and version."""
    claim = get_or_404(Claim, claim_id, "claim", options=claims.full_record())
    return jsonify(claim_resource(claim, full=True))


@bp.get("/sources")
@api_requires(Action.VIEW)
def list_sources() -> Response:
    """List the sources, oldest first."""
    after_id, limit = page_args()
    rows = sources.sources_after(get_session(), after_id=after_id, limit=limit + 1)
    return page_response(rows, limit, source_resource)


@bp.get("/sources/<int:source_id>")
@api_requires(Action.VIEW)
def get_source(source_id: int) -> Response:
    """Show one source with the claims it supports, refutes or gives context to."""
    source = get_or_404(Source, source_id, "source")
    return jsonify(source_detail(source, sources.links_of_source(get_session(), source.id)))


@bp.get("/speakers")
@api_requires(Action.VIEW)
def list_speakers() -> Response:
    """List the speakers with their aliases, oldest first."""
    after_id, limit = page_args()
    rows = people.speakers_after(get_session(), after_id=after_id, limit=limit + 1)
    return page_response(rows, limit, speaker_resource)


@bp.get("/speakers/<int:speaker_id>")
@api_requires(Action.VIEW)
def get_speaker(speaker_id: int) -> Response:
    """Show one speaker with their claims and their record of approved verdicts."""
    session = get_session()
    speaker = get_or_404(Speaker, speaker_id, "speaker")
    return jsonify(
        speaker_resource(
            speaker,
            claim_ids=claims.claim_ids_of_speaker(session, speaker.id),
            verdicts=people.verdict_record(session, speaker_id=speaker.id),
        )
    )

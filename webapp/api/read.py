"""Reading the desk: articles, claims, sources and speakers, a keyset page at a time."""

from __future__ import annotations

from flask import jsonify, request
from werkzeug.wrappers import Response

from models import Article, Claim, ClaimStatus, Source, Speaker, Stance
from models.errors import ValidationError
from models.permissions import Action
from models.read import articles, claims, people, progress, sources
from models.read.claim_filter import NO_RATING, ClaimFilter
from models.read.ratings import get_rating
from models.services.accounts import get_user
from models.text.inputs import is_digits

from ..db import get_session
from ..lookup import get_or_404
from .core import api_requires, bp, int_arg, page_args, page_response
from .records import (
    article_resource,
    claim_resource,
    source_detail,
    source_resource,
    speaker_resource,
)


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


def _choice(name: str, enum_cls: type) -> object | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return enum_cls(value)
    except ValueError:
        known = ", ".join(member.value for member in enum_cls)
        raise ValidationError(f"{name} must be one of {known}", field=name) from None


def claim_filter_from_args() -> ClaimFilter:
    """Read the claim list's filters from the query string, refusing unknown values."""
    session = get_session()
    speaker = request.args.get("speaker", "").strip()
    rating = request.args.get("rating", "").strip() or None
    if rating and rating != NO_RATING:
        rating = get_rating(session, rating).slug
    assignee = request.args.get("assignee", "").strip()
    assignee_id = None
    if is_digits(assignee):
        assignee_id = int_arg("assignee")
    elif assignee and assignee != "none":
        user = get_user(session, assignee)
        if user is None:
            raise ValidationError(f"no member called {assignee!r}", field="assignee")
        assignee_id = user.id
    return ClaimFilter(
        article_id=int_arg("article"),
        speaker_id=int_arg("speaker") if is_digits(speaker) else None,
        speaker=speaker if speaker and not is_digits(speaker) else None,
        status=_choice("status", ClaimStatus),  # type: ignore[arg-type]
        rating=rating,
        assignee_id=assignee_id,
        unassigned=assignee == "none",
        stance=_choice("stance", Stance),  # type: ignore[arg-type]
        text=request.args.get("q", "").strip() or None,
    )


@bp.get("/claims")
@api_requires(Action.VIEW)
def list_claims() -> Response:
    """List claims under the claim list's filters, in id order, with a cursor."""
    claim_filter = claim_filter_from_args()
    after_id, limit = page_args()
    rows = claims.claim_page(get_session(), claim_filter, after_id=after_id, limit=limit + 1)
    return page_response(rows, limit, claim_resource)


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

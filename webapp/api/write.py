"""Changing claims (and an article's metadata) through the API: the very services the
review desk's forms call.

Each view parses the JSON body, calls models.services.workflow, .sourcing or .intake
(which check permissions, rules and the version), commits once and answers the record.
"""

from __future__ import annotations

from flask import jsonify, url_for
from werkzeug.wrappers import Response

from models import Article, Claim
from models.errors import NotFound, ValidationError
from models.permissions import Action
from models.read.claims import load_claim
from models.read.ratings import get_rating
from models.services import intake, sourcing, workflow

from ..db import get_session
from ..lookup import get_or_404
from .core import api_requires, api_user, bp, date_field, json_object, text_field, version_field
from .records import article_resource, claim_resource

ARTICLE_TEXT_FIELDS = ("title", "url", "author", "publisher", "language")


def _answer(claim_id: int, status: int = 200) -> Response:
    """Answer the claim as it now stands, read afresh after the commit."""
    session = get_session()
    session.expire_all()
    claim = load_claim(session, claim_id)
    if claim is None:  # pragma: no cover - the claim was just saved
        raise NotFound(f"no claim {claim_id}")
    response = jsonify(claim_resource(claim, full=True))
    response.status_code = status
    if status == 201:
        response.headers["Location"] = url_for("api.get_claim", claim_id=claim_id)
    return response


@bp.post("/claims/<int:claim_id>/verdict")
@api_requires(Action.PROPOSE_VERDICT)
def propose_verdict(claim_id: int) -> Response:
    """Propose a verdict: {rating, explanation, version}."""
    session = get_session()
    claim = get_or_404(Claim, claim_id, "claim")
    data = json_object()
    slug = text_field(data, "rating", required=True)
    explanation = text_field(data, "explanation")
    version = version_field(data)
    rating = get_rating(session, (slug or "").strip())
    workflow.propose_verdict(
        session, claim, rating, explanation or "", actor=api_user(), expected_version=version
    )
    session.commit()
    return _answer(claim_id)


@bp.patch("/articles/<int:article_id>")
@api_requires(Action.EDIT_ARTICLE)
def update_article(article_id: int) -> Response:
    """Change an article's metadata: {version, and any of title, url, author, ...}."""
    session = get_session()
    article = get_or_404(Article, article_id, "article")
    data = json_object()
    version = version_field(data)
    change = intake.ArticleInput(
        title=article.title,
        body="",
        url=article.url,
        author=article.author,
        publisher=article.publisher,
        published=article.published,
        language=article.language,
    )
    for name in ARTICLE_TEXT_FIELDS:
        if name in data:
            setattr(change, name, text_field(data, name))
    if "published" in data:
        change.published = date_field(data, "published")
    intake.update_article(session, article, change, actor=api_user(), expected_version=version)
    session.commit()
    session.refresh(article)
    return jsonify(article_resource(article))


@bp.post("/claims/<int:claim_id>/approve")
@api_requires(Action.APPROVE_VERDICT)
def approve_verdict(claim_id: int) -> Response:
    """Approve the proposed verdict: {version}."""
    session = get_session()
    claim = get_or_404(Claim, claim_id, "claim")
    version = version_field(json_object())
    workflow.approve_verdict(session, claim, actor=api_user(), expected_version=version)
    session.commit()
    return _answer(claim_id)


@bp.post("/claims/<int:claim_id>/sources")
@api_requires(Action.LINK_SOURCE)
def link_source(claim_id: int) -> Response:
    """Link a source, recorded first if new: {url, title?, ..., stance, excerpt, version}.

    An address the desk already knows reuses that source as it is; title, publisher,
    date and kind only describe a new one.
    """
    session = get_session()
    claim = get_or_404(Claim, claim_id, "claim")
    data = json_object()
    details = sourcing.SourceInput(
        url=text_field(data, "url", required=True) or "",
        title=text_field(data, "title") or "",
        publisher=text_field(data, "publisher"),
        published=date_field(data, "published"),
        kind=text_field(data, "kind") or "other",
        archive_url=text_field(data, "archive_url"),
    )
    stance = text_field(data, "stance", required=True) or ""
    excerpt = text_field(data, "excerpt")
    version = version_field(data)
    actor = api_user()
    source = sourcing.get_or_create_source(session, details, actor=actor)
    sourcing.link_source(
        session, claim, source, stance.strip(), excerpt, actor=actor, expected_version=version
    )
    session.commit()
    return _answer(claim_id, 201)


@bp.post("/claims/<int:claim_id>/comments")
@api_requires(Action.COMMENT)
def add_comment(claim_id: int) -> Response:
    """Leave a comment on the claim: {body}."""
    session = get_session()
    claim = get_or_404(Claim, claim_id, "claim")
    body = text_field(json_object(), "body", required=True)
    try:
        workflow.add_comment(session, claim, body or "", actor=api_user())
    except ValidationError as exc:
        # the service names its field "comment"; the API's field is "body"
        exc.field = "body" if exc.field == "comment" else exc.field
        raise
    session.commit()
    return _answer(claim_id, 201)

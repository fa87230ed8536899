"""Adding an article through the API: its text, or its address to fetch, plus metadata.

The same service as `claimdesk import` and the Add article page
(models.services.importing.import_article); an article the desk holds already answers
409 with that article's id and links.
"""

from __future__ import annotations

from flask import jsonify, url_for
from werkzeug.wrappers import Response

from models.errors import ValidationError
from models.intake import DocumentRefused, Kind, fetch_document, read_document
from models.permissions import Action
from models.services.importing import Metadata, import_article
from models.services.intake import DuplicateArticle

from ..db import get_session
from ..intake import fetch_policy
from .core import api_requires, api_user, bp, date_field, error_response, json_object, text_field
from .records import article_resource

# What `format` says the body is, as the reader takes it.
FORMATS = {
    Kind.TEXT.value: "text/plain",
    Kind.MARKDOWN.value: "text/markdown",
    Kind.HTML.value: "text/html",
}


@bp.post("/articles")
@api_requires(Action.EDIT_ARTICLE)
def import_article_view() -> Response:
    """Add an article: {body (with format) or url, and title, author, ... as known}."""
    session = get_session()
    data = json_object()
    body = text_field(data, "body")
    url = text_field(data, "url")
    fmt = (text_field(data, "format") or Kind.TEXT.value).strip().lower()
    if fmt not in FORMATS:
        raise ValidationError(f"format is one of {', '.join(FORMATS)}", field="format")
    said = {
        "title": text_field(data, "title"),
        "author": text_field(data, "author"),
        "publisher": text_field(data, "publisher"),
        "published": date_field(data, "published"),
        "language": text_field(data, "language"),
    }
    policy = fetch_policy()
    if body is not None and body.strip():
        try:
            draft = read_document(
                body.encode("utf-8"),
                max_bytes=policy.max_bytes,
                content_type=FORMATS[fmt],
                label="the body",
            )
        except DocumentRefused as exc:
            exc.field = "body"
            raise
        metadata = Metadata(**said, url=url)  # the text is here: url only says where it lives
    elif url is not None and url.strip():
        draft = fetch_document(url, policy)
        metadata = Metadata(**said)
    else:
        raise ValidationError(
            "send the article's text as body, or its address as url", field="body"
        )
    article = import_article(session, draft, actor=api_user(), metadata=metadata)
    session.commit()
    response = jsonify(article_resource(article, claim_ids=[], status_counts={}))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_article", article_id=article.id)
    return response


@bp.errorhandler(DuplicateArticle)
def _duplicate(exc: DuplicateArticle) -> Response:
    get_session().rollback()
    return error_response(
        409,
        exc.message,
        field=exc.field,
        article={
            "id": exc.article_id,
            "title": exc.title,
            "href": url_for("api.get_article", article_id=exc.article_id),
            "page": url_for("articles.detail", article_id=exc.article_id),
        },
    )

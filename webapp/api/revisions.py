"""Replacing an article's text through the API: PUT /articles/{id}/text.

The same service as the article page's form (models.services.revisions): the old text
is kept as a revision and every claim is found again; the answer says how, claim by
claim, and which approved verdicts now wait for an editor's recheck.
"""

from __future__ import annotations

from flask import jsonify
from werkzeug.wrappers import Response

from models import Article
from models.permissions import Action
from models.services.revisions import replace_article_text

from ..db import get_session
from ..lookup import get_or_404
from .core import api_requires, api_user, bp, json_object, text_field, version_field


@bp.put("/articles/<int:article_id>/text")
@api_requires(Action.EDIT_ARTICLE)
def replace_text(article_id: int) -> Response:
    """Replace the article's text: {body, reason, version}."""
    session = get_session()
    article = get_or_404(Article, article_id, "article")
    data = json_object()
    body = text_field(data, "body", required=True) or ""
    reason = text_field(data, "reason", required=True) or ""
    version = version_field(data)
    result = replace_article_text(
        session, article, body, actor=api_user(), reason=reason, expected_version=version
    )
    session.commit()
    flagged = {claim.id for claim in result.flagged}
    claims = [
        {
            "claim_id": claim_id,
            "method": found.method.value,
            "score": found.score,
            "start": found.anchor.start if found.anchor else None,
            "end": found.anchor.end if found.anchor else None,
            "quote": found.anchor.exact if found.anchor else None,
            "recheck": claim_id in flagged,
        }
        for claim_id, found in sorted(result.found.items())
    ]
    return jsonify(
        {
            "article_id": article.id,
            "revision": article.revision,
            "version": article.version,
            "claims": claims,
            "suggestions_added": result.suggestions_added,
        }
    )

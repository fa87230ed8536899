"""Suggested claims on the article page: detect, accept, dismiss, accept all above a score.

Every action answers with the article page again (a redirect back to it on success, the
page itself with the refusal next to the suggestion otherwise): an editor works through
twenty suggestions without leaving the article.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from models import Article
from models.errors import DomainError
from models.permissions import Action
from models.services.speakers import UnknownSpeaker
from models.services.suggestions import (
    Acceptance,
    accept_above,
    accept_suggestion,
    dismiss_suggestion,
    propose_claims,
)
from models.tables.suggestion import ClaimSuggestion

from ..db import get_session
from ..errors import form_error
from ..lookup import get_or_404
from ..security import actor, requires
from .forms import AcceptAboveForm, SuggestionForm
from .suggested import SuggestionRefusal, form_prefix
from .views import article_page_view

bp = Blueprint("suggestions", __name__, url_prefix="/articles/<int:article_id>/suggestions")


def _back(article: Article, fragment: str = "suggestions", **args: object) -> ResponseReturnValue:
    return redirect(url_for("articles.detail", article_id=article.id, _anchor=fragment, **args))


def _suggestion(article: Article, suggestion_id: int) -> ClaimSuggestion:
    suggestion = get_session().get(ClaimSuggestion, suggestion_id)
    if suggestion is None or suggestion.article_id != article.id:
        abort(404, f"article {article.id} has no suggestion {suggestion_id}")
    return suggestion


def _posted(form: SuggestionForm | AcceptAboveForm) -> bool:
    """Check the form (CSRF included); an expired form is said once, above the article."""
    if form.validate_on_submit():
        return True
    if "csrf_token" in form.errors:
        flash("The form expired; please send it again.", "error")
    return False


@bp.post("/detect")
@requires(Action.EDIT_CLAIM)
def detect(article_id: int) -> ResponseReturnValue:
    """Run claim detection over the article again; decided suggestions stay decided."""
    article = get_or_404(Article, article_id, "article")
    if not FlaskForm().validate_on_submit():  # the CSRF token is all it carries
        flash("The form expired; please send it again.", "error")
        return _back(article)
    added = propose_claims(get_session(), article, actor=actor())
    get_session().commit()
    if added:
        flash(f"{len(added)} new suggested claim{'s' if len(added) != 1 else ''}.", "success")
    else:
        flash("No new suggestions: every candidate is logged, suggested or dismissed.", "info")
    return _back(article)


@bp.post("/<int:suggestion_id>/accept")
@requires(Action.EDIT_CLAIM)
def accept(article_id: int, suggestion_id: int) -> ResponseReturnValue:
    """Make the suggestion a claim, with the summary and speaker as confirmed."""
    session = get_session()
    article = get_or_404(Article, article_id, "article")
    suggestion = _suggestion(article, suggestion_id)
    form = SuggestionForm(prefix=form_prefix(suggestion.id))
    status = 422
    unknown: UnknownSpeaker | None = None
    if _posted(form):
        acceptance = Acceptance(
            summary=form.summary.data,
            speaker=(form.speaker.data or "").strip(),
            new_speaker=bool(form.new_speaker.data),
        )
        try:
            claim = accept_suggestion(session, suggestion, acceptance, actor=actor())
        except DomainError as exc:
            session.rollback()
            status = form_error(form, exc, "summary")
            status = 422 if isinstance(exc, UnknownSpeaker) else status
            unknown = exc if isinstance(exc, UnknownSpeaker) else None
        else:
            session.commit()
            flash(f"Claim {claim.id} logged: {claim.summary}", "success")
            return _back(article, f"claim-{claim.id}", logged=claim.id)
    refusal = SuggestionRefusal(suggestion.id, form, unknown)
    return article_page_view(article, refused=refusal), status


@bp.post("/<int:suggestion_id>/dismiss")
@requires(Action.EDIT_CLAIM)
def dismiss(article_id: int, suggestion_id: int) -> ResponseReturnValue:
    """Set the suggestion aside; detection will not bring its words back."""
    session = get_session()
    article = get_or_404(Article, article_id, "article")
    suggestion = _suggestion(article, suggestion_id)
    form = SuggestionForm(prefix=form_prefix(suggestion.id))
    if not _posted(form):
        return _back(article)
    try:
        dismiss_suggestion(session, suggestion, actor=actor())
    except DomainError as exc:
        session.rollback()
        flash(exc.message, "error")
        return _back(article)
    session.commit()
    flash("Suggestion dismissed.", "success")
    return _back(article)


@bp.post("/accept-above")
@requires(Action.EDIT_CLAIM)
def accept_all(article_id: int) -> ResponseReturnValue:
    """Accept every open suggestion scoring at least the given score."""
    session = get_session()
    article = get_or_404(Article, article_id, "article")
    form = AcceptAboveForm()
    if not _posted(form):
        return article_page_view(article, accept_above=form), 422
    result = accept_above(session, article, float(form.score.data), actor=actor())
    session.commit()
    accepted = len(result.accepted)
    flash(f"{accepted} suggested claim{'s' if accepted != 1 else ''} accepted.", "success")
    for suggestion, reason in result.left:
        flash(f"Left for you: “{suggestion.exact[:60]}…” — {reason}.", "info")
    return _back(article)

"""The articles pages: list, add, edit, read with highlights, log a claim from the text."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from models import Article
from models.errors import DomainError, NotFound, ValidationError
from models.intake import Document
from models.permissions import Action
from models.read.articles import NEWEST, article_page
from models.read.claims import article_claims
from models.read.progress import article_progress, progress_of
from models.read.ratings import list_ratings
from models.read.revisions import lost_claims
from models.read.suggestions import open_suggestions
from models.services.importing import import_article
from models.services.intake import (
    ArticleInput,
    ClaimInput,
    DuplicateArticle,
    check_article,
    create_claim,
    update_article,
)
from models.services.speakers import UnknownSpeaker
from models.services.suggestions import mark_logged, suggested_summary
from models.tables.claim import Claim
from models.tables.suggestion import ClaimSuggestion
from models.text.anchoring import AmbiguousQuote, Anchor, QuoteNotFound, anchor_at
from models.text.highlight import layout_body, verdict_class

from ..db import get_session
from ..desk.views import REPORT_FORMATS
from ..errors import form_error
from ..inputs import query_number
from ..lookup import get_or_404
from ..paging import page_cursors, pager_links
from ..security import actor, can, requires
from ..versions import refuse_edit
from .forms import AcceptAboveForm, ArticleEditForm, ArticleForm, ArticleMetaForm, ClaimForm
from .importing import duplicate_redirect
from .suggested import (
    DEFAULT_ACCEPT_SCORE,
    SuggestionRefusal,
    suggestion_views,
)

bp = Blueprint("articles", __name__, url_prefix="/articles")

PER_PAGE = 25


def _article_input(form: ArticleMetaForm, body: str = "") -> ArticleInput:
    return ArticleInput(
        title=form.title.data or "",
        body=body,
        url=form.url.data,
        author=form.author.data,
        publisher=form.publisher.data,
        published=form.published.data,
        language=form.language.data,
    )


def _pasted(data: ArticleInput) -> Document:
    """Return the form's article as an import draft: the text exactly as it was sent."""
    return Document(
        body=data.body,
        title=data.title,
        author=data.author,
        publisher=data.publisher,
        published=data.published,
        language=data.language,
        canonical_url=data.url,
    )


def _show_problems(form: ArticleMetaForm, problems: list[ValidationError]) -> None:
    """Put each problem next to its field (or above the form), all at once."""
    for problem in problems:
        form_error(form, problem, "title")


def text_context(
    claims: list[Claim], body: str, suggestions: Sequence[ClaimSuggestion] = ()
) -> dict:
    """Return what the article text partial needs: layout, colours and claim numbers."""
    return {
        "layout": layout_body(body, claims, suggestions),
        "classes": {
            c.id: verdict_class(c.status, c.rating.slug if c.rating else None) for c in claims
        },
        "numbers": {c.id: number for number, c in enumerate(claims, start=1)},
    }


def _claim_form_page(
    article: Article,
    form: ClaimForm,
    *,
    occurrences: list[Anchor] | None = None,
    closest: Anchor | None = None,
    unknown_speaker: UnknownSpeaker | None = None,
) -> str:
    """Render the typed-quote claim form with the article's text beside it."""
    claims = article_claims(get_session(), article.id)
    return render_template(
        "articles/claim_form.html",
        article=article,
        form=form,
        claims=claims,
        occurrences=occurrences,
        closest=closest,
        unknown_speaker=unknown_speaker,
        **text_context(claims, article.body),
    )


@bp.get("/")
def index() -> str:
    """List the articles, newest first, a page at a time, with their claims' progress."""
    session = get_session()
    after, before = page_cursors(NEWEST)
    page = article_page(session, after=after, before=before, limit=PER_PAGE)
    return render_template(
        "articles/index.html",
        articles=article_progress(session, page.items),
        links=pager_links(page),
    )


@bp.get("/new")
@requires(Action.EDIT_ARTICLE)
def new() -> str:
    """Show the form for bringing in an article."""
    return render_template("articles/form.html", form=ArticleForm(), article=None)


@bp.post("/new")
@requires(Action.EDIT_ARTICLE)
def create() -> ResponseReturnValue:
    """Add the article, or show the form again with what is wrong."""
    session = get_session()
    form = ArticleForm()
    valid = form.validate_on_submit()
    data = _article_input(form, form.body.data or "")
    # Every field is checked, even when another is wrong: all the mistakes show at once.
    problems = check_article(data, with_body=True)
    if problems:
        _show_problems(form, problems)
    if valid and not problems:
        try:
            article = import_article(session, _pasted(data), actor=actor())
        except DuplicateArticle as exc:
            session.rollback()
            return duplicate_redirect(exc)
        except DomainError as exc:
            status = form_error(form, exc, "title")
            return render_template("articles/form.html", form=form, article=None), status
        session.commit()
        flash("Article added: log its claims from its text.", "success")
        return redirect(url_for("articles.detail", article_id=article.id))
    return render_template("articles/form.html", form=form, article=None), 422


@bp.get("/<int:article_id>")
def detail(article_id: int) -> str:
    """Show the article with every claim highlighted, and the list of its claims.

    ?logged=<claim id> marks the claim just logged, so the editor sees it and goes on.
    """
    article = get_or_404(Article, article_id, "article")
    return article_page_view(article, logged=query_number("logged"))


def article_page_view(
    article: Article,
    *,
    logged: int | None = None,
    refused: SuggestionRefusal | None = None,
    accept_above: AcceptAboveForm | None = None,
    selection: ClaimForm | None = None,
    unknown_speaker: UnknownSpeaker | None = None,
) -> str:
    """Render the article page: its text with claims and suggested claims, and the lists.

    `refused`: a suggestion whose acceptance was refused, shown with its form as sent;
    `selection`: a claim logged from a selection and refused, its form open as sent.
    """
    session = get_session()
    claims = article_claims(session, article.id)
    editor = can(Action.EDIT_CLAIM)
    form = selection or (ClaimForm(formdata=None) if editor else None)
    suggestions = open_suggestions(session, article.id, claims) if editor else []
    context = text_context(claims, article.body, suggestions)
    return render_template(
        "articles/detail.html",
        article=article,
        claims=claims,
        lost=lost_claims(claims),  # not in the current text: the layout leaves them out
        recheck=[c for c in claims if c.recheck_needed],
        logged=logged if logged in context["numbers"] else None,
        progress=progress_of(session, [article.id])[article.id],
        ratings=list_ratings(session),
        form=form,
        formats=REPORT_FORMATS,
        suggestions=suggestion_views(session, suggestions, refused),
        accept_above=accept_above or AcceptAboveForm(formdata=None, score=DEFAULT_ACCEPT_SCORE),
        selection_refused=selection is not None,
        unknown_speaker=unknown_speaker,
        **context,
    )


@bp.get("/<int:article_id>/edit")
@requires(Action.EDIT_ARTICLE)
def edit(article_id: int) -> str:
    """Show the form for the article's metadata."""
    article = get_or_404(Article, article_id, "article")
    return render_template("articles/form.html", form=ArticleEditForm(obj=article), article=article)


@bp.post("/<int:article_id>/edit")
@requires(Action.EDIT_ARTICLE)
def update(article_id: int) -> ResponseReturnValue:
    """Save the article's metadata, or show the form again with what is wrong."""
    session = get_session()
    article = get_or_404(Article, article_id, "article")
    form = ArticleEditForm()
    valid = form.validate_on_submit()
    problems = check_article(_article_input(form), with_body=False)
    if problems:
        _show_problems(form, problems)
    if valid and not problems:
        try:
            update_article(
                session,
                article,
                _article_input(form),
                actor=actor(),
                expected_version=form.version.data,
            )
        except DomainError as exc:
            status, meanwhile = refuse_edit(form, article, exc, "title")
            return render_template(
                "articles/form.html", form=form, article=article, meanwhile=meanwhile
            ), status
        session.commit()
        flash("Article saved.", "success")
        return redirect(url_for("articles.detail", article_id=article.id))
    return render_template("articles/form.html", form=form, article=article), 422


@bp.get("/<int:article_id>/claims/new")
@requires(Action.EDIT_CLAIM)
def new_claim(article_id: int) -> ResponseReturnValue:
    """Show the claim form, prefilled from ?start=&end= when a selection sent them."""
    article = get_or_404(Article, article_id, "article")
    form = ClaimForm(formdata=None)
    start = query_number("start")
    end = query_number("end")
    suggestion = _open_suggestion(article, query_number("suggestion"))
    if suggestion is not None:  # "Edit" on a suggested claim: its words and speaker, to adjust
        start, end = suggestion.quote_start, suggestion.quote_end
        form.suggestion.data = suggestion.id
        form.summary.data = suggested_summary(suggestion.exact)
        form.speaker.data = suggestion.speaker_name
    if start is not None and end is not None:
        try:
            anchor = anchor_at(article.body, start, end)
        except DomainError as exc:
            form.quote.errors = [exc.message]
        else:
            form.quote.data = anchor.exact
            form.start.data = anchor.start
            form.prefix.data = anchor.prefix
            form.suffix.data = anchor.suffix
    return _claim_form_page(article, form)


@bp.post("/<int:article_id>/claims/new")
@requires(Action.EDIT_CLAIM)
def create_claim_submit(article_id: int) -> ResponseReturnValue:
    """Log the claim at its words and go back to the article, or show the form again.

    Back on the article the new claim is marked, so the next one can be selected at
    once. Typed words found more than once come back as a list to choose from.
    """
    session = get_session()
    article = get_or_404(Article, article_id, "article")
    form = ClaimForm()
    status = 422
    occurrences: list[Anchor] | None = None
    closest: Anchor | None = None
    unknown_speaker: UnknownSpeaker | None = None
    if form.validate_on_submit():
        data = ClaimInput(
            quote=form.quote.data or "",
            summary=form.summary.data or "",
            text=form.text.data,
            speaker=(form.speaker.data or "").strip() or None,
            occurrence=form.occurrence.data,
            start=form.start.data,
            prefix=form.prefix.data or "",
            suffix=form.suffix.data or "",
            new_speaker=bool(form.new_speaker.data),
        )
        suggestion = _open_suggestion(article, form.suggestion.data)
        try:
            claim = create_claim(session, article, data, actor=actor())
            if suggestion is not None:
                mark_logged(session, claim, suggestion)
        except DomainError as exc:
            status = form_error(form, exc, "quote")
            # an unknown speaker is a mistake in the form, not a missing page
            status = 422 if isinstance(exc, NotFound) else status
            if isinstance(exc, AmbiguousQuote):
                occurrences = exc.occurrences
            elif isinstance(exc, QuoteNotFound):
                closest = exc.closest
            elif isinstance(exc, UnknownSpeaker):
                unknown_speaker = exc
        else:
            session.commit()
            flash(f"Claim {claim.id} logged: {claim.summary}", "success")
            return redirect(
                url_for(
                    "articles.detail",
                    article_id=article.id,
                    logged=claim.id,
                    _anchor=f"claim-{claim.id}",
                )
            )
    if form.start.data is not None and occurrences is None and closest is None:
        # a selection made on the article page: refused there, the card open as sent
        return article_page_view(article, selection=form, unknown_speaker=unknown_speaker), status
    page = _claim_form_page(
        article, form, occurrences=occurrences, closest=closest, unknown_speaker=unknown_speaker
    )
    return page, status


def _open_suggestion(article: Article, suggestion_id: int | None) -> ClaimSuggestion | None:
    """Return the article's open suggestion `suggestion_id`, or None (gone, decided, other)."""
    if suggestion_id is None:
        return None
    suggestion = get_session().get(ClaimSuggestion, suggestion_id)
    if suggestion is None or suggestion.article_id != article.id or not suggestion.is_open:
        return None
    return suggestion

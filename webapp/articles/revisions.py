"""An article's revisions: replace its text, see any revision with its claims, compare two.

Replacing the text (pasted, uploaded, or read again from the article's address with
the import's own readers and fetch limits) goes through
models.services.revisions.replace_article_text, which keeps the old text and finds every
claim again. An approved verdict whose words changed is confirmed here by an editor
("verdict still stands"); the other answer, reopening it, is the claim page's. A claim
lost from the current text is placed again here by hand: the editor selects (or types)
the words it became (models.services.revisions.place_lost_claim).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from models import AnchorMethod, Article, Claim
from models.errors import DomainError, NotFound, StaleVersion, ValidationError
from models.intake import fetch_document, read_document
from models.permissions import Action
from models.read.claims import article_claims
from models.read.revisions import (
    article_revisions,
    revision_body,
    revision_text,
    word_diff,
)
from models.services.intake import ClaimInput, DuplicateArticle, anchor_claim
from models.services.revisions import (
    Replacement,
    confirm_verdict_stands,
    place_lost_claim,
    replace_article_text,
)
from models.text.anchoring import AmbiguousQuote, Anchor, QuoteNotFound
from models.text.highlight import layout_body, verdict_class
from models.text.inputs import whole_number

from ..db import get_session
from ..errors import form_error
from ..inputs import query_number
from ..intake import fetch_policy
from ..lookup import get_or_404
from ..security import actor, requires
from .forms import PlaceClaimForm, ReplaceTextForm
from .importing import UPLOAD_OVERHEAD
from .views import text_context

bp = Blueprint("revisions", __name__, url_prefix="/articles/<int:article_id>")


def _version_errors_above(form: FlaskForm) -> None:
    """Show the hidden version field's errors above the form: it has no place of its own."""
    form.form_errors.extend(form.errors.get("version", ()))


@bp.url_value_preprocessor
def _upload_limit(endpoint: str | None, values: dict | None) -> None:
    # An uploaded text may be as large as an imported one (see importing._upload_limit).
    if endpoint == "revisions.replace_submit":
        limit = int(current_app.config["IMPORT_MAX_BYTES"]) + UPLOAD_OVERHEAD
        request.max_content_length = max(current_app.config["MAX_CONTENT_LENGTH"] or 0, limit)


def _article(article_id: int) -> Article:
    return get_or_404(Article, article_id, "article")


def _new_text(form: ReplaceTextForm, article: Article) -> str:
    """Return the new text from the form's chosen source, read as an import reads it."""
    policy = fetch_policy()
    source = form.source.data or "paste"
    if source == "file":
        upload = form.file.data
        if upload is None or not upload.filename:
            raise ValidationError("choose the file that holds the new text", field="file")
        draft = read_document(
            upload.read(policy.max_bytes + 1),
            max_bytes=policy.max_bytes,
            filename=upload.filename,
            content_type=upload.mimetype,
        )
        return draft.body
    if source == "address":
        if not article.url:
            raise ValidationError(
                "this article has no web address: paste the text or upload it", field="source"
            )
        return fetch_document(article.url, policy).body
    return form.body.data or ""


def _summary(result: Replacement) -> str:
    counts = [
        f"{result.count(method)} {method.label.lower()}"
        for method in AnchorMethod
        if result.count(method)
    ]
    said = f"Text replaced: revision {result.revision.number + 1}."
    if counts:
        said += " Claims: " + ", ".join(counts) + "."
    if result.flagged:
        said += f" {len(result.flagged)} approved verdict(s) wait for an editor's recheck."
    return said


def _replace_page(article: Article, form: ReplaceTextForm, **extra: object) -> str:
    return render_template("articles/replace_text.html", article=article, form=form, **extra)


@bp.get("/text")
@requires(Action.EDIT_ARTICLE)
def replace_form(article_id: int) -> str:
    """Show the form that replaces the article's text."""
    article = _article(article_id)
    form = ReplaceTextForm(formdata=None, version=article.version, body=article.body)
    return _replace_page(article, form)


@bp.post("/text")
@requires(Action.EDIT_ARTICLE)
def replace_submit(article_id: int) -> ResponseReturnValue:
    """Replace the article's text and find its claims again; or show what is wrong."""
    session = get_session()
    article = _article(article_id)
    form = ReplaceTextForm()
    if not form.validate_on_submit():
        _version_errors_above(form)
        return _replace_page(article, form), 422
    try:
        result = replace_article_text(
            session,
            article,
            _new_text(form, article),
            actor=actor(),
            reason=form.reason.data or "",
            expected_version=form.version.data,
        )
    except DuplicateArticle as exc:
        status = form_error(form, exc, "body")
        return _replace_page(article, form, other=exc.article_id), status
    except StaleVersion as exc:
        status = form_error(form, exc, "body")
        # sending again replaces what was saved meanwhile, knowingly (as other edit forms)
        form.version.data = exc.current_version
        form.version.raw_data = [str(exc.current_version)]
        return _replace_page(article, form), status
    except DomainError as exc:
        status = form_error(form, exc, "body")
        return _replace_page(article, form), status
    session.commit()
    flash(_summary(result), "success")
    return redirect(url_for("articles.detail", article_id=article.id, _anchor="revision-note"))


@bp.get("/revisions")
def index(article_id: int) -> str:
    """List the article's revisions; ?from=&to= shows the words that changed between two."""
    session = get_session()
    article = _article(article_id)
    revisions = article_revisions(session, article)
    numbers = [r.number for r in revisions]
    older = query_number("from")
    newer = query_number("to")
    changes = None
    if (older is None or newer is None) and len(numbers) > 1:
        older, newer = numbers[-2], numbers[-1]  # what the last replacement changed
    if older is not None and newer is not None:
        if older not in numbers or newer not in numbers:
            return render_template(
                "articles/revisions.html",
                article=article,
                revisions=revisions,
                problem="Choose two revisions the article has.",
                older=older,
                newer=newer,
            ), 404
        changes = word_diff(
            revision_body(session, article, older), revision_body(session, article, newer)
        )
    return render_template(
        "articles/revisions.html",
        article=article,
        revisions=revisions,
        changes=changes,
        older=older,
        newer=newer,
    )


@bp.get("/revisions/<int:number>")
def show(article_id: int, number: int) -> ResponseReturnValue:
    """Show one revision of the text with its claims where they stood in it."""
    session = get_session()
    article = _article(article_id)
    try:
        text = revision_text(session, article, number)
    except NotFound as exc:
        abort(404, description=exc.message)
    numbers = {p.id: n for n, p in enumerate(text.placed, start=1)}
    return render_template(
        "articles/revision.html",
        article=article,
        text=text,
        revisions=article_revisions(session, article),
        layout=layout_body(text.body, list(text.placed)),
        classes={
            p.id: verdict_class(p.status, p.rating.slug if p.rating else None) for p in text.placed
        },
        numbers=numbers,
    )


@bp.post("/claims/<int:claim_id>/verdict-stands")
@requires(Action.REOPEN_APPROVED)
def verdict_stands(article_id: int, claim_id: int) -> ResponseReturnValue:
    """Say an approved verdict still stands for its changed words (clears the recheck)."""
    session = get_session()
    claim = get_or_404(Claim, claim_id, "claim")
    if claim.article_id != article_id:
        return redirect(url_for("articles.detail", article_id=claim.article_id))
    try:
        confirm_verdict_stands(
            session,
            claim,
            actor=actor(),
            expected_version=whole_number(request.form.get("version")),
        )
    except DomainError as exc:
        session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("articles.detail", article_id=article_id, _anchor="recheck"))
    session.commit()
    flash(f"Claim {claim.id}: the verdict stands for the new words.", "success")
    return redirect(url_for("articles.detail", article_id=article_id, _anchor="recheck"))


def _article_claim(article_id: int, claim_id: int) -> tuple[Article, Claim] | None:
    """Return the article and its claim, None when the claim is another article's (or 404)."""
    claim = get_or_404(Claim, claim_id, "claim")
    if claim.article_id != article_id:
        return None
    return claim.article, claim


def _place_page(
    article: Article,
    claim: Claim,
    form: PlaceClaimForm,
    *,
    occurrences: list[Anchor] | None = None,
    closest: Anchor | None = None,
) -> str:
    claims = article_claims(get_session(), article.id)
    return render_template(
        "articles/place_claim.html",
        article=article,
        claim=claim,
        form=form,
        occurrences=occurrences,
        closest=closest,
        **text_context(claims, article.body),
    )


@bp.get("/claims/<int:claim_id>/place")
@requires(Action.EDIT_CLAIM)
def place_form(article_id: int, claim_id: int) -> ResponseReturnValue:
    """Show a lost claim's old words beside the current text, to select the words it became."""
    found = _article_claim(article_id, claim_id)
    if found is None:
        claim = get_or_404(Claim, claim_id, "claim")
        return redirect(url_for(".place_form", article_id=claim.article_id, claim_id=claim.id))
    article, claim = found
    if not claim.anchor_lost:
        flash(f"Claim {claim.id} is in the current text already: nothing to place.", "info")
        return redirect(url_for("claims.detail", claim_id=claim.id))
    form = PlaceClaimForm(formdata=None, version=claim.version)
    return _place_page(article, claim, form)


@bp.post("/claims/<int:claim_id>/place")
@requires(Action.EDIT_CLAIM)
def place_submit(article_id: int, claim_id: int) -> ResponseReturnValue:
    """Anchor the lost claim at the words chosen; or show the page again saying why not."""
    session = get_session()
    found = _article_claim(article_id, claim_id)
    if found is None:
        abort(404, description=f"Article {article_id} has no claim {claim_id}.")
    article, claim = found
    form = PlaceClaimForm()
    if not form.validate_on_submit():
        _version_errors_above(form)
        return _place_page(article, claim, form), 422
    occurrences: list[Anchor] | None = None
    closest: Anchor | None = None
    try:
        # the words as selected (offsets and context, checked against the body) or typed
        anchor = anchor_claim(
            article,
            ClaimInput(
                quote=form.quote.data or "",
                summary="",
                occurrence=form.occurrence.data,
                start=form.start.data,
                prefix=form.prefix.data or "",
                suffix=form.suffix.data or "",
            ),
        )
        place_lost_claim(
            session,
            claim,
            anchor.start,
            anchor.end,
            actor=actor(),
            expected_version=form.version.data,
        )
    except DomainError as exc:
        status = form_error(form, exc, "quote")
        if isinstance(exc, AmbiguousQuote):
            occurrences = exc.occurrences
        elif isinstance(exc, QuoteNotFound):
            closest = exc.closest
        elif isinstance(exc, StaleVersion):  # sending again places it, knowingly
            form.version.data = exc.current_version
            form.version.raw_data = [str(exc.current_version)]
        return _place_page(article, claim, form, occurrences=occurrences, closest=closest), status
    session.commit()
    flash(f"Claim {claim.id} placed again at “{claim.quote_exact}”.", "success")
    return redirect(url_for("claims.detail", claim_id=claim.id))

"""The Add article page's first step: read a file or fetch an address, then show it.

The editor uploads a file (text, Markdown, HTML) or gives an address; the desk reads
it (models.intake) and shows the New article form again, prefilled with the text and
the metadata found, to be checked and corrected before "Add article" saves it
(articles.create, through models.services.importing). An article the desk holds already
takes the editor to it at once.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField, SubmitField

from models.errors import DomainError
from models.intake import Document, fetch_document, read_document
from models.permissions import Action
from models.services.intake import DuplicateArticle, find_duplicate

from ..db import get_session
from ..intake import fetch_policy
from ..security import requires
from .forms import ArticleForm

bp = Blueprint("importing", __name__, url_prefix="/articles")

# A multipart upload carries a little more than the file itself.
UPLOAD_OVERHEAD = 64 * 1024


class ImportForm(FlaskForm):
    """Where the article comes from: a file, or a web address."""

    file = FileField("A file: plain text, Markdown or a saved web page (HTML)")
    address = StringField(
        "Or its web address",
        render_kw={"type": "url", "inputmode": "url", "placeholder": "https://"},
    )
    read = SubmitField("Read it")


@bp.app_context_processor
def _import_form() -> dict:
    # the New article page shows the first step too; articles.new does not build it
    return {"new_import_form": ImportForm}


def prefilled(draft: Document) -> ArticleForm:
    """Return the New article form filled with what was read, for the editor to check."""
    return ArticleForm(
        formdata=None,
        data={
            "title": draft.title or "",
            "url": draft.url or "",
            "author": draft.author or "",
            "publisher": draft.publisher or "",
            "published": draft.published,
            "language": draft.language or "",
            "body": draft.body,
        },
    )


def duplicate_redirect(duplicate: DuplicateArticle) -> ResponseReturnValue:
    """Take the editor to the article the desk holds already, saying why."""
    flash(f"Nothing added: {duplicate.message}.", "info")
    return redirect(url_for("articles.detail", article_id=duplicate.article_id))


@bp.url_value_preprocessor
def _upload_limit(endpoint: str | None, values: dict | None) -> None:
    # An upload may be as large as IMPORT_MAX_BYTES whatever MAX_CONTENT_LENGTH says.
    # Set here because URL value preprocessors run before every before_request hook,
    # and the CSRF check (one of those) reads the form, which applies the limit.
    if endpoint == "importing.read_source":
        limit = int(current_app.config["IMPORT_MAX_BYTES"]) + UPLOAD_OVERHEAD
        request.max_content_length = max(current_app.config["MAX_CONTENT_LENGTH"] or 0, limit)


@bp.post("/import")
@requires(Action.EDIT_ARTICLE)
def read_source() -> ResponseReturnValue:
    """Read the uploaded file or fetch the address; show the form prefilled, or why not."""
    policy = fetch_policy()
    form = ImportForm()
    if not form.validate_on_submit():
        return _step_one_again(form, None)
    upload = form.file.data
    address = (form.address.data or "").strip()
    try:
        if upload is not None and upload.filename:
            draft = read_document(
                upload.read(policy.max_bytes + 1),
                max_bytes=policy.max_bytes,
                filename=upload.filename,
                content_type=upload.mimetype,
            )
        elif address:
            draft = fetch_document(address, policy)
        else:
            return _step_one_again(form, "Choose a file, or give the article's web address.")
    except DomainError as exc:
        return _step_one_again(form, exc.message)
    duplicate = find_duplicate(get_session(), draft.body, (draft.canonical_url, draft.source_url))
    if duplicate is not None:
        return duplicate_redirect(duplicate)
    return render_template(
        "articles/form.html",
        form=prefilled(draft),
        article=None,
        import_form=ImportForm(formdata=None),
        imported=draft,
        imported_from=upload.filename if upload is not None and upload.filename else address,
    )


def _step_one_again(form: ImportForm, message: str | None) -> ResponseReturnValue:
    if message:
        form.form_errors.append(message)
    page = render_template(
        "articles/form.html", form=ArticleForm(formdata=None), article=None, import_form=form
    )
    return page, 422

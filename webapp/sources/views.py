"""The sources pages: list, detail, and the forms to record or edit a source."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from models import Source, SourceKind
from models.errors import Conflict, DomainError
from models.permissions import Action
from models.read.sources import (
    COUNT_CAP,
    NEWEST,
    SourceFilter,
    count_sources,
    list_sources,
    source_links,
)
from models.services import sourcing

from ..db import get_session
from ..errors import form_error
from ..inputs import list_search
from ..lookup import get_or_404
from ..paging import page_cursors, pager_links
from ..security import actor, requires
from ..versions import refuse_edit
from .forms import SourceEditForm, SourceForm

bp = Blueprint("sources", __name__, url_prefix="/sources")

PER_PAGE = 25


def _filter_from_args() -> tuple[SourceFilter, str | None]:
    kind = request.args.get("kind", "")
    text, note = list_search(request.args.get("q"))
    source_filter = SourceFilter(
        kind=SourceKind(kind) if kind in SourceKind._value2member_map_ else None, text=text
    )
    return source_filter, note


def _input(form: SourceForm) -> sourcing.SourceInput:
    return sourcing.SourceInput(
        url=form.url.data or "",
        title=form.title.data or "",
        publisher=form.publisher.data,
        published=form.published.data,
        kind=form.kind.data or SourceKind.OTHER.value,
        archive_url=form.archive_url.data,
    )


def _duplicate(exc: DomainError, url: str | None) -> Source | None:
    """Return the source already recorded at `url` when `exc` refused a second one."""
    if not isinstance(exc, Conflict) or exc.field != "url":
        return None
    try:
        return sourcing.find_source(get_session(), url or "")
    except DomainError:
        return None


@bp.get("/")
def index() -> ResponseReturnValue:
    """List the sources, newest first, filtered by kind and words, a page at a time."""
    source_filter, note = _filter_from_args()
    after, before = page_cursors(NEWEST)
    listing = list_sources(
        get_session(), source_filter, after=after, before=before, per_page=PER_PAGE
    )
    return render_template(
        "sources/index.html",
        listing=listing,
        links=pager_links(listing),
        counted=count_sources(get_session(), source_filter),
        count_cap=COUNT_CAP,
        source_filter=source_filter,
        note=note,
        kinds=list(SourceKind),
        args={
            "kind": source_filter.kind.value if source_filter.kind else None,
            "q": source_filter.text,
        },
    )


@bp.get("/<int:source_id>")
def detail(source_id: int) -> ResponseReturnValue:
    """Show a source and the claims it supports, refutes or gives context to."""
    source = get_or_404(Source, source_id, "source")
    return render_template(
        "sources/detail.html", source=source, use=source_links(get_session(), source)
    )


@bp.get("/new")
@requires(Action.EDIT_SOURCE)
def new() -> ResponseReturnValue:
    """Show the form to record a source."""
    return render_template("sources/form.html", form=SourceForm(), source=None)


@bp.post("/new")
@requires(Action.EDIT_SOURCE)
def new_submit() -> ResponseReturnValue:
    """Record a new source, or show the form again with what is wrong."""
    session = get_session()
    form = SourceForm()
    if form.validate_on_submit():
        try:
            source = sourcing.create_source(session, _input(form), actor=actor())
        except DomainError as exc:
            status = form_error(form, exc, "url")
            duplicate = _duplicate(exc, form.url.data)
            return render_template(
                "sources/form.html", form=form, source=None, duplicate=duplicate
            ), status
        session.commit()
        flash(f"Source recorded: {source.title}.", "success")
        return redirect(url_for("sources.detail", source_id=source.id))
    return render_template("sources/form.html", form=form, source=None), 422


@bp.get("/<int:source_id>/edit")
@requires(Action.EDIT_SOURCE)
def edit(source_id: int) -> ResponseReturnValue:
    """Show the form to edit a source."""
    source = get_or_404(Source, source_id, "source")
    form = SourceEditForm(obj=source)
    return render_template("sources/form.html", form=form, source=source)


@bp.post("/<int:source_id>/edit")
@requires(Action.EDIT_SOURCE)
def edit_submit(source_id: int) -> ResponseReturnValue:
    """Save a source's changed details, or show the form again with what is wrong."""
    session = get_session()
    source = get_or_404(Source, source_id, "source")
    form = SourceEditForm()
    if form.validate_on_submit():
        try:
            sourcing.update_source(
                session, source, _input(form), actor=actor(), expected_version=form.version.data
            )
        except DomainError as exc:
            status, meanwhile = refuse_edit(form, source, exc, "url")
            duplicate = _duplicate(exc, form.url.data)
            return render_template(
                "sources/form.html",
                form=form,
                source=source,
                duplicate=duplicate,
                meanwhile=meanwhile,
            ), status
        session.commit()
        flash("Source saved.", "success")
        return redirect(url_for("sources.detail", source_id=source.id))
    return render_template("sources/form.html", form=form, source=source), 422

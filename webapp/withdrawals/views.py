"""Withdraw an article, a claim or a source (with a reason), restore it, and list what
is withdrawn: editors only. The record's own page links here."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from models import Article, Claim, Source
from models.errors import DomainError
from models.permissions import Action
from models.read.withdrawn import MODELS, ORDERS, withdrawn_page
from models.services import withdrawals

from ..db import get_session
from ..lookup import get_or_404
from ..paging import page_cursors, pager_links
from ..security import actor, requires
from .forms import RestoreForm, WithdrawForm

bp = Blueprint("withdrawals", __name__, url_prefix="/withdrawn")

PER_PAGE = 25
NOUNS = {"claims": "claim", "articles": "article", "sources": "source"}
TITLES = {"claims": "Claims", "articles": "Articles", "sources": "Sources"}


def _label(record: Any) -> str:
    return record.summary if isinstance(record, Claim) else record.title


def _page_of(record: Any) -> str:
    if isinstance(record, Claim):
        return url_for("claims.detail", claim_id=record.id)
    if isinstance(record, Article):
        return url_for("articles.detail", article_id=record.id)
    return url_for("sources.detail", source_id=record.id)


@bp.get("/")
@requires(Action.WITHDRAW)
def index() -> ResponseReturnValue:
    """List withdrawn claims, articles or sources, most recently withdrawn first."""
    kind = request.args.get("kind", "claims")
    if kind not in MODELS:
        kind = "claims"
    after, before = page_cursors(ORDERS[kind])
    page = withdrawn_page(get_session(), kind, after=after, before=before, limit=PER_PAGE)
    return render_template(
        "withdrawals/index.html",
        kind=kind,
        kinds=TITLES,
        page=page,
        links={name: dict(args, kind=kind) for name, args in pager_links(page).items()},
        label=_label,
        page_of=_page_of,
        form=RestoreForm(),
    )


def _confirm(record: Any, kind: str, form: WithdrawForm, status: int = 200) -> ResponseReturnValue:
    return (
        render_template(
            "withdrawals/confirm.html",
            record=record,
            kind=kind,
            noun=NOUNS[kind],
            label=_label(record),
            back=_page_of(record),
            form=form,
        ),
        status,
    )


def _withdraw_form(record: Any, kind: str) -> ResponseReturnValue:
    form = WithdrawForm()
    if request.method == "GET":
        form.version.data = record.version
        return _confirm(record, kind, form)
    if not form.validate_on_submit():
        return _confirm(record, kind, form, 422)
    service = {
        "claims": withdrawals.withdraw_claim,
        "articles": withdrawals.withdraw_article,
        "sources": withdrawals.withdraw_source,
    }[kind]
    try:
        service(
            get_session(),
            record,
            form.reason.data or "",
            actor=actor(),
            expected_version=form.version.data,
        )
    except DomainError as exc:
        get_session().rollback()
        form.form_errors.append(exc.message)
        return _confirm(record, kind, form, exc.http_status)
    get_session().commit()
    flash(f"{NOUNS[kind].capitalize()} withdrawn: {_label(record)}.", "success")
    return redirect(url_for("withdrawals.index", kind=kind))


def _restore(record: Any, kind: str) -> ResponseReturnValue:
    form = RestoreForm()
    service = {
        "claims": withdrawals.restore_claim,
        "articles": withdrawals.restore_article,
        "sources": withdrawals.restore_source,
    }[kind]
    try:
        if not form.validate_on_submit():
            raise DomainError("The form expired; please restore it again.")
        service(get_session(), record, actor=actor(), expected_version=form.version.data)
    except DomainError as exc:
        get_session().rollback()
        flash(f"Not restored: {exc.message}", "error")
        return redirect(url_for("withdrawals.index", kind=kind))
    get_session().commit()
    flash(f"{NOUNS[kind].capitalize()} restored: {_label(record)}.", "success")
    return redirect(_page_of(record))


@bp.route("/claims/<int:claim_id>", methods=["GET", "POST"])
@requires(Action.WITHDRAW)
def withdraw_claim(claim_id: int) -> ResponseReturnValue:
    """Ask for the reason, then withdraw the claim."""
    return _withdraw_form(get_or_404(Claim, claim_id, "claim"), "claims")


@bp.route("/articles/<int:article_id>", methods=["GET", "POST"])
@requires(Action.WITHDRAW)
def withdraw_article(article_id: int) -> ResponseReturnValue:
    """Ask for the reason, then withdraw the article with its claims."""
    return _withdraw_form(get_or_404(Article, article_id, "article"), "articles")


@bp.route("/sources/<int:source_id>", methods=["GET", "POST"])
@requires(Action.WITHDRAW)
def withdraw_source(source_id: int) -> ResponseReturnValue:
    """Ask for the reason, then withdraw the source."""
    return _withdraw_form(get_or_404(Source, source_id, "source"), "sources")


@bp.post("/claims/<int:claim_id>/restore")
@requires(Action.WITHDRAW)
def restore_claim(claim_id: int) -> ResponseReturnValue:
    """Bring a withdrawn claim back."""
    return _restore(get_or_404(Claim, claim_id, "claim"), "claims")


@bp.post("/articles/<int:article_id>/restore")
@requires(Action.WITHDRAW)
def restore_article(article_id: int) -> ResponseReturnValue:
    """Bring a withdrawn article back with the claims withdrawn with it."""
    return _restore(get_or_404(Article, article_id, "article"), "articles")


@bp.post("/sources/<int:source_id>/restore")
@requires(Action.WITHDRAW)
def restore_source(source_id: int) -> ResponseReturnValue:
    """Bring a withdrawn source back."""
    return _restore(get_or_404(Source, source_id, "source"), "sources")

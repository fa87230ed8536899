"""The claims pages: the filtered list, the claim page and its actions, "next claim"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import orm
from werkzeug.wrappers import Response

from models import Claim, Source, User
from models.errors import DomainError
from models.permissions import Action
from models.read import queue
from models.read.ratings import get_rating
from models.services import match_decisions, sourcing, workflow
from models.services.claim_matches import get_match
from models.services.sourcing import SourceInput
from models.services.speakers import resolve_speaker
from models.tables.enums import ClaimStatus

from ..db import get_session
from ..inbox.views import mark_claim_opened
from ..inputs import query_number
from ..security import actor, requires
from .filters import render_claim_list
from .forms import (
    ApproveForm,
    AssignForm,
    CommentForm,
    EditClaimForm,
    LinkSourceForm,
    MatchDecisionForm,
    ReopenForm,
    ReuseVerdictForm,
    StartReviewForm,
    UnlinkSourceForm,
    VerdictForm,
)
from .page import claim_or_404, claim_to_change, fill_choices, refused, render_claim_page

CONFIRM_CORRECTION = "Tick the box: reopening a published verdict publishes a correction."

bp = Blueprint("claims", __name__, url_prefix="/claims")


@bp.get("/")
@requires(Action.VIEW)
def index() -> ResponseReturnValue:
    """List the claims, filtered, sorted and paged by key as the query string says."""
    return render_claim_list()


@bp.get("/next")
@requires(Action.VIEW)
def next_claim() -> Response:
    """Go to the next claim needing the member's work, or back to the dashboard.

    With ?article=, the next one in that article while it has work, then any other.
    """
    after, article = query_number("after"), query_number("article")
    claim = queue.next_claim(get_session(), actor(), exclude=after, article_id=article)
    if claim is None:
        flash("Nothing waiting: no claim needs your work right now.", "info")
        return redirect(url_for("desk.dashboard"))
    return redirect(url_for("claims.detail", claim_id=claim.id))


@bp.get("/<int:claim_id>")
@requires(Action.VIEW)
def detail(claim_id: int) -> ResponseReturnValue:
    """Show a claim: its quote in context, verdict, sources, comments and history."""
    session = get_session()
    claim = claim_or_404(claim_id)
    mark_claim_opened(claim.id)  # what my inbox told me about it is now read
    return render_claim_page(session, claim)


def _saved(claim: Claim, message: str, anchor: str | None = None) -> Response:
    get_session().commit()
    flash(message, "success")
    return redirect(url_for("claims.detail", claim_id=claim.id, _anchor=anchor))


@bp.post("/<int:claim_id>/review")
@requires(Action.START_REVIEW)
def start_review(claim_id: int) -> ResponseReturnValue:
    """Mark the claim as being researched (taking it if nobody has)."""
    session = get_session()
    claim = claim_to_change(claim_id)
    form = StartReviewForm()
    if not form.validate_on_submit():
        return render_claim_page(session, claim, 422, submitted=("start_review", form))
    try:
        workflow.start_review(session, claim, actor=actor(), expected_version=form.version.data)
    except DomainError as exc:
        return refused(session, claim, "start_review", form, exc)
    return _saved(claim, "Review started.")


def _cited_source(session: orm.Session, reference: str | None, details: SourceInput) -> Source:
    """Return the recorded source a form names, or the one its new address describes."""
    if (reference or "").strip():
        return sourcing.resolve_source(session, reference or "")
    return sourcing.get_or_create_source(session, details, actor=actor())


def _cite(session: orm.Session, claim: Claim, form: VerdictForm) -> None:
    """Link the source given with a verdict, its errors told by the verdict form's fields."""
    picked = bool((form.cite_source.data or "").strip())
    try:
        source = _cited_source(
            session,
            form.cite_source.data,
            SourceInput(url=form.cite_url.data or "", title=form.cite_title.data or ""),
        )
        sourcing.link_source(
            session,
            claim,
            source,
            form.cite_stance.data or "",
            form.cite_excerpt.data,
            actor=actor(),
            expected_version=form.version.data,
        )
    except DomainError as exc:
        if exc.field == "url" and picked:
            exc.field = "cite_source"  # "already linked" is about the source picked
        elif exc.field in {"source", "url", "title", "stance", "excerpt"}:
            exc.field = f"cite_{exc.field}"
        raise


@bp.post("/<int:claim_id>/verdict")
@requires(Action.PROPOSE_VERDICT)
def propose_verdict(claim_id: int) -> ResponseReturnValue:
    """Propose a verdict with its explanation, linking the source it cites if one is given.

    One transaction: a refused verdict links nothing, and the form comes back as typed.
    """
    session = get_session()
    claim = claim_to_change(claim_id)
    form = VerdictForm()
    fill_choices(form, session, claim)
    if not form.validate_on_submit():
        return render_claim_page(session, claim, 422, submitted=("verdict", form))
    expected_version = form.version.data
    try:
        rating = get_rating(session, form.rating.data)
        if form.cites():
            _cite(session, claim, form)
            expected_version = None  # the link checked it, earlier in this transaction
        workflow.propose_verdict(
            session,
            claim,
            rating,
            form.explanation.data,
            actor=actor(),
            expected_version=expected_version,
        )
    except DomainError as exc:
        return refused(session, claim, "verdict", form, exc, "explanation")
    linked = "Source linked and verdict" if form.cites() else "Verdict"
    return _saved(claim, f"{linked} proposed; someone else can now approve it.", "verdict")


@bp.post("/<int:claim_id>/matches/<int:match_id>/<any(confirm, reject):decision>")
@requires(Action.EDIT_CLAIM)
def decide_match(claim_id: int, match_id: int, decision: str) -> ResponseReturnValue:
    """Confirm that a possible match is the same claim, or reject it."""
    session = get_session()
    claim = claim_to_change(claim_id)
    form = MatchDecisionForm()
    if not form.validate_on_submit():
        return render_claim_page(session, claim, 422, submitted=("decide_match", form))
    try:
        match = get_match(session, claim, match_id)
        confirmed = decision == "confirm"
        match_decisions.decide_match(session, claim, match, confirmed=confirmed, actor=actor())
    except DomainError as exc:
        return refused(session, claim, "decide_match", form, exc)
    message = "Confirmed: the same claim." if confirmed else "Rejected: another claim."
    return _saved(claim, message, "matches")


@bp.post("/<int:claim_id>/matches/<int:match_id>/reuse")
@requires(Action.PROPOSE_VERDICT)
def reuse_verdict(claim_id: int, match_id: int) -> ResponseReturnValue:
    """Propose a confirmed match's approved verdict here, linking its sources."""
    session = get_session()
    claim = claim_to_change(claim_id)
    form = ReuseVerdictForm()
    if not form.validate_on_submit():
        return render_claim_page(session, claim, 422, submitted=("reuse_verdict", form))
    try:
        match = get_match(session, claim, match_id)
        earlier = match_decisions.reuse_verdict(
            session, claim, match, actor=actor(), expected_version=form.version.data
        )
    except DomainError as exc:
        return refused(session, claim, "reuse_verdict", form, exc)
    return _saved(
        claim,
        f"Claim {earlier.id}'s verdict proposed; someone else can now approve it.",
        "verdict",
    )


@bp.post("/<int:claim_id>/approve")
@requires(Action.APPROVE_VERDICT)
def approve(claim_id: int) -> ResponseReturnValue:
    """Approve the proposed verdict (someone other than its proposer)."""
    session = get_session()
    claim = claim_to_change(claim_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        return render_claim_page(session, claim, 422, submitted=("approve", form))
    try:
        workflow.approve_verdict(session, claim, actor=actor(), expected_version=form.version.data)
    except DomainError as exc:
        return refused(session, claim, "approve", form, exc)
    return _saved(claim, "Verdict approved.")


@bp.post("/<int:claim_id>/reopen")
@requires(Action.REOPEN_VERDICT)
def reopen(claim_id: int) -> ResponseReturnValue:
    """Send the verdict back to review, with the reason (a correction if it was approved)."""
    session = get_session()
    claim = claim_to_change(claim_id)
    form = ReopenForm()
    valid = form.validate_on_submit()
    if claim.status is ClaimStatus.APPROVED and not form.confirm.data:
        # a public correction is written only on purpose, with or without JavaScript
        form.confirm.errors = [*form.confirm.errors, CONFIRM_CORRECTION]
        valid = False
    if not valid:
        return render_claim_page(session, claim, 422, submitted=("reopen", form))
    try:
        correction = workflow.reopen(
            session, claim, form.reason.data, actor=actor(), expected_version=form.version.data
        )
    except DomainError as exc:
        return refused(session, claim, "reopen", form, exc, "reason")
    if correction is not None:
        return _saved(claim, "Verdict reopened; a correction is logged.")
    return _saved(claim, "Verdict reopened.")


@bp.post("/<int:claim_id>/assign")
@requires(Action.ASSIGN_CLAIM)
def assign(claim_id: int) -> ResponseReturnValue:
    """Give the claim to a desk member, or to nobody."""
    session = get_session()
    claim = claim_to_change(claim_id)
    form = AssignForm()
    fill_choices(form, session, claim)
    if not form.validate_on_submit():
        return render_claim_page(session, claim, 422, submitted=("assign", form))
    assignee = session.get(User, int(form.assignee.data)) if form.assignee.data else None
    try:
        workflow.assign(session, claim, assignee, actor=actor(), expected_version=form.version.data)
    except DomainError as exc:
        return refused(session, claim, "assign", form, exc, "assignee")
    who = assignee.display_name if assignee else "nobody"
    return _saved(claim, f"Claim assigned to {who}.")


@bp.post("/<int:claim_id>/comments")
@requires(Action.COMMENT)
def comment(claim_id: int) -> ResponseReturnValue:
    """Leave a comment on the claim."""
    session = get_session()
    claim = claim_to_change(claim_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return render_claim_page(session, claim, 422, submitted=("comment", form))
    try:
        workflow.add_comment(session, claim, form.comment.data, actor=actor())
    except DomainError as exc:
        return refused(session, claim, "comment", form, exc, "comment")
    return _saved(claim, "Comment added.", "comments")


@bp.post("/<int:claim_id>/sources")
@requires(Action.LINK_SOURCE)
def link_source(claim_id: int) -> ResponseReturnValue:
    """Link a recorded or a new source to the claim, with its stance and excerpt."""
    session = get_session()
    claim = claim_to_change(claim_id)
    form = LinkSourceForm()
    if not form.validate_on_submit():
        return render_claim_page(session, claim, 422, submitted=("link_source", form))
    try:
        source = _cited_source(
            session,
            form.source.data,
            SourceInput(
                url=form.url.data or "",
                title=form.title.data or "",
                publisher=form.publisher.data,
                published=form.published.data,
                kind=form.kind.data,
                archive_url=form.archive_url.data,
            ),
        )
        sourcing.link_source(
            session,
            claim,
            source,
            form.stance.data,
            form.excerpt.data,
            actor=actor(),
            expected_version=form.version.data,
        )
    except DomainError as exc:
        return refused(session, claim, "link_source", form, exc, "url")
    return _saved(claim, f"Source linked: {source.title}.", "sources")


@bp.post("/<int:claim_id>/sources/<int:link_id>/unlink")
@requires(Action.LINK_SOURCE)
def unlink_source(claim_id: int, link_id: int) -> ResponseReturnValue:
    """Remove a source from the claim (the source stays on the desk): a reviewer their own."""
    session = get_session()
    claim = claim_to_change(claim_id)
    link = next((link for link in claim.sources if link.id == link_id), None)
    if link is None:
        abort(404, description=f"Claim {claim.id} has no such source link.")
    form = UnlinkSourceForm()
    if not form.validate_on_submit():
        return render_claim_page(session, claim, 422, submitted=("unlink_source", form))
    title = link.source.title
    try:
        sourcing.unlink_source(session, link, actor=actor(), expected_version=form.version.data)
    except DomainError as exc:
        return refused(session, claim, "unlink_source", form, exc)
    return _saved(claim, f"Source unlinked: {title}.", "sources")


@bp.post("/<int:claim_id>/edit")
@requires(Action.EDIT_CLAIM)
def edit(claim_id: int) -> ResponseReturnValue:
    """Change the claim's summary, text or speaker."""
    session = get_session()
    claim = claim_to_change(claim_id)
    form = EditClaimForm()
    if not form.validate_on_submit():
        return render_claim_page(session, claim, 422, submitted=("edit", form))
    typed = (form.speaker.data or "").strip()
    try:
        speaker = resolve_speaker(session, typed) if typed else None
        workflow.edit_claim(
            session,
            claim,
            actor=actor(),
            text=form.text.data,
            summary=form.summary.data,
            speaker=speaker,
            expected_version=form.version.data,
        )
    except DomainError as exc:
        return refused(session, claim, "edit", form, exc, "summary")
    return _saved(claim, "Claim saved.")

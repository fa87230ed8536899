"""Building the claim page: the claim, its history, and the forms the member may use.

The page is rendered by the GET view and again, with one submitted form and its errors,
by a POST view that could not save; both go through render_claim_page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import render_template
from flask_wtf import FlaskForm
from sqlalchemy import orm

from models import Claim, ClaimStatus
from models.errors import DomainError, PermissionDenied, StaleVersion
from models.permissions import Action
from models.read import activity
from models.read.claims import full_record, with_full_record
from models.read.people import member_choices
from models.read.ratings import list_ratings
from models.services.claim_matches import matches_of, other_side
from models.services.sourcing import may_unlink
from models.services.workflow import can_transition, is_published
from models.text import excerpt
from models.text.excerpt import QuoteContext

from ..errors import form_error
from ..lookup import get_or_404
from ..security import actor, can
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
    options,
)

# the page's forms, by the name the template knows them under
FORMS: dict[str, type[FlaskForm]] = {
    "start_review": StartReviewForm,
    "verdict": VerdictForm,
    "approve": ApproveForm,
    "reopen": ReopenForm,
    "assign": AssignForm,
    "comment": CommentForm,
    "link_source": LinkSourceForm,
    "unlink_source": UnlinkSourceForm,
    "edit": EditClaimForm,
    "decide_match": MatchDecisionForm,
    "reuse_verdict": ReuseVerdictForm,
}


@dataclass(frozen=True)
class Shortcut:
    key: str
    does: str


def quote_context(claim: Claim) -> QuoteContext:
    """Return the quote in its context, without half words at either end."""
    return excerpt.quote_context(
        claim.quote_prefix, claim.quote_exact, claim.quote_suffix, claim.quote_start
    )


def claim_or_404(claim_id: int) -> Claim:
    """Return the claim with what its page shows loaded, or answer 404."""
    return get_or_404(Claim, claim_id, "claim", options=full_record())


def claim_to_change(claim_id: int) -> Claim:
    """Return the claim a form changes, or answer 404; its collections load when used.

    A change that succeeds redirects, so loading the page's sources, comments and people
    up front was wasted on it (a third of a comment's time); a refused one renders the
    page, and render_claim_page loads them then.
    """
    return get_or_404(Claim, claim_id, "claim")


def fill_choices(form: FlaskForm, session: orm.Session, claim: Claim) -> None:
    """Give a form's select fields their options from the database."""
    if isinstance(form, VerdictForm):
        form.rating.choices = options(
            [("", "Choose a verdict…"), *((r.slug, r.label) for r in list_ratings(session))]
        )
    elif isinstance(form, AssignForm):
        form.assignee.choices = options(
            [("", "Nobody"), *((str(i), name) for i, name in member_choices(session))]
        )


def _blank(name: str, session: orm.Session, claim: Claim) -> FlaskForm:
    data: dict[str, Any] = {}
    if name != "comment":
        data["version"] = claim.version
    if name == "verdict" and claim.rating is not None:
        data["rating"] = claim.rating.slug
        data["explanation"] = claim.rating_explanation
    elif name == "assign":
        data["assignee"] = str(claim.assignee_id) if claim.assignee_id else ""
    elif name == "edit":
        data.update(
            summary=claim.summary,
            text=claim.text,
            speaker=claim.speaker.name if claim.speaker else "",
        )
    # formdata=None: during a refused POST only the submitted form shows what was typed
    form = FORMS[name](formdata=None, data=data)
    fill_choices(form, session, claim)
    return form


class BlankForms(dict[str, FlaskForm]):
    """The page's forms, each built the first time the template asks for it.

    A member sees a few of the eleven forms; building the others (their select options
    come from the database) was a fifth of the page's time.
    """

    def __init__(self, session: orm.Session, claim: Claim) -> None:
        super().__init__()
        self._session, self._claim = session, claim

    def __missing__(self, name: str) -> FlaskForm:
        if name not in FORMS:
            raise KeyError(name)
        form = self[name] = _blank(name, self._session, self._claim)
        return form


def visible_forms(claim: Claim) -> dict[str, bool]:
    """Tell which forms make sense for the member in the claim's current state.

    Only what to show: every POST view checks again through @requires and the services.
    """
    me = actor()
    reopen_action = (
        Action.REOPEN_APPROVED if claim.status is ClaimStatus.APPROVED else Action.REOPEN_VERDICT
    )
    return {
        "start_review": can(Action.START_REVIEW) and can_transition(claim, "start_review"),
        "verdict": can(Action.PROPOSE_VERDICT) and can_transition(claim, "propose_verdict"),
        "approve": can(Action.APPROVE_VERDICT)
        and can_transition(claim, "approve_verdict")
        and claim.proposed_by_id != me.id,
        "reopen": can(reopen_action) and can_transition(claim, "reopen"),
        "assign": can(Action.ASSIGN_CLAIM) and not claim.withdrawn,
        "comment": can(Action.COMMENT),
        # a published verdict's sources and words change only after a reopen; a reviewer
        # links on a claim that can still take a verdict, and unlinks their own links
        "link_source": can(Action.LINK_SOURCE)
        and not is_published(claim)
        and not claim.withdrawn
        and (can(Action.EDIT_SOURCE) or can_transition(claim, "propose_verdict")),
        "unlink_source": can(Action.LINK_SOURCE)
        and not is_published(claim)
        and not claim.withdrawn,
        "edit": can(Action.EDIT_CLAIM) and not is_published(claim) and not claim.withdrawn,
        "decide_match": can(Action.EDIT_CLAIM),
        # a confirmed match's verdict goes through propose_verdict: same rules, four eyes
        "reuse_verdict": can(Action.PROPOSE_VERDICT) and can_transition(claim, "propose_verdict"),
    }


def shortcuts(show: dict[str, bool]) -> list[Shortcut]:
    """Return the keyboard shortcuts that work on this page."""
    keys = [
        ("r", "start reviewing", show["start_review"]),
        ("v", "go to the verdict form", show["verdict"]),
        ("a", "approve the verdict", show["approve"]),
        ("o", "reopen the verdict", show["reopen"]),
        ("s", "link a source", show["link_source"]),
        ("c", "write a comment", show["comment"]),
        ("e", "edit the claim", show["edit"]),
        ("n", "next claim needing work", True),
        ("?", "show or hide this list", True),
    ]
    return [Shortcut(key, does) for key, does, on in keys if on]


def render_claim_page(
    session: orm.Session,
    claim: Claim,
    status: int = 200,
    *,
    submitted: tuple[str, FlaskForm] | None = None,
    conflict: list[activity.HistoryEntry] | None = None,
) -> tuple[str, int]:
    """Render the claim page, with the `submitted` form (and its errors) in its place."""
    claim = with_full_record(session, claim)  # a claim_to_change, or a rolled-back one
    show = visible_forms(claim)
    forms = BlankForms(session, claim)
    if submitted is not None:
        name, form = submitted
        forms[name] = form
        # its errors must be seen even if the state moved on; but a proposer's own
        # approval is never offered: the page already says, once, why it cannot be
        if not (name == "approve" and claim.proposed_by_id == actor().id):
            show[name] = True
    return render_template(
        "claims/detail.html",
        claim=claim,
        quote=quote_context(claim),
        forms=forms,
        show=show,
        submitted=submitted[0] if submitted else None,
        shortcuts=shortcuts(show),
        history=activity.claim_history(session, claim),
        ratings=list_ratings(session),
        conflict=conflict,
        is_draft=claim.status is ClaimStatus.VERDICT_PROPOSED,
        unlinkable={link.id for link in claim.sources if may_unlink(actor(), link)},
        matches=[(match, other_side(match, claim)) for match in matches_of(session, claim)],
    ), status


def refused(
    session: orm.Session,
    claim: Claim,
    name: str,
    form: FlaskForm,
    exc: DomainError,
    default_field: str | None = None,
) -> tuple[str, int]:
    """Answer a change the service refused: the page again, the message by the field.

    The session is rolled back, so the page shows the claim as it is now. A stale version
    also shows what the other person changed, and the form takes the current version, so
    sending it again is a deliberate choice made after seeing their change.
    """
    if isinstance(exc, PermissionDenied):
        raise exc  # the 403 page, naming the role needed
    status = form_error(form, exc, default_field)
    conflict = None
    if isinstance(exc, StaleVersion):
        conflict = activity.describe_events(session, exc.changes.get("events", []))
        if "version" in form._fields:
            form.version.raw_data = None
            form.version.data = exc.current_version
    elif status == 404 and exc.field:
        status = 422  # a name typed into a form that matches nothing is bad input
    return render_claim_page(session, claim, status, submitted=(name, form), conflict=conflict)

"""Bulk actions on the claim list: assign, start review, export the selection.

The list is one form (it works without JavaScript): a checkbox per row carrying the
claim's id, a hidden field per row with the version shown, and "select all on this
page". Assigning and starting reviews go through models.services.bulk, all or nothing;
exporting sends the selected ids to the report download (`ids=`, one claim filter).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue

from models.errors import DomainError
from models.permissions import Action, require
from models.read.claim_query import IDS_MAX
from models.reports.export import FORMATS
from models.services import bulk
from models.text.inputs import whole_number

from ..db import get_session
from ..security import actor, requires
from .filters import render_claim_list

bp = Blueprint("bulk", __name__, url_prefix="/claims")


def _versions() -> dict[int, int | None]:
    """Return the selected claims (id: the version the list showed)."""
    shown: dict[int, int | None] = {}
    for key, value in request.form.items():
        claim_id = whole_number(key.removeprefix("version-"))
        if key.startswith("version-") and claim_id is not None:
            shown[claim_id] = whole_number(value)
    if request.form.get("all_on_page"):
        return shown
    picked: dict[int, int | None] = {}
    for value in request.form.getlist("ids"):
        claim_id = whole_number(value)
        if claim_id is not None:
            picked[claim_id] = shown.get(claim_id)
    return picked


@bp.post("/bulk")
@requires(Action.VIEW)
def submit() -> ResponseReturnValue:
    """Apply one action to the selected claims: all of them, or none with the reasons."""
    # CSRF is checked for every form by the app (webapp.security)
    session = get_session()
    versions = _versions()
    action = request.form.get("action", "")
    typed = {"selected": set(versions), "bulk_assignee": request.form.get("assignee", "")}
    back = url_for("claims.index", **request.args)
    try:
        if action == "export":
            require(actor(), Action.EXPORT)
            fmt = request.form.get("fmt", "csv")
            if fmt not in FORMATS:
                raise DomainError(f"unknown format {fmt!r}")
            if not versions:
                raise DomainError("Select at least one claim to export.")
            if len(versions) > IDS_MAX:
                raise DomainError(f"A selection holds at most {IDS_MAX} claims.")
            ids = ",".join(str(claim_id) for claim_id in sorted(versions))
            return redirect(url_for("reports.download", fmt=fmt, ids=ids))
        if action == "assign":
            typed_name = (request.form.get("assignee") or "").strip()
            if not typed_name:
                raise DomainError("Name the member to assign the claims to.", field="assignee")
            member = bulk.resolve_member(session, typed_name)
            done = bulk.assign_all(session, versions, member, actor=actor())
            message = f"{len(done)} claims assigned to {member.display_name}."
        elif action == "start_review":
            done = bulk.start_review_all(session, versions, actor=actor())
            message = f"Review started on {len(done)} claims."
        else:
            raise DomainError("Choose an action: assign, start review or export.")
    except DomainError as exc:
        session.rollback()
        refusals = getattr(exc, "refusals", [])
        return render_claim_list(
            exc.http_status, bulk_error=exc.message, bulk_refusals=refusals, **typed
        )
    session.commit()
    flash(message, "success")
    return redirect(back)

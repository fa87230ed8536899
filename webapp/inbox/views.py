"""The inbox: a member's notifications, read marking, and the top bar's unread count."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from models.permissions import Action
from models.read.inbox import NEWEST, UNREAD_CAP, has_unread_about, inbox_page, unread_count
from models.services import inbox

from ..db import database, get_session
from ..paging import page_cursors, pager_links
from ..security import actor, requires
from .forms import MarkAllReadForm

bp = Blueprint("inbox", __name__, url_prefix="/inbox")

PER_PAGE = 25


@bp.get("/")
@requires(Action.VIEW)
def index() -> str:
    """List my notifications, newest first, a page at a time by key."""
    after, before = page_cursors(NEWEST)
    page = inbox_page(get_session(), actor(), after=after, before=before, limit=PER_PAGE)
    return render_template(
        "inbox/index.html",
        notifications=page.items,
        links=pager_links(page),
        form=MarkAllReadForm(),
    )


@bp.post("/read")
@requires(Action.VIEW)
def mark_all_read() -> Response:
    """Mark all my notifications read."""
    form = MarkAllReadForm()
    if form.validate_on_submit():
        session = get_session()
        marked = inbox.mark_all_read(session, actor())
        session.commit()
        flash(f"Marked {marked} notification{'' if marked == 1 else 's'} read.", "success")
    return redirect(url_for("inbox.index"))


def mark_claim_opened(claim_id: int) -> None:
    """Mark the member's notifications about a claim read, as they open its page.

    A GET request reads in a deferred transaction; on SQLite that one could not turn into
    a write once another member had written since it began. So the (rare) write goes
    through a short writing session of its own, and the request's transaction then ends,
    so that the page and its top bar read what was just marked.
    """
    session, user = get_session(), actor()
    if not has_unread_about(session, user, claim_id):
        return
    with database().write_sessions() as writer:
        inbox.mark_claim_read(writer, user, claim_id)
        writer.commit()
    session.commit()
    g.pop("unread_count", None)  # counted with the member, before this marking
    g.pop("inbox_unread", None)


def unread_label() -> str:
    """Return the member's unread count for the top bar ("" for none, "99+" past the cap).

    One capped, indexed count per page, kept for the rest of the request; handed to every
    template by a context processor, so templates receive it rather than query for it.
    Usually counted with the member as the request loaded them (webapp/security.py).
    """
    if not current_user.is_authenticated or request.blueprint == "api":
        return ""
    if "inbox_unread" not in g:
        count = g.get("unread_count")
        try:
            if count is None:
                count = unread_count(get_session(), actor())
        except sa.exc.SQLAlchemyError:  # an error page while the database is unwell
            return ""
        g.inbox_unread = "" if not count else f"{UNREAD_CAP}+" if count > UNREAD_CAP else str(count)
    return g.inbox_unread

"""The member's inbox over the API: their notifications newest first, by cursor."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from werkzeug.wrappers import Response

from models import Notification
from models.permissions import Action
from models.read.inbox import NEWEST, inbox_page, unread_count
from models.read.keyset import decode_cursor

from ..db import get_session
from .core import DEFAULT_LIMIT, MAX_LIMIT, api_requires, api_user, bp, int_arg


def notification_resource(note: Notification) -> dict[str, Any]:
    """Return one notification as the API shows it."""
    actor = note.actor
    return {
        "id": note.id,
        "kind": note.kind.value,
        "claim_id": note.claim_id,
        "claim_summary": note.claim.summary,
        "actor": (
            {"id": actor.id, "username": actor.username, "display_name": actor.display_name}
            if actor is not None
            else None
        ),
        "comment_id": note.comment_id,
        "created_at": note.created_at.isoformat(),
        "read_at": note.read_at.isoformat() if note.read_at else None,
    }


@bp.get("/inbox")
@api_requires(Action.VIEW)
def list_inbox() -> Response:
    """List the token owner's notifications, newest first, and how many are unread."""
    session, user = get_session(), api_user()
    limit = int_arg("limit", minimum=1, maximum=MAX_LIMIT) or DEFAULT_LIMIT
    text = request.args.get("cursor", "").strip()
    after = decode_cursor(text, NEWEST, field="cursor") if text else None
    page = inbox_page(session, user, limit=limit, after=after)
    cursor = page.next_cursor
    return jsonify(
        {
            "items": [notification_resource(note) for note in page.items],
            "next_cursor": cursor.encode() if cursor is not None else None,
            "unread": unread_count(session, user, cap=MAX_LIMIT),
        }
    )

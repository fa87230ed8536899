"""Who may do what: one table the web views, the API and the services all consult."""

from __future__ import annotations

import enum

from .errors import PermissionDenied
from .tables.enums import Role
from .tables.user import User


class Action(enum.StrEnum):
    """Everything a desk member can ask the desk to do."""

    VIEW = "view the desk"
    COMMENT = "comment on claims"
    START_REVIEW = "start reviewing a claim"
    PROPOSE_VERDICT = "propose a verdict"
    APPROVE_VERDICT = "approve a verdict"
    REOPEN_VERDICT = "reopen a proposed verdict"
    REOPEN_APPROVED = "reopen an approved verdict"
    ASSIGN_CLAIM = "assign claims"
    EDIT_ARTICLE = "add or edit articles"
    EDIT_CLAIM = "add or edit claims"
    EDIT_SPEAKER = "add or edit speakers"
    LINK_SOURCE = "link sources to claims"
    EDIT_SOURCE = "record or edit sources in the library"
    EXPORT = "export reports"
    MANAGE_USERS = "manage users"
    MANAGE_OWN_TOKENS = "manage your own API tokens"
    WITHDRAW = "withdraw or restore articles, claims and sources"
    PURGE = "purge withdrawn records for good"


REQUIRED_ROLE: dict[Action, Role] = {
    Action.VIEW: Role.REVIEWER,
    Action.COMMENT: Role.REVIEWER,
    Action.START_REVIEW: Role.REVIEWER,
    Action.PROPOSE_VERDICT: Role.REVIEWER,
    Action.APPROVE_VERDICT: Role.REVIEWER,
    Action.REOPEN_VERDICT: Role.REVIEWER,
    Action.REOPEN_APPROVED: Role.EDITOR,
    Action.ASSIGN_CLAIM: Role.EDITOR,
    Action.EDIT_ARTICLE: Role.EDITOR,
    Action.EDIT_CLAIM: Role.EDITOR,
    Action.EDIT_SPEAKER: Role.EDITOR,
    # whoever researches a claim brings its evidence; the library's records are the editors'
    Action.LINK_SOURCE: Role.REVIEWER,
    Action.EDIT_SOURCE: Role.EDITOR,
    Action.EXPORT: Role.REVIEWER,
    Action.MANAGE_USERS: Role.ADMIN,
    Action.MANAGE_OWN_TOKENS: Role.REVIEWER,
    Action.WITHDRAW: Role.EDITOR,
    Action.PURGE: Role.ADMIN,
}


def allowed(actor: User | None, action: Action) -> bool:
    """Tell whether `actor` may do `action` (None, the desk itself, may do anything)."""
    if actor is None:
        return True
    return actor.can(REQUIRED_ROLE[action])


def require(actor: User | None, action: Action) -> None:
    """Refuse with PermissionDenied unless `actor` may do `action`."""
    if not allowed(actor, action):
        needed = REQUIRED_ROLE[action]
        raise PermissionDenied(
            f"To {action.value} you need the {needed.value} role"
            + (" or higher." if needed is not Role.ADMIN else "."),
            needed_role=needed.value,
        )

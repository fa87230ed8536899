"""Domain errors: what a service raises when it must refuse a change.

The delivery layer (web views, the API, the CLI) turns each into its own answer: a form
error, an HTTP status, one line on stderr. Nothing here knows about HTTP, but each class
names the status that fits it best so the edges agree with each other.
"""

from __future__ import annotations


class DomainError(Exception):
    """A change the desk refuses; the message is meant for the person who asked."""

    http_status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field  # the input the message is about, when there is one


class ValidationError(DomainError):
    """The input itself is wrong (empty, too long, not found in the article, ...)."""

    http_status = 422


class RuleViolation(DomainError):
    """The input is well-formed but the workflow's rules forbid the change now."""

    http_status = 409


class PermissionDenied(DomainError):
    """The actor's role does not allow the action."""

    http_status = 403

    def __init__(self, message: str, *, needed_role: str | None = None) -> None:
        super().__init__(message)
        self.needed_role = needed_role


class NotFound(DomainError):
    """A record named in the request does not exist."""

    http_status = 404


class Conflict(DomainError):
    """A unique thing (username, article text, source URL) exists already."""

    http_status = 409


class StaleVersion(DomainError):
    """Someone else saved the claim since the actor loaded it."""

    http_status = 409

    def __init__(self, message: str, *, current_version: int, changes: dict | None = None):
        super().__init__(message)
        self.current_version = current_version
        self.changes = changes or {}

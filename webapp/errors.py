"""Error pages, and the translation of domain errors into answers."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from models.errors import DomainError, PermissionDenied

from .db import get_session

TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Changed meanwhile",
    413: "Too large",
    422: "Cannot be saved",
}


def init_app(app: Flask) -> None:
    """Render every HTTP error, and a refused domain change, as a page of the desk."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(PermissionDenied, _domain_error)
    app.register_error_handler(StaleDataError, _stale)
    app.register_error_handler(IntegrityError, _integrity)


def _page(status: int, message: str) -> tuple[str, int]:
    get_session().rollback()
    return render_template(
        "errors/error.html", status=status, title=TITLES.get(status, "Error"), message=message
    ), status


def _http_error(exc: HTTPException) -> Any:
    if request.blueprint == "api" or exc.response is not None:
        return exc  # the API's own JSON, or a page made for this refusal (a throttled login)
    return _page(exc.code or 500, exc.description or "")


def _domain_error(exc: DomainError) -> Any:
    return _page(exc.http_status, exc.message)


def _stale(exc: StaleDataError) -> Any:
    return _page(
        409,
        "Someone saved this claim at the same moment. Nothing of yours was "
        "saved; reload the page to see their change, then try again.",
    )


# A unique key (or another rule of the database) refused what a service let through, e.g.
# two people adding the same speaker at the same moment: a conflict, not a crash.
INTEGRITY_MESSAGE = (
    "This conflicts with something already saved: the same name, address or text is "
    "there already. Nothing was saved."
)


def _integrity(exc: IntegrityError) -> Any:
    return _page(409, INTEGRITY_MESSAGE)


def form_error(form: FlaskForm, exc: DomainError, default_field: str | None = None) -> int:
    """Show a refused change next to the field it is about; return the HTTP status."""
    get_session().rollback()
    name = exc.field if exc.field in form._fields else default_field
    if name and name in form._fields:
        field = form._fields[name]
        field.errors = (
            [*field.errors, exc.message] if isinstance(field.errors, list) else [exc.message]
        )
    else:
        form.form_errors.append(exc.message)
    return exc.http_status

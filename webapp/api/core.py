"""The API blueprint: bearer-token authentication, JSON errors, and input parsing.

The API never reads the login cookie: every request names its member with
`Authorization: Bearer <token>`. Every refusal, from a missing token to a stale version,
answers {"error": {"status", "message", "field"}} with the matching HTTP status.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Blueprint, current_app, g, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.wrappers import Response

from models import Claim, User
from models.errors import DomainError, PermissionDenied, StaleVersion, ValidationError
from models.permissions import REQUIRED_ROLE, Action, allowed
from models.services.tokens import authenticate_token
from models.text.inputs import ID_MAX, parse_whole_number, whole_number

from ..db import get_session
from ..errors import INTEGRITY_MESSAGE
from .records import claim_resource

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Endpoints that answer without a token: the API's own description, and unknown paths.
PUBLIC_ENDPOINTS = {"api.openapi_document", "api.unknown_path"}
REALM = 'Bearer realm="claimdesk"'
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_JSON_DEPTH = 32  # the inputs are flat objects; anything deeper is not meant for us

F = TypeVar("F", bound=Callable[..., Any])


# --- answers --------------------------------------------------------------------------


def error_response(
    status: int,
    message: str,
    *,
    field: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    """Return the API's error body with `status`; `extra` keys sit beside "error"."""
    body: dict[str, Any] = {"error": {"status": status, "message": message, "field": field}}
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _unauthorized(message: str, *, invalid: bool) -> Response:
    challenge = REALM + (', error="invalid_token"' if invalid else "")
    return error_response(401, message, headers={"WWW-Authenticate": challenge})


@bp.after_request
def _no_caching(response: Response) -> Response:
    # Answers depend on who asks; no shared cache may keep them.
    response.headers.setdefault("Cache-Control", "no-store")
    response.vary.add("Authorization")
    return response


# --- who is asking ---------------------------------------------------------------------


@bp.before_request
def _authenticate() -> ResponseReturnValue | None:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if not header:
        return _unauthorized(
            "This API needs a token: send 'Authorization: Bearer <token>'. "
            "Create one on your account page under API tokens.",
            invalid=False,
        )
    if scheme.lower() != "bearer" or not secret.strip():
        return _unauthorized("Send the token as 'Authorization: Bearer <token>'.", invalid=True)
    session = get_session()
    user = authenticate_token(session, secret.strip())
    if user is None:
        session.rollback()
        return _unauthorized("The token is unknown, revoked or expired.", invalid=True)
    if session.dirty:
        # the token's last-use time: saved now, whatever the request itself does later;
        # it is a courtesy, so a busy database (another writer) skips it this time
        try:
            session.commit()
        except sa.exc.OperationalError:
            session.rollback()
    g.api_user = user
    return None


def api_user() -> User:
    """Return the member whose token authenticated this request."""
    return g.api_user


def api_requires(action: Action) -> Callable[[F], F]:
    """Answer 403, naming the role needed, unless the token's member may do `action`."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not allowed(api_user(), action):
                needed = REQUIRED_ROLE[action].value
                return error_response(
                    403,
                    f"To {action.value} you need the {needed} role.",
                    needed_role=needed,
                )
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


# --- refusals ---------------------------------------------------------------------------


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> Response:
    get_session().rollback()
    status = exc.code or 500
    headers = {}
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        headers["Allow"] = ", ".join(exc.valid_methods)
    return error_response(status, exc.description or exc.name, headers=headers)


# Registered class by class: the app registers PermissionDenied itself (as an HTML
# page), and Flask prefers the most specific class before looking at blueprints.
@bp.errorhandler(DomainError)
@bp.errorhandler(PermissionDenied)
@bp.errorhandler(ValidationError)
def _domain_error(exc: DomainError) -> Response:
    get_session().rollback()
    extra: dict[str, Any] = {}
    if isinstance(exc, PermissionDenied) and exc.needed_role:
        extra["needed_role"] = exc.needed_role
    return error_response(exc.http_status, exc.message, field=exc.field, **extra)


@bp.errorhandler(StaleVersion)
def _stale_version(exc: StaleVersion) -> Response:
    session = get_session()
    session.rollback()
    return error_response(
        409,
        exc.message,
        field="version",
        current_version=exc.current_version,
        changes=exc.changes,
        claim=_current_claim(),
    )


@bp.errorhandler(StaleDataError)
def _stale_flush(exc: StaleDataError) -> Response:
    # Two saves of one claim raced past the version check; the database kept the first.
    session = get_session()
    session.rollback()
    current = _current_claim()
    return error_response(
        409,
        "Someone saved this claim at the same moment. Nothing of yours was saved; "
        "read the claim again and retry.",
        field="version",
        current_version=current["version"] if current else None,
        claim=current,
    )


@bp.errorhandler(IntegrityError)
def _integrity(exc: IntegrityError) -> Response:
    get_session().rollback()
    return error_response(409, INTEGRITY_MESSAGE)


def _current_claim() -> dict[str, Any] | None:
    claim_id = (request.view_args or {}).get("claim_id")
    claim = get_session().get(Claim, claim_id) if claim_id is not None else None
    return claim_resource(claim, full=True) if claim is not None else None


# --- input ------------------------------------------------------------------------------


def json_object() -> dict[str, Any]:
    """Return the request's JSON body, refusing anything but a plain JSON object.

    Malformed JSON, another JSON value, nesting deeper than MAX_JSON_DEPTH and strings
    that are no UTF-8 text (a lone surrogate such as "\\ud800") are refused with 422.
    """
    try:
        data = json.loads(request.get_data(cache=True))
    except (ValueError, RecursionError):  # RecursionError: nested past Python's limit
        data = None
    if not isinstance(data, dict):
        raise ValidationError("The request body must be a JSON object.")
    _check_json(data)
    return data


def _check_json(document: dict[str, Any]) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH, and strings that UTF-8 cannot encode."""
    pending: list[tuple[Any, int, str | None]] = [(document, 1, None)]
    while pending:
        value, depth, field = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise ValidationError(
                f"The request body is nested more than {MAX_JSON_DEPTH} levels deep.",
                field=field,
            )
        if isinstance(value, dict):
            for key, item in value.items():
                _check_string(key, field)  # checked before it can name a field
                pending.append((item, depth + 1, field or key))
        elif isinstance(value, list):
            pending.extend((item, depth + 1, field) for item in value)
        elif isinstance(value, str):
            _check_string(value, field)


def _check_string(text: str, field: str | None) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(
            f"{field or 'The request body'} holds a lone surrogate (half of a character "
            "written as a \\u escape), which is no text; send whole characters.",
            field=field,
        ) from None


def text_field(data: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    """Return the string `name` from a JSON body (None when absent and optional)."""
    value = data.get(name)
    if value is None:
        if required:
            raise ValidationError(f"{name} is required", field=name)
        return None
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be a string", field=name)
    if required and not value.strip():
        raise ValidationError(f"{name} is required", field=name)
    return value


def version_field(data: dict[str, Any]) -> int:
    """Return the claim version the client loaded; every change to a claim must send it."""
    value = data.get("version")
    if value is None:
        raise ValidationError(
            "version is required: send the claim's version as you read it", field="version"
        )
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= ID_MAX:
        raise ValidationError(f"version must be a whole number from 1 to {ID_MAX}", field="version")
    return value


def date_field(data: dict[str, Any], name: str) -> dt.date | None:
    """Return an ISO date (YYYY-MM-DD) from a JSON body, or None when absent."""
    value = text_field(data, name)
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(f"{name} must be a date written YYYY-MM-DD", field=name) from None


def int_arg(name: str, *, minimum: int = 0, maximum: int = ID_MAX) -> int | None:
    """Return the query parameter `name` as a whole number, or None when absent."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    return parse_whole_number(value, name, minimum=minimum, maximum=maximum)


# --- pages ------------------------------------------------------------------------------


def encode_cursor(last_id: int) -> str:
    """Return the opaque cursor that continues after the row `last_id`."""
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    """Return the id a cursor continues after, or None for the first page."""
    if not cursor:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    kind, _, number = text.partition(":")
    after_id = whole_number(number)
    if kind != "after" or after_id is None:
        raise ValidationError("cursor is not one this API gave out", field="cursor")
    return after_id


def page_args() -> tuple[int | None, int]:
    """Return (after_id, limit) from ?cursor= and ?limit=."""
    limit = int_arg("limit", minimum=1, maximum=MAX_LIMIT)
    return decode_cursor(request.args.get("cursor")), DEFAULT_LIMIT if limit is None else limit


def page_response(rows: list[Any], limit: int, record: Callable[[Any], dict]) -> Response:
    """Answer one page: `rows` was fetched with limit + 1 to know whether more follow."""
    more = len(rows) > limit
    rows = rows[:limit]
    return jsonify(
        {
            "items": [record(row) for row in rows],
            "next_cursor": encode_cursor(rows[-1].id) if more else None,
        }
    )


# --- unknown paths -----------------------------------------------------------------------

_ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@bp.route("/<path:unknown>", methods=_ALL_METHODS)
def unknown_path(unknown: str) -> Response:
    """Answer JSON 404 (or 405) for a path under /api/v1 that no endpoint serves.

    Without this, such a request would belong to no blueprint and get the desk's HTML
    login redirect instead of an API answer.
    """
    adapter = current_app.url_map.bind_to_environ(request.environ)
    valid = []
    for method in _ALL_METHODS:
        try:
            endpoint, _ = adapter.match(method=method)
        except HTTPException:
            continue
        if endpoint != "api.unknown_path":
            valid.append(method)
    if valid:
        raise MethodNotAllowed(valid_methods=valid)
    return error_response(404, f"No API endpoint at {request.path}.")

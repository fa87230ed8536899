"""Report downloads in every format, and the on-screen preview of the HTML report.

The query string carries the claim list's filter (article, speaker, status, rating,
assignee, stance, q: models.read.claim_query's grammar, read strictly) plus
include_drafts, so a list's download buttons export exactly the claims it shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    request,
    stream_template,
)
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from models import ClaimStatus, Role
from models.errors import DomainError
from models.permissions import Action
from models.read.claim_query import ClaimQuery, parse_claim_query
from models.reports.export import (
    CHUNK,
    FORMATS,
    Format,
    get_format,
    iter_bytes,
    report_filename,
    spooled_report,
)
from models.reports.html import describe_filter, iter_html, report_css
from models.reports.model import DEFAULT_BASE_URL, ReportOptions, build_head

from ..db import StreamSession, get_session
from ..security import actor, requires

bp = Blueprint("reports", __name__, url_prefix="/reports")

FORM_PARAMS = {"status", "rating", "include_drafts"}  # what the preview's own form sets
TRUE_WORDS = {"1", "true", "yes", "on"}
FORMAT_LABELS = {
    "html": "HTML",
    "pdf": "PDF",
    "md": "Markdown",
    "csv": "CSV",
    "json": "JSON",
    "claimreview": "ClaimReview",
}


def _include_drafts() -> bool:
    return request.args.get("include_drafts", "").lower() in TRUE_WORDS


def request_query() -> ClaimQuery:
    """Read the claim filter from the query string, strictly: 400/404 naming a bad value."""
    try:
        return parse_claim_query(get_session(), request.args, strict=True, me=actor())
    except DomainError as exc:
        abort(exc.http_status if exc.http_status != 422 else 400, description=exc.message)


def request_params(query: ClaimQuery) -> dict[str, str]:
    """Return the report's parameters for links: the filter as used, and the drafts choice."""
    params = query.export_params()
    if _include_drafts():
        params["include_drafts"] = "1"
    return params


def request_options(query: ClaimQuery) -> ReportOptions:
    """Return the report's options: the query's filter, drafts, byte order mark, settings."""
    config = current_app.config
    return ReportOptions(
        claim_filter=query.claim_filter,
        include_drafts=_include_drafts(),
        base_url=config["REPORT_BASE_URL"],
        organisation_name=config["ORGANISATION_NAME"],
        organisation_url=config["ORGANISATION_URL"],
        bom=request.args.get("bom", "").lower() in TRUE_WORDS,
    )


def base_url_warning() -> str | None:
    """Tell editors and admins when reports still point at the example address.

    Every ClaimReview `url` and claim anchor is built from REPORT_BASE_URL: published
    with the example default, they point at a site that is not the desk's.
    """
    if actor().role not in (Role.EDITOR, Role.ADMIN):
        return None
    if current_app.config["REPORT_BASE_URL"].rstrip("/") != DEFAULT_BASE_URL.rstrip("/"):
        return None
    return (
        f"Reports still link to the example address {DEFAULT_BASE_URL}: every claim's link "
        "and ClaimReview url is built from it. Set REPORT_BASE_URL (the "
        "CLAIMDESK_REPORT_BASE_URL variable) to where the report is published before "
        "sharing a download."
    )


def _drain(spool: IO[bytes]) -> Iterator[bytes]:
    """Yield a finished report from its spool file, closing it at the end."""
    try:
        while chunk := spool.read(CHUNK):
            yield chunk
    finally:
        spool.close()


def _disposition(filename: str) -> str:
    return f'attachment; filename="{filename}"'


@bp.get("/download/<fmt>")
@requires(Action.EXPORT)
def download(fmt: str) -> ResponseReturnValue:
    """Download the report for the current filter in format `fmt`."""
    try:
        report_format: Format = get_format(fmt)
    except DomainError as exc:
        abort(404, description=exc.message)
    options = request_options(request_query())
    session = get_session()
    head = build_head(session, options)
    filename = report_filename(report_format, options)
    if report_format.claimreview or not report_format.streams:
        # Checked (and, for PDF, laid out) before the first byte leaves: a refused
        # ClaimReview becomes an error page, never half a download.
        try:
            spool = spooled_report(session, report_format, options, head=head)
        except DomainError as exc:
            abort(422, description=exc.message)
        size = spool.seek(0, 2)
        spool.seek(0)
        response = Response(
            _drain(spool),
            content_type=report_format.mimetype,
            headers={"Content-Disposition": _disposition(filename), "Content-Length": str(size)},
        )
        response.call_on_close(spool.close)
    else:
        stream = StreamSession()
        response = Response(
            stream.iterate(lambda own: iter_bytes(own, report_format, options, head=head)),
            content_type=report_format.mimetype,
            headers={"Content-Disposition": _disposition(filename)},
        )
        response.call_on_close(stream.close)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/preview")
@requires(Action.EXPORT)
def preview() -> ResponseReturnValue:
    """Show the HTML report on screen, with download buttons for the same selection."""
    query = request_query()
    options = request_options(query)
    session = get_session()
    head = build_head(session, options)
    params = request_params(query)
    stream = StreamSession()
    report = stream.iterate(
        lambda own: (
            Markup(chunk) for chunk in iter_html(own, options, head=head, standalone=False)
        )
    )
    response = Response(
        stream_template(
            "reports/preview.html",
            head=head,
            report=report,
            params=params,
            selection=describe_filter(head.filter_params, head.filter_names),
            formats=[(name, FORMAT_LABELS.get(name, name)) for name in FORMATS],
            statuses=list(ClaimStatus),
            base_url_warning=base_url_warning(),
            fixed_params={k: v for k, v in params.items() if k not in FORM_PARAMS},
        ),
        content_type="text/html; charset=utf-8",
    )
    response.call_on_close(stream.close)
    return response


@bp.get("/report.css")
def stylesheet() -> ResponseReturnValue:
    """Serve the report's own stylesheet to the preview (the files carry it inline)."""
    return Response(report_css(), content_type="text/css; charset=utf-8")

"""Report downloads in every format, and the on-screen preview of the HTML report.

The query string carries the claim list's filter (article, speaker, status, rating,
assignee, stance, q) plus include_drafts, so a list's download buttons export exactly
the claims it shows.
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

from models import ClaimStatus
from models.errors import DomainError
from models.permissions import Action
from models.reports.export import (
    CHUNK,
    FORMATS,
    Format,
    get_format,
    iter_bytes,
    report_filename,
    spooled_report,
)
from models.reports.filters import report_filter
from models.reports.html import describe_filter, iter_html, report_css
from models.reports.model import ReportOptions, build_head

from ..db import StreamSession, get_session
from ..security import actor, requires

bp = Blueprint("reports", __name__, url_prefix="/reports")

FILTER_PARAMS = ("article", "speaker", "status", "rating", "assignee", "stance", "q")
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


def request_params() -> dict[str, str]:
    """Return the report parameters present in the query string (for links)."""
    params = {k: request.args[k].strip() for k in FILTER_PARAMS if request.args.get(k, "").strip()}
    if request.args.get("include_drafts", "").lower() in TRUE_WORDS:
        params["include_drafts"] = "1"
    return params


def request_options() -> ReportOptions:
    """Read the report's filter and options from the query string; 4xx on a bad value."""
    args = request.args
    assignee = args.get("assignee")
    if assignee == "me":
        assignee = str(actor().id)
    try:
        claim_filter = report_filter(
            get_session(),
            article=args.get("article"),
            speaker=args.get("speaker"),
            status=args.get("status"),
            rating=args.get("rating"),
            assignee=assignee,
            stance=args.get("stance"),
            text=args.get("q"),
        )
    except DomainError as exc:
        abort(exc.http_status if exc.http_status != 422 else 400, description=exc.message)
    config = current_app.config
    return ReportOptions(
        claim_filter=claim_filter,
        include_drafts=args.get("include_drafts", "").lower() in TRUE_WORDS,
        base_url=config["REPORT_BASE_URL"],
        organisation_name=config["ORGANISATION_NAME"],
        organisation_url=config["ORGANISATION_URL"],
        bom=args.get("bom", "").lower() in TRUE_WORDS,
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
    options = request_options()
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
    options = request_options()
    session = get_session()
    head = build_head(session, options)
    params = request_params()
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
            selection=describe_filter(head.filter_params),
            formats=[(name, FORMAT_LABELS.get(name, name)) for name in FORMATS],
            statuses=list(ClaimStatus),
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

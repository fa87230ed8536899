"""One entry point for every report format: which formats exist and how each is written.

Writers share one rule: ClaimReview markup (html, pdf, claimreview) is checked as it is
produced, and a failed check leaves nothing behind (`export_to_path` writes FILE.partial
and renames it only when complete and valid; `spooled_report` holds the output in a
temporary file until it passes).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import orm

from ..errors import ValidationError
from .claimreview import iter_claimreview
from .claimreview_check import ReviewGuard
from .csv_export import iter_csv
from .html import iter_html
from .json_export import iter_json
from .markdown import iter_markdown
from .model import ClaimView, ReportHead, ReportOptions, build_head

CHUNK = 64 * 1024  # bytes per write or per streamed HTTP chunk
SPOOL_IN_MEMORY = 8 * 1024 * 1024  # larger outputs spill to a temporary file


@dataclass(frozen=True)
class Format:
    """A report format: file extension, media type, and how it is produced."""

    name: str
    extension: str
    mimetype: str
    description: str
    streams: bool = True  # written claim by claim; False: built whole in memory (PDF)
    claimreview: bool = False  # carries ClaimReview markup, checked before it is written


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("html", "html", "text/html; charset=utf-8", "standalone web page", claimreview=True),
        Format("pdf", "pdf", "application/pdf", "print-ready PDF", streams=False, claimreview=True),
        Format("md", "md", "text/markdown; charset=utf-8", "Markdown for a CMS"),
        Format("csv", "csv", "text/csv; charset=utf-8", "spreadsheet, one row per claim × source"),
        Format("json", "json", "application/json", "the JSON contract, extended"),
        Format(
            "claimreview",
            "claimreview.jsonld",
            "application/ld+json",
            "schema.org ClaimReview (JSON-LD)",
            claimreview=True,
        ),
    )
}


def get_format(name: str) -> Format:
    """Return the format called `name`, refusing an unknown one with the valid names."""
    try:
        return FORMATS[name.strip().lower()]
    except KeyError:
        raise ValidationError(
            f"unknown report format {name!r}; choose one of {', '.join(FORMATS)}", field="format"
        ) from None


TextWriter = Callable[..., Iterator[str]]
TEXT_WRITERS: dict[str, TextWriter] = {
    "html": iter_html,
    "md": iter_markdown,
    "csv": iter_csv,
    "json": lambda session, options, **kw: iter_json(session, options=options, **kw),
    "claimreview": iter_claimreview,
}


def iter_text(
    session: orm.Session,
    fmt: Format,
    options: ReportOptions,
    *,
    guard: ReviewGuard | None = None,
    head: ReportHead | None = None,
    on_claim: Callable[[ClaimView], None] | None = None,
) -> Iterator[str]:
    """Yield a streamable format's text in chunks."""
    writer = TEXT_WRITERS[fmt.name]
    kwargs: dict[str, Any] = {"head": head, "on_claim": on_claim}
    if fmt.claimreview:
        kwargs["guard"] = guard
    return writer(session, options, **kwargs)


def iter_bytes(
    session: orm.Session,
    fmt: Format,
    options: ReportOptions,
    *,
    guard: ReviewGuard | None = None,
    head: ReportHead | None = None,
    on_claim: Callable[[ClaimView], None] | None = None,
) -> Iterator[bytes]:
    """Yield a streamable format as UTF-8 in chunks of about CHUNK bytes."""
    pending: list[str] = []
    size = 0
    for text in iter_text(session, fmt, options, guard=guard, head=head, on_claim=on_claim):
        pending.append(text)
        size += len(text)
        if size >= CHUNK:
            yield "".join(pending).encode("utf-8")
            pending, size = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


def write_report(
    session: orm.Session,
    fmt: Format,
    out: IO[bytes],
    options: ReportOptions,
    *,
    head: ReportHead | None = None,
    on_claim: Callable[[ClaimView], None] | None = None,
) -> None:
    """Write the report to a binary stream; raise ClaimReviewInvalid after a failed check.

    The caller discards what was written when this raises.
    """
    guard = ReviewGuard() if fmt.claimreview else None
    head = head or build_head(session, options)
    if fmt.name == "pdf":
        from .pdf import render_pdf

        render_pdf(session, options, out, guard=guard, head=head, on_claim=on_claim)
    else:
        for chunk in iter_bytes(session, fmt, options, guard=guard, head=head, on_claim=on_claim):
            out.write(chunk)
    if guard is not None:
        guard.raise_if_failed()


def export_to_path(
    session: orm.Session,
    fmt: Format,
    path: Path,
    options: ReportOptions,
    *,
    head: ReportHead | None = None,
    on_claim: Callable[[ClaimView], None] | None = None,
) -> None:
    """Write the report to `path` via `path.partial`: the file appears only when complete.

    Anything raised meanwhile (a failed check, a full disk, KeyboardInterrupt) removes
    the partial file. The file is on disk before it takes its name, and the name is on
    disk before this returns, so a crash right after leaves the whole report or none.
    """
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as handle:
            write_report(session, fmt, handle, options, head=head, on_claim=on_claim)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX only: elsewhere a folder cannot be opened)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def spooled_report(
    session: orm.Session,
    fmt: Format,
    options: ReportOptions,
    *,
    head: ReportHead | None = None,
    on_claim: Callable[[ClaimView], None] | None = None,
) -> IO[bytes]:
    """Return the finished, checked report in a temporary file positioned at its start.

    Small reports stay in memory; large ones spill to disk, so memory stays flat.
    """
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (returned open)
    try:
        write_report(session, fmt, spool, options, head=head, on_claim=on_claim)  # type: ignore[arg-type]
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool  # type: ignore[return-value]


def report_filename(fmt: Format, options: ReportOptions) -> str:
    """Return a download name such as claimdesk-article-1-2024-05-01.html."""
    scope = (
        f"article-{options.claim_filter.article_id}"
        if options.claim_filter.article_id is not None
        else "report"
    )
    day = options.generated_at().date().isoformat()
    return f"claimdesk-{scope}-{day}.{fmt.extension}"

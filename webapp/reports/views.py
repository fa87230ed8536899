"""Report downloads and the on-screen preview (placeholder until the report issue lands)."""

from __future__ import annotations

from flask import Blueprint, abort

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.get("/download/<fmt>")
def download(fmt: str) -> str:
    """Download the report for the current filter in format `fmt`."""
    abort(501, description="Report downloads are not built yet.")


@bp.get("/preview")
def preview() -> str:
    """Show the HTML report on screen."""
    abort(501, description="The report preview is not built yet.")

"""Small helpers shared by the report tests."""

from __future__ import annotations

import io
import re

from sqlalchemy import orm

from models.reports.export import get_format, write_report
from models.reports.model import ReportOptions


def render(session: orm.Session, fmt: str, options: ReportOptions) -> bytes:
    """Return the report in format `fmt` as bytes."""
    out = io.BytesIO()
    write_report(session, get_format(fmt), out, options)
    return out.getvalue()


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space (PDF text wraps lines)."""
    return re.sub(r"\s+", " ", text).strip()

"""Report fixtures: the seed fact-check with its review times frozen, and report options.

The seed's workflow stamps proposals and approvals with the current time; the tests set
them to fixed values so golden files stay byte-for-byte stable.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from models import Claim
from models.reports.model import ReportOptions

# Web helpers from the webapp tests (members of each role, logging in).
from ..conftest import expect_seeded
from ..webapp.conftest import as_role, members  # noqa: F401

GOLDEN = Path(__file__).parent / "golden"
UPDATE_ENV = "CLAIMDESK_UPDATE_GOLDEN"
NOW = dt.datetime(2024, 6, 3, 8, 30, tzinfo=dt.UTC)
PROPOSED = dt.datetime(2024, 5, 20, 9, 0, tzinfo=dt.UTC)
APPROVED = dt.datetime(2024, 5, 22, 14, 0, tzinfo=dt.UTC)
BASE_URL = "https://factcheck.example.org/reports/ai-in-china"
ORGANISATION = "Example Fact Desk"
ORGANISATION_URL = "https://factcheck.example.org/"


def freeze_review_times(session: orm.Session) -> None:
    """Give every proposal and approval a fixed time (a minute apart per claim)."""
    for claim in session.scalars(sa.select(Claim).where(Claim.proposed_at.is_not(None))):
        offset = dt.timedelta(minutes=claim.id)
        claim.proposed_at = PROPOSED + offset
        if claim.approved_at is not None:
            claim.approved_at = APPROVED + offset
    session.flush()


@pytest.fixture
def report_seed(session: orm.Session) -> orm.Session:
    """The seed fact-check, committed, with frozen review times."""
    expect_seeded(session)
    freeze_review_times(session)
    session.commit()
    return session


@pytest.fixture
def options() -> ReportOptions:
    """Report options with a frozen clock and a fixed organisation and base URL."""
    return ReportOptions(
        now=NOW,
        base_url=BASE_URL,
        organisation_name=ORGANISATION,
        organisation_url=ORGANISATION_URL,
    )


@pytest.fixture
def report_app(app):
    """The app configured with the same organisation and base URL as `options`."""
    app.config.update(
        REPORT_BASE_URL=BASE_URL, ORGANISATION_NAME=ORGANISATION, ORGANISATION_URL=ORGANISATION_URL
    )
    return app


def compare_golden(name: str, data: bytes) -> None:
    """Compare `data` with golden/<name>; rewrite it when CLAIMDESK_UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if os.environ.get(UPDATE_ENV) == "1":
        path.write_bytes(data)
        return
    assert path.exists(), f"no golden file {path}; run with {UPDATE_ENV}=1 to create it"
    expected = path.read_bytes()
    if data != expected:
        got, want = data.decode("utf-8", "replace"), expected.decode("utf-8", "replace")
        for number, (a, b) in enumerate(zip(got.splitlines(), want.splitlines(), strict=False), 1):
            assert a == b, f"{name} differs from its golden file at line {number}"
        assert len(data) == len(expected), f"{name} differs from its golden file in length"

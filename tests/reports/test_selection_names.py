"""A report's selection names people as the desk shows them, not by id or username."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa

from models import Claim, Speaker, User
from models.read.claim_filter import ClaimFilter
from models.reports.model import build_head

from .helpers import render


def test_the_selection_names_the_speaker_and_the_assignee(report_seed, options) -> None:
    speaker = report_seed.scalar(sa.select(Speaker).where(Speaker.name == "Pascal Coppens"))
    member = report_seed.scalar(sa.select(User).where(User.username == "tomas"))
    report_seed.execute(sa.update(Claim).where(Claim.id == 1).values(assignee_id=member.id))
    report_seed.commit()
    narrowed = replace(
        options, claim_filter=ClaimFilter(speaker_id=speaker.id, assignee_id=member.id)
    )
    assert build_head(report_seed, narrowed).total_claims >= 1
    for fmt in ("html", "md"):
        text = render(report_seed, fmt, narrowed).decode()
        assert "speaker: Pascal Coppens" in text, fmt
        assert "assigned to: Tomás Ferreira" in text, fmt
        assert f"speaker: {speaker.id}" not in text and "tomas" not in text, fmt

"""`claimdesk purge-withdrawn`: delete withdrawn rows for good, after confirmation."""

from __future__ import annotations

import datetime as dt

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from models import User
from models.errors import NotFound
from models.services import withdrawals
from models.text.counting import count

from ..commands import clean_errors
from ..db import database


@click.command("purge-withdrawn")
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(min=0),
    default=None,
    help="Only rows withdrawn at least this many days ago.",
)
@click.option("--by", "username", default=None, help="The admin the audit trail names.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
@clean_errors
def purge_withdrawn_command(days: int | None, username: str | None, yes: bool) -> None:
    """Delete withdrawn articles, claims and sources for good (each leaves a desk event
    holding what it was; a claim's holds its whole audit trail)."""
    older_than = dt.timedelta(days=days) if days is not None else None
    with database().write_sessions.begin() as session:
        actor = None
        if username is not None:
            actor = session.scalar(sa.select(User).where(User.username == username.lower()))
            if actor is None:
                raise NotFound(f"there is no member {username!r}")
        plan = withdrawals.purgeable(session, older_than=older_than)
        if not plan.total():
            click.echo("Nothing withdrawn to purge.")
            return
        summary = ", ".join(
            [
                count(len(plan.articles), "article"),
                count(len(plan.claims), "claim"),
                count(len(plan.sources), "source"),
            ]
        )
        if not yes and not click.confirm(f"Delete {summary} for good?", default=False):
            click.echo("Nothing purged.")
            return
        done = withdrawals.purge(session, plan, actor=actor)
    click.echo(
        f"Purged {count(len(done.articles), 'article')}, {count(len(done.claims), 'claim')}, "
        f"{count(len(done.sources), 'source')}; the desk's audit trail records each."
    )

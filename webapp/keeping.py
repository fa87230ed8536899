"""`claimdesk backup`, `restore` and `copy-db`: keep a desk and move it (logic in models/ops)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from models.ops import backup as backups
from models.ops.copy import copy_desk
from models.text.counting import count

from .commands import clean_errors
from .db import database


def _shell(command: list[str]) -> str:
    return " ".join(shlex.quote(part) for part in command)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--print-command",
    is_flag=True,
    help="PostgreSQL: print the pg_dump command instead of running it.",
)
@with_appcontext
@clean_errors
def backup_command(path: Path, print_command: bool) -> None:
    """Copy the desk to PATH while it runs; PATH.json records its revision and checksum."""
    result = backups.backup(database().engine, path, run_pg_dump=not print_command)
    if result.manifest is None:
        assert result.command is not None
        click.echo(_shell(result.command))
        click.echo(
            "pg_dump was not run (not on PATH, or --print-command): run the command above "
            "with the password in PGPASSWORD; restore checks the file only if it was made "
            "by claimdesk backup",
            err=True,
        )
        return
    manifest = result.manifest
    click.echo(
        f"backed up to {path} ({manifest.bytes:,} bytes, revision {manifest.revision}, "
        f"sha256 {manifest.sha256}); manifest {backups.manifest_path(path)}"
    )


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Restore even over a desk newer than the backup.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
@clean_errors
def restore_command(path: Path, force: bool, yes: bool) -> None:
    """Replace the desk with the backup at PATH, all at once (stop the server first)."""
    engine = database().engine
    if not yes:
        click.confirm(
            f"Replace the desk at {engine.url.render_as_string(hide_password=True)} with "
            f"{path}? Stop the desk's server first: what members save meanwhile is lost",
            abort=True,
        )
    result = backups.restore(engine, path, force=force)
    if result.command is not None:
        click.echo(_shell(result.command))
        click.echo("pg_restore is not on PATH: run the command above, then claimdesk init")
        return
    click.echo(
        f"restored {path} (taken {result.backup.created_at}, revision "
        f"{result.backup.revision}); the desk is at revision {result.revision}"
    )


@click.command("copy-db")
@click.option("--to", "to_url", required=True, help="The empty database to copy the desk into.")
@click.option(
    "--batch", type=click.IntRange(min=1), default=2_000, show_default=True, help="Rows per INSERT."
)
@with_appcontext
@clean_errors
def copy_db_command(to_url: str, batch: int) -> None:
    """Copy the desk into an empty database (SQLite to PostgreSQL or back), ids and all."""
    bar = None

    def start(total: int) -> None:
        nonlocal bar
        bar = click.progressbar(length=total, label="rows", file=sys.stderr, show_pos=True)
        bar.__enter__()

    def advance(rows: int) -> None:
        if bar is not None:
            bar.update(rows)

    try:
        report = copy_desk(
            database().engine, to_url, batch_rows=batch, on_start=start, on_rows=advance
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    tables = len(report.sums)
    click.echo(
        f"copied {count(report.rows, 'row')} in {count(tables, 'table')} to {report.target} "
        f"in {report.copy_seconds:.1f} s ({report.rows_per_second:,.0f} rows/s); counts and "
        f"checksums match ({report.check_seconds:.1f} s), and so do the claim tallies and "
        "the search index"
    )

"""The desk's own commands, registered on app.cli by create_app()."""

from __future__ import annotations

import functools
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext

from models import Role, User, accounts, migrate
from models.errors import DomainError
from models.queries import ClaimFilter
from models.reports.json_export import write_json
from models.seeding import default_seed_files, load_seed

from .db import database


def _describe(url: sa.URL) -> str:
    return url.render_as_string(hide_password=True)


def clean_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn domain and database errors into one line on stderr and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
            url = _describe(database().engine.url)
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise click.ClickException(f"cannot use the database {url}: {reason}") from exc
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
            raise click.ClickException(
                f"the database URL is not valid: {exc}. Set CLAIMDESK_DATABASE_URL to a "
                "SQLAlchemy URL such as sqlite:///desk.sqlite3 or "
                "postgresql+psycopg://user@host/db"
            ) from exc

    return wrapper


def ensure_schema() -> bool:
    """Bring the schema to the newest migration; tell whether the database was empty."""
    engine = database().engine
    was_empty = migrate.current_revision(engine) is None and not sa.inspect(engine).has_table(
        "claims"
    )
    migrate.upgrade(engine)
    return was_empty


def seed_files(paths: tuple[Path, ...]) -> None:
    """Load seed files in one transaction: all of them, or nothing."""
    with database().sessions.begin() as session:
        for path in paths or default_seed_files():
            report = load_seed(session, Path(path))
            click.echo(f"{Path(path).name}: {report}")


@click.command("init")
@with_appcontext
@clean_errors
def init_command() -> None:
    """Create the database, or upgrade it to the newest migration."""
    ensure_schema()
    engine = database().engine
    click.echo(f"{_describe(engine.url)} is at revision {migrate.current_revision(engine)}.")


@click.command("seed")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
@clean_errors
def seed_command(paths: tuple[Path, ...]) -> None:
    """Load the curated fact-check in seeds/ (or the given files); safe to run twice."""
    ensure_schema()
    seed_files(paths)


@click.group("user")
def user_group() -> None:
    """Manage desk members."""


@user_group.command("create")
@click.argument("username")
@click.option("--role", required=True, help="admin, editor or reviewer")
@click.option("--display-name", default=None, help="The name shown in the desk.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
@clean_errors
def user_create_command(
    username: str, role: str, display_name: str | None, password_stdin: bool
) -> None:
    """Create a desk member; the password is prompted for unless --password-stdin."""
    parsed_role = accounts.parse_role(role)
    username = accounts.check_username(username)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    ensure_schema()
    with database().sessions.begin() as session:
        user = accounts.create_user(
            session, username, parsed_role, password, display_name=display_name, actor=None
        )
        click.echo(f"created {user.role.value} {user.username}")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.option("--article", "article_id", type=int, default=None, help="Only this article.")
@with_appcontext
@clean_errors
def export_command(fmt: str, output: Path | None, article_id: int | None) -> None:
    """Export the desk's articles and claims."""
    claim_filter = ClaimFilter(article_id=article_id)
    with database().sessions() as session:
        if output is None:
            write_json(session, sys.stdout, claim_filter)
            return
        partial = output.with_name(output.name + ".partial")
        with partial.open("w", encoding="utf-8") as handle:
            write_json(session, handle, claim_filter)
        partial.replace(output)  # a failed export never leaves half a file behind
        click.echo(f"wrote {output}", err=True)


def bootstrap() -> None:
    """On an empty database: migrate, load the seed, and create a first admin account."""
    was_empty = ensure_schema()
    if was_empty:
        seed_files(())
    with database().sessions.begin() as session:
        has_admin = session.scalar(
            sa.select(sa.func.count()).select_from(User).where(User.role == Role.ADMIN)
        )
        if has_admin:
            return
        password = secrets.token_urlsafe(12)
        accounts.create_user(
            session, "admin", Role.ADMIN, password, display_name="Administrator", actor=None
        )
    click.echo(
        "\n  Claimdesk created the account 'admin' with this one-time password:\n\n"
        f"      {password}\n\n"
        "  It is shown only now. Log in and change it under your account page.\n",
        err=True,
    )


def register_commands(app: Flask) -> None:
    """Add init, seed, user and export to the app's command group."""
    app.cli.add_command(init_command)
    app.cli.add_command(seed_command)
    app.cli.add_command(user_group)
    app.cli.add_command(export_command)

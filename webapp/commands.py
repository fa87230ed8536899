"""The desk's own commands, registered on app.cli by create_app()."""

from __future__ import annotations

import contextlib
import functools
import secrets
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import orm

from models import Article, ClaimSuggestion, Role, User, migrate
from models.errors import DomainError
from models.read.claim_query import parse_claim_query
from models.reports.claimreview_check import check_file
from models.reports.export import (
    FORMATS,
    Format,
    export_to_path,
    iter_bytes,
    spooled_report,
)
from models.reports.model import ReportHead, ReportOptions, build_head
from models.services import accounts
from models.services.seeding import default_seed_files, load_seed
from models.services.suggestions import propose_claims
from models.text.counting import count

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
        except sa.exc.IntegrityError as exc:
            # a uniqueness or consistency rule the services did not foresee; nothing saved
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise click.ClickException(f"the database refused the change: {reason}") from exc
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
    return migrate.upgrade(database().engine)


def seed_files(paths: tuple[Path, ...]) -> None:
    """Load seed files in one transaction: all of them, or nothing.

    Claim detection then runs over every article that has no suggestions yet, so the
    demo desk shows what it proposes beside what the desk logged by hand.
    """
    with database().write_sessions.begin() as session:
        for path in paths or default_seed_files():
            report = load_seed(session, Path(path))
            click.echo(f"{Path(path).name}: {report}")
        unsuggested = session.scalars(
            sa.select(Article).where(
                ~sa.exists().where(ClaimSuggestion.article_id == Article.id),
                Article.withdrawn_at.is_(None),
            )
        ).all()
        added = sum(len(propose_claims(session, a, actor=None)) for a in unsuggested)
        if unsuggested:
            found = count(added, "suggested claim")
            click.echo(f"claim detection: {found} in {count(len(unsuggested), 'article')}")


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
    with database().write_sessions.begin() as session:
        user = accounts.create_user(
            session, username, parsed_role, password, display_name=display_name, actor=None
        )
        click.echo(f"created {user.role.value} {user.username}")


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="json",
    show_default=True,
    help="html, pdf, md, csv, json or claimreview (schema.org JSON-LD).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.option("--article", default=None, help="Only this article (its id or exact title).")
@click.option("--status", default=None, help="Only claims in this workflow status.")
@click.option("--rating", default=None, help="Only claims with this verdict (slug, or 'none').")
@click.option("--speaker", default=None, help="Only claims by this speaker (id, name or alias).")
@click.option(
    "--assignee", default=None, help="Only claims assigned to this member (id, username, 'none')."
)
@click.option(
    "--stance", default=None, help="Only claims with a source taking this stance (e.g. refutes)."
)
@click.option("--words", "q", default=None, help="Only claims holding all these search words.")
@click.option(
    "--ids", default=None, help="Only these claims: ids separated by commas (500 at most)."
)
@click.option(
    "--include-drafts", is_flag=True, help="Show proposed verdicts too, marked as drafts."
)
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 byte order mark (Excel).")
@click.option(
    "--base-url",
    default=None,
    help="Where the HTML report will be published; claim links and ClaimReview urls "
    "point into it. Default: the REPORT_BASE_URL setting (CLAIMDESK_REPORT_BASE_URL).",
)
@with_appcontext
@clean_errors
def export_command(
    fmt: str,
    output: Path | None,
    article: str | None,
    status: str | None,
    rating: str | None,
    speaker: str | None,
    assignee: str | None,
    stance: str | None,
    q: str | None,
    ids: str | None,
    include_drafts: bool,
    bom: bool,
    base_url: str | None,
) -> None:
    """Export the fact-check report (one article, a filtered set of claims, or all)."""
    migrate.refuse_unknown(migrate.current_revision(database().engine))  # a newer schema
    report_format = FORMATS[fmt]
    config = current_app.config
    stopped = f"export interrupted; {output} was not written" if output else "export interrupted"
    with interruptible(stopped), database().sessions() as session:
        # the claim list's grammar, read strictly; nobody is "me" on the command line
        criteria = {"article": article, "speaker": speaker, "status": status, "rating": rating}
        criteria.update(assignee=assignee, stance=stance, q=q, ids=ids)
        params = {name: value for name, value in criteria.items() if value is not None}
        query = parse_claim_query(session, params, strict=True)
        options = ReportOptions(
            claim_filter=query.claim_filter,
            include_drafts=include_drafts,
            base_url=config["REPORT_BASE_URL"] if base_url is None else base_url,
            organisation_name=config["ORGANISATION_NAME"],
            organisation_url=config["ORGANISATION_URL"],
            bom=bom,
        )
        head = build_head(session, options)
        with _progress(head.total_claims) as on_claim:
            if output is not None:
                try:
                    export_to_path(
                        session, report_format, output, options, head=head, on_claim=on_claim
                    )
                except OSError as exc:
                    raise click.ClickException(
                        f"cannot write {output}: {exc.strerror or exc}"
                    ) from exc
            else:
                _to_stdout(session, report_format, options, head, on_claim)
    if output is not None:
        click.echo(f"wrote {output} ({count(head.total_claims, 'claims')}, {fmt})", err=True)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C raises KeyboardInterrupt."""


@contextlib.contextmanager
def interruptible(message: str) -> Iterator[None]:
    """Stop on Ctrl-C or SIGTERM with one line (`message`) and exit status 130 or 143.

    For the duration SIGTERM raises KeyboardInterrupt (Terminated) like Ctrl-C, so the
    same clean-up runs for both (export_to_path removes FILE.partial); the previous
    handler is restored afterwards.
    """

    def terminate(signum: int, frame: Any) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second one must not cut the clean-up
        raise Terminated

    main = threading.current_thread() is threading.main_thread()  # only it may set handlers
    previous = signal.signal(signal.SIGTERM, terminate) if main else None
    try:
        yield
    except KeyboardInterrupt as exc:
        error = click.ClickException(message)
        error.exit_code = 128 + (signal.SIGTERM if isinstance(exc, Terminated) else signal.SIGINT)
        raise error from None
    finally:
        if main:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[Any], None] | None]:
    """Show a progress bar on stderr, only when stderr is a terminal."""
    if not total or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label="exporting", file=sys.stderr) as bar:
        yield lambda _claim: bar.update(1)


def _to_stdout(
    session: orm.Session,
    report_format: Format,
    options: ReportOptions,
    head: ReportHead,
    on_claim: Callable[[Any], None] | None,
) -> None:
    out = sys.stdout.buffer  # the binary side of stdout (also under CliRunner)
    if not report_format.streams and out.isatty():
        raise click.ClickException(
            f"{report_format.name} is binary; write it to a file with -o FILE"
        )
    if report_format.claimreview or not report_format.streams:
        # Checked before anything is written: the whole output waits in a spool file.
        with spooled_report(session, report_format, options, head=head, on_claim=on_claim) as f:
            shutil.copyfileobj(f, out)
    else:
        for chunk in iter_bytes(session, report_format, options, head=head, on_claim=on_claim):
            out.write(chunk)
    out.flush()


@click.command("check-claimreview")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--quiet", is_flag=True, help="Print errors only, not warnings.")
def check_claimreview_command(file: Path, quiet: bool) -> None:
    """Check a ClaimReview JSON-LD file or HTML page; exit 1 if it breaks a rule."""
    try:
        result = check_file(file)
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"cannot read {file}: {exc}") from exc
    for problem in result.problems if not quiet else result.errors:
        click.echo(str(problem))
    warnings = len(result.problems) - len(result.errors)
    summary = (
        f"{file}: {count(result.reviews, 'ClaimReview object')}, "
        f"{count(len(result.errors), 'error')}, {count(warnings, 'warning')}"
    )
    if result.errors:
        raise click.ClickException(summary)
    click.echo(summary, err=True)


def bootstrap() -> None:
    """On an empty database: migrate, load the seed, and create a first admin account."""
    was_empty = ensure_schema()
    if was_empty:
        seed_files(())
    with database().write_sessions.begin() as session:
        migrate.hold_setup_lock(session)  # another server starting now waits, then sees ours
        has_admin = session.scalar(
            sa.select(sa.func.count()).select_from(User).where(User.role == Role.ADMIN)
        )
        if has_admin:
            return
        password = secrets.token_urlsafe(12)
        accounts.create_user(
            session,
            "admin",
            Role.ADMIN,
            password,
            display_name="Administrator",
            actor=None,
            must_change_password=True,
        )
    click.echo(
        "\n  Claimdesk created the account 'admin' with this one-time password:\n\n"
        f"      {password}\n\n"
        "  It is shown only now. At the first login the desk asks you to replace it with\n"
        "  a password of your own.\n",
        err=True,
    )


@click.command("demo-data")
@click.option("--claims", type=click.IntRange(min=1), required=True, help="Claims in all.")
@click.option(
    "--articles",
    type=click.IntRange(min=1),
    default=None,
    help="Articles to spread them over (default: one per 30 claims).",
)
@click.option(
    "--seed", type=int, default=1, show_default=True, help="The same seed, the same desk."
)
@with_appcontext
@clean_errors
def demo_data_command(claims: int, articles: int | None, seed: int) -> None:
    """Fill an empty desk with a deterministic synthetic one (benchmarks, trials)."""
    from models.demo import DemoSpec, build_demo_desk, check_spec

    spec = DemoSpec(claims=claims, articles=articles, seed=seed)
    check_spec(spec)
    ensure_schema()
    engine = database().engine
    started = time.perf_counter()
    with click.progressbar(length=claims, label="claims", file=sys.stderr, show_pos=True) as bar:
        report = build_demo_desk(engine, spec, on_claims=bar.update)
    elapsed = time.perf_counter() - started
    click.echo(f"demo desk built in {elapsed:.0f} s: {report}", err=True)


def register_commands(app: Flask) -> None:
    """Add the desk's commands (init, seed, user, export, demo-data, ...) to the app's group."""
    app.cli.add_command(demo_data_command)
    app.cli.add_command(init_command)
    app.cli.add_command(seed_command)
    app.cli.add_command(user_group)
    app.cli.add_command(export_command)
    app.cli.add_command(check_claimreview_command)
    from .keeping import backup_command, copy_db_command, restore_command  # they import this module
    from .withdrawals.commands import purge_withdrawn_command  # it imports this module

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(copy_db_command)

    app.cli.add_command(purge_withdrawn_command)
    from .import_command import import_command  # it imports this module

    app.cli.add_command(import_command)
    from .detect_command import detect_command  # it imports this module

    app.cli.add_command(detect_command)

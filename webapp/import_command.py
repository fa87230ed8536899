"""`claimdesk import PATH_OR_URL`: bring an article in from a file or its address.

Exit status: 0 when the article was added; 3 when the desk holds it already (the same
text near enough, or the same address), printing "already article N: TITLE" on
standard output so a script can find it; 1 for every refusal (one line on stderr).
"""

from __future__ import annotations

import datetime as dt

import click
import sqlalchemy as sa
from flask.cli import with_appcontext
from sqlalchemy import orm

from models import Role, User
from models.errors import NotFound, ValidationError
from models.intake import load_document
from models.services import accounts
from models.services.importing import Metadata, import_article
from models.services.intake import DuplicateArticle, InvalidArticle
from models.text.counting import count

from .commands import clean_errors, ensure_schema
from .db import database
from .intake import fetch_policy

DUPLICATE_EXIT = 3
FLAGS = {"title", "author", "publisher", "published", "url", "language"}


def acting_member(session: orm.Session, username: str | None) -> User:
    """Return the member named by --as, or the desk's only active admin when none is."""
    if username is not None:
        user = accounts.get_user(session, username)
        if user is None or not user.active:
            raise NotFound(f"there is no active member {username!r}")
        return user
    admins = session.scalars(
        sa.select(User).where(User.role == Role.ADMIN, User.active.is_(True)).limit(2)
    ).all()
    if len(admins) != 1:
        raise ValidationError(
            "say who brings the article in: --as USERNAME (an editor or admin)", field="as"
        )
    return admins[0]


@click.command("import")
@click.argument("source", metavar="PATH_OR_URL")
@click.option("--title", default=None, help="The title (instead of the one found).")
@click.option("--author", default=None, help="The author (instead of the one found).")
@click.option("--publisher", default=None, help="The publisher (instead of the one found).")
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The publication date, YYYY-MM-DD (instead of the one found).",
)
@click.option("--url", default=None, help="The article's address (instead of the one found).")
@click.option("--language", default=None, help="A language tag: en, fr, pt-BR (instead of …).")
@click.option(
    "--as",
    "username",
    default=None,
    help="The member who brings it in (an editor or admin); default: the only admin.",
)
@with_appcontext
@clean_errors
def import_command(
    source: str,
    title: str | None,
    author: str | None,
    publisher: str | None,
    published: dt.datetime | None,
    url: str | None,
    language: str | None,
    username: str | None,
) -> None:
    """Import an article from a text, Markdown or HTML file, or from its web address.

    What the flags give replaces what was found in the article. Exit status 3 (and
    "already article N: TITLE") when the desk holds the article already.
    """
    said = Metadata(
        title=title,
        author=author,
        publisher=publisher,
        published=published.date() if published else None,
        language=language,
        url=url,
    )
    ensure_schema()
    with database().write_sessions() as session:
        actor = acting_member(session, username)
        draft = load_document(source, fetch_policy())  # before any write: nothing half-done
        try:
            article = import_article(session, draft, actor=actor, metadata=said)
        except DuplicateArticle as exc:
            session.rollback()
            click.echo(f"already article {exc.article_id}: {exc.title}")
            raise click.exceptions.Exit(DUPLICATE_EXIT) from None
        except ValidationError as exc:
            if exc.field in FLAGS and not isinstance(exc, InvalidArticle):  # the flag to use
                exc.message = f"{exc.message} (--{exc.field})"
            raise
        session.commit()
        words = count(len(article.body.split()), "word")
        click.echo(f"added article {article.id}: {article.title} ({draft.kind}, {words})")

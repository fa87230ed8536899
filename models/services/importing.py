"""Import an article: one service for the command line, the Add article page and the API.

A channel reads or fetches the article into a draft (models.intake), lets the editor
say what extraction got wrong or missed (`Metadata`), and calls `import_article`, which
checks permission and input, refuses an article the desk holds already (the same text
near enough, or the same address) and adds it through intake.create_article.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import orm

from ..errors import ValidationError
from ..intake.document import Document
from ..permissions import Action, require
from ..tables.article import Article
from ..tables.user import User
from .intake import ArticleInput, create_article
from .suggestions import propose_claims


@dataclasses.dataclass(frozen=True)
class Metadata:
    """What the editor says about an article; None leaves what extraction found."""

    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    language: str | None = None
    url: str | None = None


def apply_metadata(draft: Document, said: Metadata | None) -> Document:
    """Return `draft` with every field the editor gave replacing what was found."""
    if said is None:
        return draft
    values = dataclasses.asdict(said)
    url = values.pop("url")
    # the editor's address is the article's own: it replaces the canonical one
    return draft.with_values(**values, canonical_url=url)


def article_input(draft: Document) -> ArticleInput:
    """Return the draft as the input create_article checks."""
    return ArticleInput(
        title=draft.title or "",
        body=draft.body,
        url=draft.url,
        author=draft.author,
        publisher=draft.publisher,
        published=draft.published,
        language=draft.language,
    )


def import_article(
    session: orm.Session,
    draft: Document,
    *,
    actor: User | None,
    metadata: Metadata | None = None,
    suggest: bool = True,
) -> Article:
    """Add the article in `draft`, the editor's `metadata` overriding what was found.

    With `suggest`, claim detection runs over the new text and its candidates are
    stored as suggested claims for the editor to accept or dismiss.

    Refuses without the editor role (PermissionDenied), without a title or text or with
    a wrong field (ValidationError, InvalidArticle), and when the desk holds the article
    already (intake.DuplicateArticle, carrying it). Never commits.
    """
    require(actor, Action.EDIT_ARTICLE)
    draft = apply_metadata(draft, metadata)
    if not (draft.title or "").strip():
        raise ValidationError("no title was found in the article: give it one", field="title")
    article = create_article(
        session,
        article_input(draft),
        actor=actor,
        also_known_as=(draft.canonical_url, draft.source_url),
    )
    if suggest:
        propose_claims(session, article, actor=actor)
    return article

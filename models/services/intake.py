"""Bring material into the desk: articles, and the claims anchored in them."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy import orm

from ..errors import Conflict, ValidationError
from ..permissions import Action, require
from ..tables.article import Article
from ..tables.claim import SUMMARY_MAX, TEXT_MAX, Claim
from ..tables.revision import ArticleRevision
from ..tables.user import User
from ..text.anchoring import Anchor, find_quote, relocate
from ..text.fingerprint import body_fingerprint, url_key
from ..text.inputs import clean_plain, clean_text, normalise_newlines
from ..text.language import parse_language
from ..text.urls import normalise_url
from .audit import record_event
from .claim_matches import record_matches
from .locking import check_version
from .speakers import speaker_for_claim

T = TypeVar("T")


def body_digest(body: str) -> str:
    """Return the sha256 hex digest that identifies an article body."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass
class ArticleInput:
    """What an editor types to bring in an article."""

    title: str
    body: str
    url: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    language: str | None = None  # a BCP 47 tag; blank: not said


class InvalidArticle(ValidationError):
    """Several fields of an article are wrong at once; `problems` holds one error each.

    The message lists them all, so a form or an API client fixes everything in one go
    instead of meeting the next mistake only after fixing the first.
    """

    def __init__(self, problems: list[ValidationError]) -> None:
        super().__init__("; ".join(p.message for p in problems), field=problems[0].field)
        self.problems = problems


class DuplicateArticle(Conflict):
    """The article is in the desk already: the same text, near enough, or the same address.

    Carries the existing article, so every channel can take the editor to it.
    """

    def __init__(self, existing: Article, *, same: str) -> None:
        what = "this text" if same == "text" else "this address"
        super().__init__(
            f"{what} is already article {existing.id}: {existing.title}",
            field="body" if same == "text" else "url",
        )
        self.article = existing
        self.article_id = existing.id
        self.title = existing.title
        self.same = same  # "text" or "url"


def find_duplicate(
    session: orm.Session, body: str | None, urls: tuple[str | None, ...] = ()
) -> DuplicateArticle | None:
    """Return the refusal for an article the desk holds already, or None.

    The same text counts whatever its whitespace, quotes and dashes; an address counts
    whatever its spelling (models.text.fingerprint). The oldest such article is named.
    A text an article had before it was replaced (models.services.revisions) is still
    that article's.
    """
    if body:
        fingerprint = body_fingerprint(body)
        existing = session.scalar(
            sa.select(Article)
            .where(Article.body_fingerprint == fingerprint)
            .order_by(Article.id)
            .limit(1)
        )
        if existing is None:
            existing = session.scalar(
                sa.select(Article)
                .join(ArticleRevision, ArticleRevision.article_id == Article.id)
                .where(ArticleRevision.body_fingerprint == fingerprint)
                .order_by(Article.id)
                .limit(1)
            )
        if existing is not None:
            return DuplicateArticle(existing, same="text")
    keys = {key for key in (url_key(url) for url in urls) if key is not None}
    if keys:
        existing = session.scalar(
            sa.select(Article).where(Article.url_key.in_(keys)).order_by(Article.id).limit(1)
        )
        if existing is not None:
            return DuplicateArticle(existing, same="url")
    return None


@dataclass(frozen=True)
class _ArticleFields:
    """An article's metadata, each field checked and cleaned."""

    title: str
    url: str | None
    author: str | None
    publisher: str | None
    language: str | None


def _checked(data: ArticleInput) -> _ArticleFields:
    """Check every metadata field, raising one error that names all that are wrong."""
    problems: list[ValidationError] = []

    def check(clean: Callable[[], T]) -> T | None:
        try:
            return clean()
        except ValidationError as exc:
            problems.append(exc)
            return None

    fields = _ArticleFields(
        title=check(lambda: clean_text(data.title, "title", limit=300)) or "",
        url=check(lambda: normalise_url(data.url) if data.url and data.url.strip() else None),
        author=check(lambda: clean_text(data.author, "author", limit=200, required=False)),
        publisher=check(lambda: clean_text(data.publisher, "publisher", limit=200, required=False)),
        language=check(lambda: parse_language(data.language)),
    )
    if problems:
        raise problems[0] if len(problems) == 1 else InvalidArticle(problems)
    return fields


def _checked_body(data: ArticleInput) -> str:
    body = clean_plain(data.body or "", "body")
    if not body.strip():
        raise ValidationError("the article text is required", field="body")
    return body


def check_article(data: ArticleInput, *, with_body: bool) -> list[ValidationError]:
    """Return every problem with an article's input (body too, `with_body`), or none."""
    problems: list[ValidationError] = []
    for step in (lambda: _checked(data), lambda: _checked_body(data)):
        try:
            step()
        except InvalidArticle as exc:
            problems.extend(exc.problems)
        except ValidationError as exc:
            problems.append(exc)
        if not with_body:
            break
    return problems


def create_article(
    session: orm.Session,
    data: ArticleInput,
    *,
    actor: User | None,
    also_known_as: tuple[str | None, ...] = (),
) -> Article:
    """Add an article; the same text, or the same address, cannot be brought in twice.

    Wrong input is refused with every problem at once (InvalidArticle when several); an
    article the desk holds already with DuplicateArticle (see find_duplicate), also when
    one of `also_known_as` (say, the address a page was fetched from) is its address.
    """
    require(actor, Action.EDIT_ARTICLE)
    problems = check_article(data, with_body=True)
    if problems:
        raise problems[0] if len(problems) == 1 else InvalidArticle(problems)
    fields = _checked(data)
    body = _checked_body(data)
    duplicate = find_duplicate(session, body, (fields.url, *also_known_as))
    if duplicate is not None:
        raise duplicate
    article = Article(
        title=fields.title,
        url=fields.url,
        author=fields.author,
        publisher=fields.publisher,
        published=data.published,
        language=fields.language,
        body=body,
        body_sha256=body_digest(body),
        body_fingerprint=body_fingerprint(body),
        url_key=url_key(fields.url),
        created_by=actor,
    )
    session.add(article)
    session.flush()
    return article


def update_article(
    session: orm.Session,
    article: Article,
    data: ArticleInput,
    *,
    actor: User | None,
    expected_version: int | None = None,
) -> None:
    """Change an article's metadata; its body is fixed once claims anchor into it."""
    require(actor, Action.EDIT_ARTICLE)
    check_version(article, expected_version, "article")
    if data.body and normalise_newlines(data.body) != article.body:
        raise ValidationError(
            "the article text cannot change: claims are anchored in it", field="body"
        )
    fields = _checked(data)
    key = url_key(fields.url)
    if key is not None and key != article.url_key:
        other = session.scalar(
            sa.select(Article).where(Article.url_key == key, Article.id != article.id).limit(1)
        )
        if other is not None:
            raise DuplicateArticle(other, same="url")
    article.title = fields.title
    article.url = fields.url
    article.url_key = key
    article.author = fields.author
    article.publisher = fields.publisher
    article.published = data.published
    article.language = fields.language


@dataclass
class ClaimInput:
    """What an editor gives to log a claim: its words, and where they are."""

    quote: str
    summary: str
    text: str | None = None
    speaker: str | None = None
    occurrence: int | None = None
    # A selection made in the browser: offsets and context, re-checked against the body.
    start: int | None = None
    prefix: str = ""
    suffix: str = ""
    # An unknown speaker name is added as a new speaker (the editor said so) instead of
    # being refused with the closest existing names.
    new_speaker: bool = False


def anchor_claim(article: Article, data: ClaimInput) -> Anchor:
    """Anchor the claim's quote in the article, from offsets or from the words alone."""
    quote = clean_plain(data.quote or "", "quote")
    if not quote.strip():
        raise ValidationError("the quote is required", field="quote")
    if data.start is not None:
        prefix, suffix = normalise_newlines(data.prefix), normalise_newlines(data.suffix)
        return relocate(article.body, quote, prefix, suffix, hint=data.start)
    return find_quote(article.body, quote, occurrence=data.occurrence)


def claim_text(data: ClaimInput, anchor: Anchor) -> str:
    """Return the claim's text: as typed, or else the quote's words on one line."""
    text = clean_text(data.text, "text", limit=TEXT_MAX, required=False)
    if text is not None:
        return text
    words = " ".join(anchor.exact.split())
    if len(words) > TEXT_MAX:
        raise ValidationError(
            f"the quote has {len(words)} characters, more than the {TEXT_MAX} a claim's "
            "text holds: write the claim's text in fewer words",
            field="text",
        )
    return words


def create_claim(
    session: orm.Session, article: Article, data: ClaimInput, *, actor: User | None
) -> Claim:
    """Log a claim at its exact words in `article`, with speaker, summary and text."""
    require(actor, Action.EDIT_CLAIM)
    anchor = anchor_claim(article, data)
    summary = clean_text(data.summary, "summary", limit=SUMMARY_MAX)
    text = claim_text(data, anchor)
    speaker = (
        speaker_for_claim(session, data.speaker, actor=actor, create=data.new_speaker)
        if data.speaker
        else None
    )
    duplicate = session.scalar(
        sa.select(Claim).where(
            Claim.article_id == article.id,
            Claim.quote_start == anchor.start,
            Claim.quote_end == anchor.end,
        )
    )
    if duplicate is not None:
        raise Conflict(f"these words are already claim {duplicate.id}", field="quote")
    claim = Claim(
        article=article,
        speaker=speaker,
        text=text,
        summary=summary,
        created_by=actor,
        updated_by=actor,
    )
    claim.place_at(anchor)
    session.add(claim)
    session.flush()
    record_event(session, claim, "created", actor=actor, after=claim.snapshot())
    record_matches(session, claim)
    return claim

"""Bring material into the desk: articles, speakers and the claims anchored in them."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Literal, overload

import sqlalchemy as sa
from sqlalchemy import orm

from .anchoring import Anchor, find_quote, relocate
from .article import Article, Speaker, SpeakerAlias
from .audit import record_event
from .claim import SUMMARY_MAX, TEXT_MAX, Claim
from .errors import Conflict, NotFound, ValidationError
from .inputs import clean_plain, control_character, normalise_newlines
from .locking import check_version
from .permissions import Action, require
from .urls import check_url, normalise_url
from .user import User


def body_digest(body: str) -> str:
    """Return the sha256 hex digest that identifies an article body."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@overload
def clean_text(
    value: str | None, field: str, *, limit: int, required: Literal[True] = True
) -> str: ...
@overload
def clean_text(value: str | None, field: str, *, limit: int, required: bool) -> str | None: ...
def clean_text(value: str | None, field: str, *, limit: int, required: bool = True) -> str | None:
    """Return `value` stripped, refusing it when empty (if required) or longer than `limit`.

    Line ends become LF; control characters (except tab and newline) are refused.
    """
    value = clean_plain((value or "").strip(), field)
    if not value:
        if required:
            raise ValidationError(f"{field.replace('_', ' ')} is required", field=field)
        return None
    if len(value) > limit:
        raise ValidationError(
            f"{field.replace('_', ' ')} has {len(value)} characters; at most {limit} fit",
            field=field,
        )
    return value


@dataclass
class ArticleInput:
    """What an editor types to bring in an article."""

    title: str
    body: str
    url: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None


def create_article(session: orm.Session, data: ArticleInput, *, actor: User | None) -> Article:
    """Add an article; the same body text cannot be brought in twice."""
    require(actor, Action.EDIT_ARTICLE)
    body = clean_plain(data.body or "", "body")
    if not body.strip():
        raise ValidationError("the article text is required", field="body")
    digest = body_digest(body)
    existing = session.scalar(sa.select(Article).where(Article.body_sha256 == digest))
    if existing is not None:
        raise Conflict(
            f"this text is already article {existing.id}: {existing.title}", field="body"
        )
    article = Article(
        title=clean_text(data.title, "title", limit=300),
        url=normalise_url(data.url) if data.url and data.url.strip() else None,
        author=clean_text(data.author, "author", limit=200, required=False),
        publisher=clean_text(data.publisher, "publisher", limit=200, required=False),
        published=data.published,
        body=body,
        body_sha256=digest,
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
    article.title = clean_text(data.title, "title", limit=300)
    article.url = normalise_url(data.url) if data.url and data.url.strip() else None
    article.author = clean_text(data.author, "author", limit=200, required=False)
    article.publisher = clean_text(data.publisher, "publisher", limit=200, required=False)
    article.published = data.published


def alias_key(name: str) -> str:
    """Return the form under which a speaker's name or alias is looked up."""
    return " ".join(name.split()).casefold()


def find_speaker(session: orm.Session, name: str) -> Speaker | None:
    """Return the speaker whose name or alias is `name` (any case), or None."""
    key = alias_key(name or "")
    if not key or control_character(key):  # no stored alias holds one
        return None
    return session.scalar(
        sa.select(Speaker).join(SpeakerAlias).where(SpeakerAlias.alias_key == key)
    )


def resolve_speaker(session: orm.Session, name: str) -> Speaker:
    """Return the speaker called `name`, or refuse with a clear message."""
    speaker = find_speaker(session, name)
    if speaker is None:
        raise NotFound(f"no speaker called {name!r}", field="speaker")
    return speaker


def check_speaker_name(session: orm.Session, name: str, *, speaker: Speaker | None = None) -> None:
    """Refuse `name` when it names a speaker other than `speaker` (as a name or an alias).

    Checked before the speaker is added: a duplicate must be a clear refusal, not the
    unique key's error when the session next flushes.
    """
    owner = find_speaker(session, name)
    if owner is not None and owner is not speaker:
        raise Conflict(f"{name!r} already names {owner.name}", field="name")
    namesake = session.scalar(sa.select(Speaker).where(Speaker.name == name))
    if namesake is not None and namesake is not speaker:
        raise Conflict(f"another speaker is called {name!r}", field="name")


def create_speaker(
    session: orm.Session,
    name: str,
    *,
    actor: User | None,
    description: str | None = None,
    same_as: str | None = None,
    aliases: list[str] | tuple[str, ...] = (),
) -> Speaker:
    """Add a speaker with its aliases; each name can point at one speaker only."""
    require(actor, Action.EDIT_SPEAKER)
    name = clean_text(name, "name", limit=200)
    check_speaker_name(session, name)
    speaker = Speaker(
        name=name,
        description=clean_text(description, "description", limit=2000, required=False),
        same_as=check_url(same_as, field="same_as") if same_as and same_as.strip() else None,
    )
    session.add(speaker)
    for alias in [name, *aliases]:
        add_alias(session, speaker, alias, actor=actor)
    session.flush()
    return speaker


def add_alias(session: orm.Session, speaker: Speaker, alias: str, *, actor: User | None) -> None:
    """Let `alias` name `speaker`; refuse it when it already names someone else."""
    require(actor, Action.EDIT_SPEAKER)
    alias = clean_text(alias, "alias", limit=200)
    key = alias_key(alias)
    if any(a.alias_key == key for a in speaker.aliases):
        return
    owner = find_speaker(session, alias)
    if owner is not None and owner is not speaker:
        raise Conflict(f"{alias!r} already names {owner.name}", field="aliases")
    speaker.aliases.append(SpeakerAlias(alias=alias, alias_key=key))


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
    speaker = resolve_speaker(session, data.speaker) if data.speaker else None
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
    return claim


def require_article(session: orm.Session, article_id: int) -> Article:
    """Return the article with `article_id` or raise NotFound."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"no article {article_id}")
    return article

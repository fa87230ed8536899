"""Plain factory functions: each adds and flushes, never commits."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import orm

from models import Article, Claim, ClaimSuggestion, Rating, Role, Source, SuggestionState, User
from models.read.ratings import get_rating
from models.services import accounts, intake, sourcing, suggestions

_counter = itertools.count(1)

ARTICLE_BODY = (
    "The desk counted 130 new models this summer. "
    "Alibaba holds 80% of the cloud market, said the analyst. "
    "Services are 54% of GDP today."
)
PASSWORD = "correct horse battery"


def make_user(session: orm.Session, role: Role | str = Role.REVIEWER, **overrides: Any) -> User:
    """Add an active user with the password PASSWORD."""
    n = next(_counter)
    values = {"username": f"user{n}", "display_name": f"User {n}", "password": PASSWORD}
    values.update(overrides)
    return accounts.create_user(
        session,
        values["username"],
        role,
        values["password"],
        display_name=values["display_name"],
        actor=None,
    )


def make_article(session: orm.Session, **overrides: Any) -> Article:
    """Add an article (a unique body each time unless one is given)."""
    n = next(_counter)
    values = {
        "title": f"Article {n}",
        "body": f"{ARTICLE_BODY} (edition {n})",
        "url": f"https://news.example.org/article-{n}",
        "author": "A. Writer",
        "publisher": "Example News",
        "published": None,
    }
    values.update(overrides)
    return intake.create_article(session, intake.ArticleInput(**values), actor=None)


def make_claim(session: orm.Session, article: Article | None = None, **overrides: Any) -> Claim:
    """Add a claim anchored at `quote` (default: the 80% cloud sentence)."""
    article = article or make_article(session)
    values = {
        "quote": "Alibaba holds 80% of the cloud market",
        "summary": "Alibaba holds 80% of the cloud",
    }
    values.update(overrides)
    return intake.create_claim(session, article, intake.ClaimInput(**values), actor=None)


def make_source(session: orm.Session, **overrides: Any) -> Source:
    """Add a source with a unique address."""
    n = next(_counter)
    values = {
        "url": f"https://data.example.org/report-{n}",
        "title": f"Report {n}",
        "publisher": "Statistics Office",
        "kind": "official_report",
    }
    values.update(overrides)
    return sourcing.create_source(session, sourcing.SourceInput(**values), actor=None)


def rating(session: orm.Session, slug: str) -> Rating:
    """Return the default scale's rating `slug`."""
    return get_rating(session, slug)


def make_suggestion(
    session: orm.Session,
    article: Article,
    words: str,
    *,
    speaker: str | None = None,
    score: float = 0.8,
    speaker_reason: str = "named after the quote",
    reasons: list[dict[str, Any]] | None = None,
) -> ClaimSuggestion:
    """Add an open suggested claim at the first occurrence of `words` in `article`."""
    start = article.body.index(words)
    row = ClaimSuggestion(
        article_id=article.id,
        quote_start=start,
        quote_end=start + len(words),
        exact=words,
        text_key=suggestions.text_key(words),
        speaker_name=speaker,
        speaker_reason=speaker_reason,
        score=score,
        reasons=reasons or [{"signal": "percentage", "weight": 0.3, "evidence": "80%"}],
        state=SuggestionState.OPEN,
    )
    session.add(row)
    session.flush()
    return row

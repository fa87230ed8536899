"""Reading an article's revisions: the list, one revision with its claims, two compared.

The current text is the article's own body; earlier ones are in article_revisions, each
with its claims where they stood then (claim_placements). Revision numbers start at 1.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from diff_match_patch import diff_match_patch
from sqlalchemy import orm

from ..errors import NotFound
from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.enums import ClaimStatus
from ..tables.rating import Rating
from ..tables.revision import AnchorMethod, ArticleRevision, ClaimPlacement
from ..tables.user import User
from .claims import article_claims


@dataclass(frozen=True)
class RevisionInfo:
    """One revision of an article: its number, since when, by whom and why it came."""

    number: int
    began_at: dt.datetime
    made_by: User | None  # who brought this text in (the article's creator for 1)
    reason: str | None  # why this text replaced the one before (None for 1)
    ended_at: dt.datetime | None  # None: the current text
    length: int

    @property
    def current(self) -> bool:
        """Tell whether this is the article's current text."""
        return self.ended_at is None


def article_revisions(session: orm.Session, article: Article) -> list[RevisionInfo]:
    """Return every revision of the article, oldest first, the current one last."""
    kept = list(
        session.scalars(
            sa.select(ArticleRevision)
            .where(ArticleRevision.article_id == article.id)
            .order_by(ArticleRevision.number)
        )
    )
    infos = []
    made_by, reason = article.created_by, None
    for row in kept:
        infos.append(
            RevisionInfo(row.number, row.began_at, made_by, reason, row.replaced_at, len(row.body))
        )
        made_by, reason = row.replaced_by, row.reason
    began = kept[-1].replaced_at if kept else article.created_at
    infos.append(RevisionInfo(article.revision, began, made_by, reason, None, len(article.body)))
    return infos


@dataclass(frozen=True)
class PlacedClaim:
    """A claim where it stood in one revision: the highlight layout's span, with the claim."""

    claim: Claim
    quote_start: int
    quote_end: int

    @property
    def id(self) -> int:
        return self.claim.id

    @property
    def summary(self) -> str:
        return self.claim.summary

    @property
    def status(self) -> ClaimStatus:
        return self.claim.status

    @property
    def rating(self) -> Rating | None:
        return self.claim.rating


@dataclass(frozen=True)
class RevisionText:
    """One revision's text and the claims placed in it (in reading order)."""

    number: int
    body: str
    placed: list[PlacedClaim]
    current: bool


def revision_text(session: orm.Session, article: Article, number: int) -> RevisionText:
    """Return revision `number` of the article with its claims where they stood then."""
    if number == article.revision:
        claims = [c for c in article_claims(session, article.id) if not c.anchor_lost]
        placed = [PlacedClaim(c, c.quote_start, c.quote_end) for c in claims]
        return RevisionText(number, article.body, placed, True)
    row = session.scalar(
        sa.select(ArticleRevision).where(
            ArticleRevision.article_id == article.id, ArticleRevision.number == number
        )
    )
    if row is None:
        raise NotFound(f"article {article.id} has no revision {number}")
    rows = session.execute(
        sa.select(ClaimPlacement, Claim)
        .join(Claim, Claim.id == ClaimPlacement.claim_id)
        .where(ClaimPlacement.revision_id == row.id, Claim.withdrawn_at.is_(None))
        .order_by(ClaimPlacement.quote_start, Claim.id)
        .options(orm.selectinload(Claim.rating), orm.selectinload(Claim.speaker))
    ).all()
    placed = [PlacedClaim(claim, p.quote_start, p.quote_end) for p, claim in rows]
    return RevisionText(number, row.body, placed, False)


def revision_body(session: orm.Session, article: Article, number: int) -> str:
    """Return the text of revision `number` of the article."""
    if number == article.revision:
        return article.body
    body = session.scalar(
        sa.select(ArticleRevision.body).where(
            ArticleRevision.article_id == article.id, ArticleRevision.number == number
        )
    )
    if body is None:
        raise NotFound(f"article {article.id} has no revision {number}")
    return body


def lost_claims(claims: Sequence[Claim]) -> list[Claim]:
    """Return the claims whose words were not found in the current text."""
    return [c for c in claims if c.anchor_method is AnchorMethod.LOST]


# A word, a run of white space, or one other character: the units a comparison keeps whole.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Change:
    """A run of words in a comparison: kept (0), only in the older (-1), only in the newer (1)."""

    kind: int
    text: str

    @property
    def name(self) -> str:
        """Return "same", "removed" or "added"."""
        return {0: "same", -1: "removed", 1: "added"}[self.kind]


def word_diff(old: str, new: str) -> list[Change]:
    """Return the differences between two texts word by word, as runs of plain text.

    Each word (and each run of spaces or punctuation) stands for one symbol, so the diff
    never cuts a word in two and reads as an editor's changes do.
    """
    vocabulary: dict[str, str] = {}

    def encode(text: str) -> str:
        symbols = []
        for token in _TOKEN.findall(text):
            if token not in vocabulary:
                # one character per distinct token, from the supplementary planes
                vocabulary[token] = chr(0x10000 + len(vocabulary))
            symbols.append(vocabulary[token])
        return "".join(symbols)

    engine = diff_match_patch()
    engine.Diff_Timeout = 2.0
    diffs = engine.diff_main(encode(old), encode(new), False)
    engine.diff_cleanupSemantic(diffs)
    decode = {symbol: token for token, symbol in vocabulary.items()}
    changes = [Change(kind, "".join(decode[s] for s in symbols)) for kind, symbols in diffs]
    return [c for c in changes if c.text]

"""Load a curated fact-check (seeds/*.yaml) into the desk, idempotently.

The file format is documented at the top of seeds/generative-ai-in-china.yaml and in
seeds/README.md. Everything is checked before anything is written, errors name the file
and line, and a second run adds nothing: each record is found again by its natural key
(article text digest, speaker name, username, quote span, source address).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from sqlalchemy import orm

from ..errors import DomainError, ValidationError
from ..read.ratings import get_rating
from ..tables.article import Article
from ..tables.claim import Claim
from ..tables.claim_event import ClaimEvent
from ..tables.enums import ClaimStatus, Role
from ..tables.user import User
from ..text.counting import count
from ..text.urls import normalise_url, source_key
from . import accounts, intake, sourcing, speakers, workflow
from .ratings import ensure_default_ratings

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"


class SeedError(ValidationError):
    """A seed file that cannot be loaded; the message names the file and line."""


class _Mapping(dict):
    """A YAML mapping that remembers the line it started on."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> _Mapping:
        mapping = _Mapping(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)


@dataclass
class SeedReport:
    """What one load added (all zeros on a second run)."""

    added: Counter[str] = field(default_factory=Counter)

    def __str__(self) -> str:
        if not self.added:
            return "nothing new: the seed was already loaded"
        return ", ".join(count(n, what) for what, n in self.added.items())


def default_seed_files() -> list[Path]:
    """Return the curated fact-checks shipped in seeds/."""
    return sorted(SEEDS_DIR.glob("*.yaml"))


def read_seed(path: Path) -> dict[str, Any]:
    """Parse a seed file, turning a YAML error into one line that names its place."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except OSError as exc:
        raise SeedError(f"{path}: cannot read: {exc.strerror}") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise SeedError(f"{where}: malformed YAML: {exc.problem or exc.context}") from exc
    if not isinstance(data, dict):
        raise SeedError(f"{path}:1: a seed file is a mapping with article, speakers, claims")
    return data


class _Loader:
    def __init__(self, session: orm.Session, path: Path, data: dict[str, Any]) -> None:
        self.session = session
        self.path = path
        self.data = data
        self.report = SeedReport()
        self.users: dict[str, User] = {}
        self.claims: dict[str, tuple[Claim, bool]] = {}

    def fail(self, node: Any, message: str) -> SeedError:
        line = getattr(node, "line", 0) or 1
        return SeedError(f"{self.path}:{line}: {message}")

    def section(self, name: str, *, required: bool = True) -> list[dict[str, Any]]:
        items = self.data.get(name)
        if items is None and not required:
            return []
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise self.fail(self.data, f"'{name}' must be a list of mappings")
        return items

    def get(self, node: dict[str, Any], key: str, *, required: bool = True) -> Any:
        value = node.get(key)
        if required and (value is None or (isinstance(value, str) and not value.strip())):
            raise self.fail(node, f"'{key}' is required")
        return value

    def run(self) -> SeedReport:
        added = ensure_default_ratings(self.session)
        if added:
            self.report.added["ratings"] += added
        self.load_staff()
        article = self.load_article()
        self.load_speakers()
        self.load_claims(article)
        sources = self.load_sources()
        self.load_reviews(sources)
        return self.report

    def editor(self) -> User | None:
        return next((u for u in self.users.values() if u.role is not Role.REVIEWER), None)

    def load_staff(self) -> None:
        for node in self.section("staff", required=False):
            username = str(self.get(node, "username"))
            user = accounts.get_user(self.session, username)
            if user is None:
                try:
                    user = accounts.create_user(
                        self.session,
                        username,
                        str(self.get(node, "role")),
                        None,
                        display_name=node.get("display_name"),
                        actor=None,
                    )
                except DomainError as exc:
                    raise self.fail(node, exc.message) from exc
                self.report.added["staff"] += 1
            self.users[user.username] = user

    def load_article(self) -> Article:
        node = self.data.get("article")
        if not isinstance(node, dict):
            raise self.fail(self.data, "'article' must be a mapping")
        body_path = self.path.parent / str(self.get(node, "body_file"))
        try:
            body = body_path.read_text(encoding="utf-8").replace("\r\n", "\n")
        except OSError as exc:
            raise self.fail(node, f"cannot read body_file {body_path}: {exc.strerror}") from exc
        existing = self.session.scalar(
            sa.select(Article).where(Article.body_sha256 == intake.body_digest(body))
        )
        if existing is not None:
            return existing
        published = node.get("published")
        if published is not None and not isinstance(published, dt.date):
            raise self.fail(node, "'published' must be a date like 2023-12-12")
        data = intake.ArticleInput(
            title=str(self.get(node, "title")),
            body=body,
            url=node.get("url"),
            author=node.get("author"),
            publisher=node.get("publisher"),
            published=published,
            language=node.get("language"),
        )
        try:
            article = intake.create_article(self.session, data, actor=None)
        except DomainError as exc:
            raise self.fail(node, exc.message) from exc
        article.created_by = self.editor()
        self.report.added["articles"] += 1
        return article

    def load_speakers(self) -> None:
        for node in self.section("speakers"):
            name = str(self.get(node, "name"))
            aliases = [str(a) for a in node.get("aliases") or []]
            try:
                speaker = speakers.find_speaker(self.session, name)
                if speaker is None:
                    speakers.create_speaker(
                        self.session,
                        name,
                        actor=None,
                        description=node.get("description"),
                        same_as=node.get("same_as"),
                        aliases=aliases,
                    )
                    self.report.added["speakers"] += 1
                else:
                    for alias in aliases:
                        speakers.add_alias(self.session, speaker, alias, actor=None)
            except DomainError as exc:
                raise self.fail(node, exc.message) from exc
        self.session.flush()

    def load_claims(self, article: Article) -> None:
        for node in self.section("claims"):
            key = str(self.get(node, "key"))
            if key in self.claims:
                raise self.fail(node, f"claim key {key!r} is used twice")
            occurrence = node.get("occurrence")
            data = intake.ClaimInput(
                quote=str(self.get(node, "quote")),
                summary=str(self.get(node, "summary")),
                text=node.get("text"),
                speaker=node.get("speaker"),
                occurrence=int(occurrence) if occurrence is not None else None,
            )
            try:
                anchor = intake.anchor_claim(article, data)
                claim = self.session.scalar(
                    sa.select(Claim).where(
                        Claim.article_id == article.id,
                        Claim.quote_start == anchor.start,
                        Claim.quote_end == anchor.end,
                    )
                )
                fresh = claim is None
                if claim is None:
                    claim = intake.create_claim(self.session, article, data, actor=None)
                    claim.created_by = claim.updated_by = article.created_by
                    self.report.added["claims"] += 1
            except DomainError as exc:
                raise self.fail(node, f"claim {key!r}: {exc.message}") from exc
            self.claims[key] = (claim, fresh)

    def load_sources(self) -> dict[str, Any]:
        sources = {}
        for node in self.section("sources", required=False):
            published = node.get("published")
            if published is not None and not isinstance(published, dt.date):
                raise self.fail(node, "'published' must be a date like 2023-11-30")
            data = sourcing.SourceInput(
                url=str(self.get(node, "url")),
                title=str(self.get(node, "title")),
                publisher=node.get("publisher"),
                published=published,
                kind=node.get("kind") or "other",
                archive_url=node.get("archive_url"),
            )
            try:
                source = sourcing.find_source(self.session, data.url)
                if source is None:
                    source = sourcing.create_source(self.session, data, actor=None)
                    source.created_by = self.editor()
                    self.report.added["sources"] += 1
            except DomainError as exc:
                raise self.fail(node, exc.message) from exc
            sources[source_key(data.url)] = source  # a review may spell it otherwise
        return sources

    def user(self, node: dict[str, Any], key: str) -> User | None:
        username = node.get(key)
        if username is None:
            return None
        if username not in self.users:
            raise self.fail(node, f"{key} {username!r} is not listed under staff")
        return self.users[username]

    def load_reviews(self, sources: dict[str, Any]) -> None:
        for node in self.section("reviews", required=False):
            key = str(self.get(node, "claim"))
            if key not in self.claims:
                raise self.fail(node, f"review of unknown claim {key!r}")
            claim, _ = self.claims[key]
            proposer = self.user(node, "proposed_by")
            approver = self.user(node, "approved_by")
            reviewer = proposer or next(
                (u for u in self.users.values() if u.role is Role.REVIEWER), None
            )
            editor = self.editor()
            rating = get_rating(self.session, str(node["rating"])) if node.get("rating") else None
            try:
                if not self._untouched(claim):
                    continue
                workflow.start_review(self.session, claim, actor=reviewer)
                for link in node.get("sources") or []:
                    url = normalise_url(str(self.get(link, "url")))
                    if source_key(url) not in sources:
                        raise self.fail(link, f"source {url} is not listed under sources")
                    sourcing.link_source(
                        self.session,
                        claim,
                        sources[source_key(url)],
                        str(self.get(link, "stance")),
                        link.get("excerpt"),
                        actor=editor,
                    )
                if node.get("comment") and reviewer is not None:
                    workflow.add_comment(self.session, claim, str(node["comment"]), actor=reviewer)
                if rating is not None:
                    workflow.propose_verdict(
                        self.session,
                        claim,
                        rating,
                        str(self.get(node, "explanation")),
                        actor=proposer,
                    )
                    if approver is not None:
                        workflow.approve_verdict(self.session, claim, actor=approver)
                self.report.added["reviews"] += 1
            except SeedError:
                raise
            except DomainError as exc:
                raise self.fail(node, f"review of {key!r}: {exc.message}") from exc

    def _untouched(self, claim: Claim) -> bool:
        """Tell whether nothing but its creation has happened to the claim."""
        if claim.status is not ClaimStatus.UNREVIEWED:
            return False
        actions = self.session.scalars(
            sa.select(ClaimEvent.action).where(ClaimEvent.claim_id == claim.id)
        ).all()
        return set(actions) <= {"created"}


def load_seed(session: orm.Session, path: Path) -> SeedReport:
    """Load one seed file into the session (the caller commits)."""
    return _Loader(session, path, read_seed(path)).run()

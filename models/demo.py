"""A synthetic desk of any size, for benchmarks and trials: `claimdesk demo-data`.

Deterministic: the same `--claims`, `--articles` and `--seed` give the same desk, row for
row. Its shape follows a working desk: about 30 claims per article anchored at real
sentences of the article's body (quote, 32 characters of context, offsets), 2,000
speakers with a long tail (the busiest has about 1% of the claims), statuses 60%
unreviewed / 20% in review / 10% proposed / 10% approved with ratings, one or two sources
per claim out of a shared library, a comment on one claim in ten, and the audit events
each claim's history implies.

Rows go in by bulk INSERTs (executemany), a few thousand claims per transaction, with
explicit ids so that rows can point at each other without reading anything back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from . import (
    Article,
    Claim,
    ClaimEvent,
    ClaimSource,
    Comment,
    Rating,
    Source,
    Speaker,
    SpeakerAlias,
    User,
)
from .errors import Conflict, ValidationError
from .services.ratings import ensure_default_ratings
from .tables.enums import ClaimStatus, Role, SourceKind, Stance
from .text.counting import count as counted

CLAIMS_PER_ARTICLE = 30
SPEAKERS = 2_000
MEMBERS = 24
CHUNK_ARTICLES = 200  # articles (about 6,000 claims) per transaction
CONTEXT = 32
START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
# A hash no password matches: demo members cannot log in until someone sets one.
NO_PASSWORD = "demo:disabled"

# Status shares, in the order the issue states them.
STATUSES = [
    (ClaimStatus.UNREVIEWED, 60),
    (ClaimStatus.IN_REVIEW, 20),
    (ClaimStatus.VERDICT_PROPOSED, 10),
    (ClaimStatus.APPROVED, 10),
]

FIRST = [
    "Ada",
    "Ben",
    "Chen",
    "Dara",
    "Eli",
    "Femi",
    "Gita",
    "Hugo",
    "Ines",
    "Jun",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Viktor",
    "Wen",
    "Xavi",
    "Yara",
    "Zoe",
    "Aiko",
    "Bruno",
    "Carla",
    "Dmitri",
]
LAST = [
    "Abara",
    "Berg",
    "Costa",
    "Dlamini",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rossi",
    "Sato",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhou",
    "Alvarez",
    "Banerjee",
    "Castro",
    "Duarte",
]
ORGANISATIONS = [
    "Ministry of Finance",
    "Statistics Office",
    "Central Bank",
    "Chamber of Commerce",
    "Cloud Alliance",
    "Energy Agency",
    "Health Institute",
    "Transport Authority",
    "Farmers Union",
    "Tech Council",
]
SUBJECTS = [
    "cloud computing",
    "electric cars",
    "wheat exports",
    "broadband access",
    "solar power",
    "rail freight",
    "youth unemployment",
    "hospital beds",
    "venture funding",
    "language models",
    "steel output",
    "tourism revenue",
    "rice prices",
    "chip imports",
    "public debt",
    "water use",
    "housing starts",
]
COMPANIES = [
    "Alibaba",
    "Northwind",
    "Contoso",
    "Globex",
    "Initech",
    "Umbrella Labs",
    "Stark Metals",
    "Wayne Freight",
    "Acme Grid",
    "Hooli",
    "Vandelay",
    "Soylent",
    "Tyrell",
    "Cyberdyne",
    "Aperture",
]
CLAIM_SHAPES = [
    "{company} holds {pct}% of the {subject} market, according to {who}.",
    "{subject} grew by {pct}% in {year}, {who} said.",
    "In {year} the country spent {num} million on {subject}.",
    "{who} said {company} was the first to reach {num} customers in {subject}.",
    "Only {pct}% of households had access to {subject} in {year}.",
    "{company} ranks number {rank} in {subject} worldwide, {who} claimed.",
    "The {subject} sector employs {num} thousand people, up from {num2} thousand in {year}.",
    "{pct}% of all {subject} projects were delayed last year, said {who}.",
]
FILLER = [
    "The interview took place in the capital.",
    "Several analysts disagreed with that reading.",
    "The figures were published in the annual report.",
    "Critics called for an independent review.",
    "The debate is expected to continue next season.",
]
# A few words so rare that a search for them finds a handful of claims at any size.
RARE_WORDS = ["quokkanomics", "zephyrgrid", "marzipanindex"]


@dataclass(frozen=True)
class DemoSpec:
    """What to build: claims in all, articles (default: one per 30 claims), the seed."""

    claims: int
    articles: int | None = None
    seed: int = 1

    def article_count(self) -> int:
        """Return how many articles carry the claims."""
        return self.articles or max(1, round(self.claims / CLAIMS_PER_ARTICLE))


@dataclass
class DemoReport:
    """How many rows each table received."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + count

    def __str__(self) -> str:
        return ", ".join(counted(n, table, thousands=True) for table, n in self.rows.items())


def check_spec(spec: DemoSpec) -> None:
    """Refuse a desk that cannot be built: no claims, or more articles than claims."""
    if spec.claims < 1:
        raise ValidationError("--claims must be at least 1", field="claims")
    if spec.articles is not None and not 1 <= spec.articles <= spec.claims:
        raise ValidationError("--articles must be between 1 and --claims", field="articles")


def build_demo_desk(
    engine: sa.Engine, spec: DemoSpec, *, on_claims: Callable[[int], None] | None = None
) -> DemoReport:
    """Fill an empty desk (migrated, no articles or claims yet) with `spec`'s demo data.

    `on_claims(n)` is told after each transaction how many claims it added (a progress
    bar). Each transaction holds whole articles, so an interrupted build leaves whole
    articles behind; build into an empty database again to start over.
    """
    check_spec(spec)
    with orm.Session(engine, expire_on_commit=False) as session, session.begin():
        if session.scalar(sa.select(sa.func.count()).select_from(Claim)) or session.scalar(
            sa.select(sa.func.count()).select_from(Article)
        ):
            raise Conflict(
                "this desk already has articles or claims; build demo data into an empty "
                "database (set CLAIMDESK_DATABASE_URL to a new one)"
            )
        ensure_default_ratings(session)
        ratings = list(session.scalars(sa.select(Rating).order_by(Rating.position)))
    builder = _Builder(spec, ratings)
    report = DemoReport()
    with engine.begin() as connection:
        builder.people(connection, report)
        builder.library(connection, report)
    articles = spec.article_count()
    for first in range(0, articles, CHUNK_ARTICLES):
        with engine.begin() as connection:
            added = builder.articles(
                connection, range(first, min(first + CHUNK_ARTICLES, articles))
            )
            for table, count in added.items():
                report.add(table, count)
        if on_claims:
            on_claims(added.get("claims", 0))
    with engine.begin() as connection:
        _reset_sequences(connection)
    return report


def _insert(connection: sa.Connection, model: Any, rows: list[dict[str, Any]]) -> int:
    if rows:
        connection.execute(sa.insert(model), rows)
    return len(rows)


def _reset_sequences(connection: sa.Connection) -> None:
    """On PostgreSQL, move each id sequence past the explicit ids written here."""
    if connection.dialect.name != "postgresql":
        return
    for model in (
        User,
        Speaker,
        SpeakerAlias,
        Source,
        Article,
        Claim,
        ClaimSource,
        Comment,
        ClaimEvent,
    ):
        table = model.__tablename__
        connection.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table}), 1))"
            )
        )


class _Builder:
    """Makes the rows; every choice comes from one seeded random generator."""

    def __init__(self, spec: DemoSpec, ratings: list[Rating]) -> None:
        self.spec = spec
        self.random = random.Random(spec.seed)
        self.ratings = ratings
        self.sourced_ratings = [r for r in ratings if r.value is not None]
        self.members: list[int] = []
        self.speakers: list[tuple[int, str]] = []
        # cumulative weights of a long tail: speaker k is picked ∝ 1/sqrt(k)
        self.speaker_weights = list(accumulate(1 / (k + 1) ** 0.5 for k in range(SPEAKERS)))
        self.sources: int = 0
        self.next_id = {"claims": 1, "claim_sources": 1, "claim_events": 1, "comments": 1}
        self.status_weights = list(accumulate(share for _, share in STATUSES))
        self.rare_every = max(1, spec.claims // 20)  # about 20 claims carry each rare word

    # -- people and sources -----------------------------------------------------------

    def people(self, connection: sa.Connection, report: DemoReport) -> None:
        roles = [Role.ADMIN, Role.EDITOR, Role.EDITOR] + [Role.REVIEWER] * (MEMBERS - 3)
        users = [
            {
                "id": n + 1,
                "username": f"demo{n + 1:02d}",
                "display_name": f"{FIRST[n % len(FIRST)]} {LAST[(n * 7) % len(LAST)]}",
                "role": role,
                "password_hash": NO_PASSWORD,
                "active": True,
                "created_at": START,
            }
            for n, role in enumerate(roles)
        ]
        report.add("users", _insert(connection, User, users))
        self.members = list(range(1, len(users) + 1))
        speakers, aliases = [], []
        for n in range(SPEAKERS):
            if n % 10 == 9:
                name = f"{ORGANISATIONS[n % len(ORGANISATIONS)]} {n // 10 + 1}"
                description = "Agency quoted in the news"
            else:
                name = f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]} {n + 1}"
                description = "Person quoted in the news"
            speakers.append(
                {"id": n + 1, "name": name, "description": description, "created_at": START}
            )
            aliases.append(
                {"id": n + 1, "speaker_id": n + 1, "alias": name, "alias_key": name.casefold()}
            )
            self.speakers.append((n + 1, name))
        report.add("speakers", _insert(connection, Speaker, speakers))
        _insert(connection, SpeakerAlias, aliases)

    def library(self, connection: sa.Connection, report: DemoReport) -> None:
        count = max(20, self.spec.claims // 4)
        kinds = list(SourceKind)
        rows = [
            {
                "id": n + 1,
                "url": f"https://data.example.org/demo/{n + 1}",
                "title": f"{SUBJECTS[n % len(SUBJECTS)].capitalize()} report no. {n + 1}",
                "publisher": ORGANISATIONS[n % len(ORGANISATIONS)],
                "kind": kinds[n % len(kinds)],
                "created_at": START,
                "accessed_at": START,
            }
            for n in range(count)
        ]
        self.sources = count
        for first in range(0, count, 20_000):
            _insert(connection, Source, rows[first : first + 20_000])
        report.add("sources", count)

    # -- articles and their claims ----------------------------------------------------

    def _claims_in(self, article: int) -> int:
        articles = self.spec.article_count()
        base, extra = divmod(self.spec.claims, articles)
        return base + (1 if article < extra else 0)

    def _speaker(self) -> tuple[int, str] | None:
        if self.random.random() < 0.1:
            return None
        pick = self.random.random() * self.speaker_weights[-1]
        low, high = 0, len(self.speaker_weights) - 1
        while low < high:  # first cumulative weight above the pick
            middle = (low + high) // 2
            if self.speaker_weights[middle] < pick:
                low = middle + 1
            else:
                high = middle
        return self.speakers[low]

    def _sentence(self, number: int, who: str) -> str:
        r = self.random
        text = r.choice(CLAIM_SHAPES).format(
            company=r.choice(COMPANIES),
            pct=r.randint(2, 95),
            subject=r.choice(SUBJECTS),
            who=who,
            year=r.randint(2015, 2025),
            num=r.randint(2, 900),
            num2=r.randint(2, 900),
            rank=r.randint(1, 10),
        )
        if number % self.rare_every == 0:
            text = text[:-1] + f" ({RARE_WORDS[(number // self.rare_every) % len(RARE_WORDS)]})."
        return text

    def articles(self, connection: sa.Connection, numbers: range) -> dict[str, int]:
        rows: dict[str, list[dict[str, Any]]] = {
            "articles": [],
            "claims": [],
            "claim_sources": [],
            "claim_events": [],
            "comments": [],
        }
        for number in numbers:
            self._article(number, rows)
        _insert(connection, Article, rows["articles"])
        _insert(connection, Claim, rows["claims"])
        _insert(connection, ClaimSource, rows["claim_sources"])
        _insert(connection, Comment, rows["comments"])
        _insert(connection, ClaimEvent, rows["claim_events"])
        return {table: len(batch) for table, batch in rows.items()}

    def _article(self, number: int, rows: dict[str, list[dict[str, Any]]]) -> None:
        r = self.random
        article_id = number + 1
        published = START + dt.timedelta(minutes=number * 15)
        claims_here = self._claims_in(number)
        parts: list[str] = []
        spans: list[tuple[int, int, tuple[int, str] | None]] = []
        offset = 0
        for n in range(claims_here):
            if n % 2 == 1:
                filler = r.choice(FILLER) + " "
                parts.append(filler)
                offset += len(filler)
            speaker = self._speaker()
            who = speaker[1] if speaker else "an unnamed official"
            sentence = self._sentence(self.next_id["claims"] + n, who)
            spans.append((offset, offset + len(sentence), speaker))
            parts.append(sentence + ("\n\n" if n % 5 == 4 else " "))
            offset += len(parts[-1])
        body = "".join(parts).rstrip() + "\n"
        rows["articles"].append(
            {
                "id": article_id,
                "title": f"Demo report {article_id}: {SUBJECTS[number % len(SUBJECTS)]}",
                "url": f"https://news.example.org/demo/{article_id}",
                "author": f"{r.choice(FIRST)} {r.choice(LAST)}",
                "publisher": "Demo News",
                "published": published.date(),
                "body": body,
                "body_sha256": hashlib.sha256(body.encode()).hexdigest(),
                "created_at": published,
            }
        )
        for start, end, speaker in spans:
            self._claim(article_id, body, start, end, speaker, published, rows)

    def _claim(
        self,
        article_id: int,
        body: str,
        start: int,
        end: int,
        speaker: tuple[int, str] | None,
        created: dt.datetime,
        rows: dict[str, list[dict[str, Any]]],
    ) -> None:
        r = self.random
        claim_id = self.next_id["claims"]
        self.next_id["claims"] += 1
        exact = body[start:end]
        pick = r.random() * self.status_weights[-1]
        status = next(
            s for (s, _), w in zip(STATUSES, self.status_weights, strict=True) if pick < w
        )
        editor = self.members[1 + claim_id % 2]
        proposer = self.members[3 + claim_id % (len(self.members) - 3)]
        approver = self.members[3 + (claim_id + 1) % (len(self.members) - 3)]
        events: list[tuple[str, int | None, dict[str, Any] | None]] = [
            ("created", editor, {"status": "unreviewed", "text": exact})
        ]
        links = []
        for k in range(1 + (claim_id % 2)):
            source_id = 1 + (claim_id * 7 + k * 13) % self.sources
            stance = (Stance.SUPPORTS, Stance.REFUTES, Stance.CONTEXT)[(claim_id + k) % 3]
            links.append((source_id, stance))
            events.append(("source_linked", editor, {"source_id": source_id, "stance": stance}))
        rating_id = explanation = proposed_at = approved_at = None
        assignee = None
        if status is not ClaimStatus.UNREVIEWED:
            assignee = proposer
            events.append(("review_started", proposer, {"status": "in_review"}))
        elif claim_id % 7 == 0:
            assignee = proposer
        if status in (ClaimStatus.VERDICT_PROPOSED, ClaimStatus.APPROVED):
            rating = self.ratings[claim_id % len(self.ratings)]
            rating_id, explanation = (
                rating.id,
                f"The sources put the figure elsewhere ({rating.label}).",
            )
            proposed_at = created + dt.timedelta(hours=2)
            events.append(("verdict_proposed", proposer, {"rating": rating.slug}))
        if status is ClaimStatus.APPROVED:
            approved_at = created + dt.timedelta(hours=5)
            events.append(("verdict_approved", approver, {"status": "approved"}))
        rows["claims"].append(
            {
                "id": claim_id,
                "article_id": article_id,
                "speaker_id": speaker[0] if speaker else None,
                "text": exact,
                "summary": exact[:72] + ("…" if len(exact) > 72 else ""),
                "quote_exact": exact,
                "quote_prefix": body[max(0, start - CONTEXT) : start],
                "quote_suffix": body[end : end + CONTEXT],
                "quote_start": start,
                "quote_end": end,
                "status": status,
                "rating_id": rating_id,
                "rating_explanation": explanation,
                "assignee_id": assignee,
                "proposed_by_id": proposer if proposed_at else None,
                "proposed_at": proposed_at,
                "approved_by_id": approver if approved_at else None,
                "approved_at": approved_at,
                "created_by_id": editor,
                "created_at": created,
                "updated_by_id": events[-1][1],
                "updated_at": created + dt.timedelta(hours=len(events)),
                "version": len(events),
            }
        )
        for source_id, stance in links:
            rows["claim_sources"].append(
                {
                    "id": self._next("claim_sources"),
                    "claim_id": claim_id,
                    "source_id": source_id,
                    "stance": stance,
                    "excerpt": f"Table {claim_id % 40 + 1} gives a different figure.",
                    "added_by_id": editor,
                    "added_at": created,
                }
            )
        for version, (action, actor, after) in enumerate(events, start=1):
            rows["claim_events"].append(
                {
                    "id": self._next("claim_events"),
                    "claim_id": claim_id,
                    "actor_id": actor,
                    "action": action,
                    "claim_version": version,
                    "before": None,
                    "after": after,
                    "created_at": created + dt.timedelta(hours=version - 1),
                }
            )
        if claim_id % 10 == 3:
            rows["comments"].append(
                {
                    "id": self._next("comments"),
                    "claim_id": claim_id,
                    "author_id": proposer,
                    "body": "Checked the first source; the second still needs a look.",
                    "created_at": created + dt.timedelta(hours=1),
                }
            )
            rows["claim_events"].append(
                {
                    "id": self._next("claim_events"),
                    "claim_id": claim_id,
                    "actor_id": proposer,
                    "action": "commented",
                    "claim_version": len(events),
                    "before": None,
                    "after": {"comment": "Checked the first source."},
                    "created_at": created + dt.timedelta(hours=1),
                }
            )

    def _next(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] += 1
        return value

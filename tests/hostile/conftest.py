"""The hostile-input sweep's desk: the seed, one member per role and an API token each.

The desk is built once per session into a template SQLite file. Every example that may
write starts from a fresh copy of it (`Desk.reset`), so what one example wrote can never
change what the next one sees, and a failing example replays exactly; examples that only
read share their test's copy.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from hypothesis import HealthCheck, settings

from models import Claim, ClaimStatus, Role
from models.db import make_engine, make_session_factory, sqlite_url
from models.services import tokens
from models.services.revisions import replace_article_text

from ..factories import PASSWORD, make_article, make_claim, make_user
from ..webapp.conftest import csrf_token

ROLES = ("admin", "editor", "reviewer")
# Every sweep's Hypothesis settings: modest, so the whole suite stays fast.
SWEEP = settings(
    max_examples=60,
    deadline=None,
    # `desk` is built once per test; each example resets its database itself (Desk.reset)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The desk's content; api_tokens is left out because every API call records its use.
CONTENT_TABLES = (
    "users",
    "articles",
    "speakers",
    "speaker_aliases",
    "claims",
    "sources",
    "claim_sources",
    "comments",
    "claim_events",
    "corrections",
)


@dataclass(frozen=True)
class DeskFacts:
    """Ids and secrets in the template desk that the sweeps aim their requests at."""

    usernames: dict[str, str]  # role: username
    user_ids: dict[str, int]
    secrets: dict[str, str]  # role: API token secret
    article_id: int
    claim_id: int
    claim_version: int
    link_id: int  # a source link of claim_id
    source_id: int
    speaker_id: int
    speaker_name: str
    quote: str  # words of the article that occur once and are no claim yet
    # a claim whose words a text replacement lost, in an article of its own, and words of
    # that article's current text it could be placed on
    lost_article_id: int
    lost_claim_id: int
    lost_claim_version: int
    lost_quote: str
    # edit forms send back the version they showed (optimistic locking), by record
    versions: dict[str, int]


@pytest.fixture(scope="session")
def hostile_template(
    sqlite_seeded_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, DeskFacts]:
    """Build the seeded desk once; return its file and what the sweeps need to know."""
    path = tmp_path_factory.mktemp("hostile") / "desk.sqlite3"
    shutil.copyfile(sqlite_seeded_template, path)
    engine = make_engine(sqlite_url(path))
    with make_session_factory(engine)() as session:
        people = {role: make_user(session, Role(role), username=f"sweep-{role}") for role in ROLES}
        secrets = {
            role: tokens.create_token(session, user, "sweep", actor=None)[1]
            for role, user in people.items()
        }
        session.commit()
        # a claim that most actions can still change: in review, with a source and speaker
        claim = session.scalars(
            sa.select(Claim)
            .where(Claim.sources.any(), Claim.status == ClaimStatus.IN_REVIEW)
            .order_by(Claim.id)
        ).first()
        assert claim is not None and claim.speaker is not None
        lost = _lost_claim(session, people["editor"])
        facts = DeskFacts(
            usernames={role: user.username for role, user in people.items()},
            user_ids={role: user.id for role, user in people.items()},
            secrets=secrets,
            article_id=claim.article_id,
            claim_id=claim.id,
            claim_version=claim.version,
            link_id=claim.sources[0].id,
            source_id=claim.sources[0].source_id,
            speaker_id=claim.speaker.id,
            speaker_name=claim.speaker.name,
            quote=_fresh_quote(claim.article.body),
            lost_article_id=lost.article_id,
            lost_claim_id=lost.id,
            lost_claim_version=lost.version,
            lost_quote=LOST_NOW,
            versions={
                name: getattr(record, "version", 1)
                for name, record in (
                    ("article", claim.article),
                    ("source", claim.sources[0].source),
                    ("speaker", claim.speaker),
                    ("reviewer", people["reviewer"]),
                )
            },
        )
    with engine.connect() as connection:  # fold the WAL back so a file copy is complete
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path, facts


@dataclass
class Visitor:
    """A test client with its session's CSRF token, posting forms as a browser would."""

    client: Any
    token: str

    def post(self, path: str, data: dict[str, Any], **kw: Any) -> Any:
        """POST `data` as a form, with the CSRF token unless `data` brings its own."""
        return self.client.post(path, data={"csrf_token": self.token, **data}, **kw)


LOST_WAS, LOST_NOW = "Critics disagreed with the figures.", "Analysts questioned those numbers."


def _lost_claim(session: Any, editor: Any) -> Claim:
    """Return a committed claim lost from its article's current text (placed by hand later)."""
    body = "The port said traffic doubled in May, a record for the harbour. " + LOST_WAS
    article = make_article(session, title="Harbour figures", body=body)
    claim = make_claim(session, article, quote=LOST_WAS, summary="Critics")
    session.commit()
    new_body = body.replace(LOST_WAS, LOST_NOW)
    replace_article_text(session, article, new_body, actor=editor, reason="Reworded")
    session.commit()
    assert claim.anchor_lost
    return claim


def _fresh_quote(body: str) -> str:
    """Return four words of `body` that occur once in it (the seed claims other spans)."""
    words = body.split()
    for start in range(len(words) - 4, 0, -7):
        quote = " ".join(words[start : start + 4])
        if body.count(quote) == 1:
            return quote
    raise AssertionError("the seed article has no four words that occur once")


class Desk:
    """One app on one database file, reset to the template before each example."""

    def __init__(self, app: Flask, path: Path, template: Path, facts: DeskFacts) -> None:
        self.app = app
        self.path = path
        self.template = template
        self.facts = facts

    def reset(self) -> None:
        """Put the template desk back: close every connection, then copy the file."""
        from webapp.db import database

        database(self.app).dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.path)

    def visitor(self, role: str | None = "editor") -> Visitor:
        """Return a fresh browser, logged in through the login form as `role`."""
        client = self.app.test_client()
        visitor = Visitor(client, csrf_token(client, "/login"))
        if role is not None:
            response = visitor.post(
                "/login", {"username": self.facts.usernames[role], "password": PASSWORD}
            )
            assert response.status_code == 302, response.get_data(as_text=True)
            visitor.token = csrf_token(client, "/account")
        return visitor

    def fingerprint(self) -> str:
        """Return a digest of everything the desk holds (not tokens' last-use times).

        A refused request must leave it as it found it: nothing half-written.
        """
        digest = hashlib.sha256()
        with closing(sqlite3.connect(self.path)) as connection:
            for table in CONTENT_TABLES:
                for row in connection.execute(f"SELECT * FROM {table} ORDER BY id"):
                    digest.update(repr(row).encode("utf-8", "backslashreplace"))
        return digest.hexdigest()

    def bearer(self, role: str = "editor") -> dict[str, str]:
        """Return the Authorization header of `role`'s API token."""
        return {"Authorization": f"Bearer {self.facts.secrets[role]}"}


@pytest.fixture
def desk(hostile_template: tuple[Path, DeskFacts], tmp_path: Path) -> Iterator[Desk]:
    """The sweep's app on its own copy of the template desk."""
    from webapp import create_app
    from webapp.db import database

    template, facts = hostile_template
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(template, path)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": sqlite_url(path),
            "SECRET_KEY": "sweep-secret",
        }
    )
    app.instance_path = str(tmp_path / "instance")
    yield Desk(app, path, template, facts)
    database(app).dispose()

"""The export streams: the same SQL for a small desk and a 25 times larger one, no lazy loads.

Desks are `claimdesk demo-data`'s (speakers, verdicts with proposers and approvers, one or
two sources per claim), on SQLite and on PostgreSQL, where the two streams are server-side
cursors read side by side.
"""

from __future__ import annotations

import io
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import markupsafe
import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import orm

from models.db import make_engine, make_session_factory, sqlite_url
from models.demo import DemoSpec, build_demo_desk
from models.errors import ValidationError
from models.read.claim_filter import ClaimFilter
from models.reports import html_claim
from models.reports.body import iter_articles
from models.reports.escaping import link_target
from models.reports.export import FORMATS, write_report
from models.reports.model import ReportOptions
from models.tables.enums import Stance
from models.text.urls import check_url

SMALL, LARGE = 60, 1_500  # claims: 2 articles, then 50


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def two_desks(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
) -> Iterator[tuple[sa.Engine, sa.Engine]]:
    """Demo desks of SMALL and LARGE claims, each in a migrated database of its own.

    Built once for the module: every test here only reads them.
    """
    dropped: list[str] = []
    if request.param == "sqlite":
        urls = []
        folder = tmp_path_factory.mktemp("two-desks")
        for size in (SMALL, LARGE):
            path = folder / f"desk-{size}.sqlite3"
            shutil.copyfile(sqlite_template, path)
            urls.append(sqlite_url(path))
    else:
        template = request.getfixturevalue("postgres_template")
        admin_url = sa.make_url(os.environ["CLAIMDESK_TEST_POSTGRES_URL"])
        admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        urls = []
        with admin.connect() as connection:
            for _ in (SMALL, LARGE):
                name = f"claimdesk_test_{uuid.uuid4().hex[:12]}"
                connection.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                dropped.append(name)
                urls.append(admin_url.set(database=name).render_as_string(hide_password=False))
    engines = [make_engine(url) for url in urls]
    for engine, size in zip(engines, (SMALL, LARGE), strict=True):
        build_demo_desk(engine, DemoSpec(claims=size))
    try:
        yield engines[0], engines[1]
    finally:
        for engine in engines:
            engine.dispose()
        if dropped:
            with admin.connect() as connection:
                for name in dropped:
                    connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


@pytest.fixture
def no_pdf_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the PDF format run its whole data path, without WeasyPrint's slow layout."""
    import weasyprint

    class Document:
        def __init__(self, string: str, url_fetcher: object) -> None:
            assert "</html>" in string

        def write_pdf(self, out: io.BytesIO) -> None:
            out.write(b"%PDF-stub")

    monkeypatch.setattr(weasyprint, "HTML", Document)


class Watch:
    """What one export asked of the database: statements, ORM objects, relationship loads."""

    def __init__(self, engine: sa.Engine, session: orm.Session) -> None:
        self.statements = self.objects = self.relationship_loads = 0
        sa.event.listen(engine, "before_cursor_execute", self._statement)
        sa.event.listen(session, "do_orm_execute", self._orm_execute)
        sa.event.listen(session, "loaded_as_persistent", self._loaded)
        self._engine = engine

    def _statement(self, *_: object) -> None:
        self.statements += 1

    def _orm_execute(self, state: orm.ORMExecuteState) -> None:
        if state.is_relationship_load:
            self.relationship_loads += 1
        elif state.is_select:
            # Any relationship not loaded by the query itself raises instead of loading.
            state.statement = state.statement.options(orm.raiseload("*"))

    def _loaded(self, *_: object) -> None:
        self.objects += 1

    def close(self) -> None:
        sa.event.remove(self._engine, "before_cursor_execute", self._statement)

    def figures(self) -> tuple[int, int, int]:
        return self.statements, self.objects, self.relationship_loads


def _export(engine: sa.Engine, fmt: str, options: ReportOptions) -> tuple[int, int, int]:
    with make_session_factory(engine)() as session:
        watch = Watch(engine, session)
        try:
            write_report(session, FORMATS[fmt], io.BytesIO(), options)
        finally:
            watch.close()
    return watch.figures()


@pytest.mark.parametrize(
    "options",
    [
        ReportOptions(),
        ReportOptions(include_drafts=True, claim_filter=ClaimFilter(stance=Stance.REFUTES)),
    ],
    ids=["whole desk", "drafts, refuting sources"],
)
def test_an_export_asks_the_same_of_a_small_and_a_large_desk(
    two_desks: tuple[sa.Engine, sa.Engine], no_pdf_layout: None, options: ReportOptions
) -> None:
    small, large = two_desks
    figures = {fmt: (_export(small, fmt, options), _export(large, fmt, options)) for fmt in FORMATS}
    for fmt, (at_small, at_large) in figures.items():
        statements, _, relationship_loads = at_large
        assert at_small[:2] == at_large[:2], (fmt, figures)  # statements, ORM objects
        assert relationship_loads == 0, (fmt, figures)
        assert statements <= 12, (fmt, figures)  # the head's few queries, then two streams


def test_articles_and_their_claims_stay_in_step(two_desks: tuple[sa.Engine, sa.Engine]) -> None:
    """An article whose claims go unread leaves the next article's claims intact."""
    _, large = two_desks
    with make_session_factory(large)() as session:
        everything = [
            (article.id, [claim.id for claim in claims])
            for article, claims in iter_articles(session, ReportOptions())
        ]
        expected = {
            article_id: claim_ids for article_id, claim_ids in everything if article_id % 3 == 0
        }
        skipping = {
            article.id: [claim.id for claim in claims]
            for article, claims in iter_articles(session, ReportOptions())
            if article.id % 3 == 0
        }
    assert len(everything) == LARGE // 30
    assert sum(len(claim_ids) for _, claim_ids in everything) == LARGE
    assert skipping == expected and all(expected.values())


def test_article_bodies_are_read_only_when_asked_for(
    two_desks: tuple[sa.Engine, sa.Engine],
) -> None:
    small, _ = two_desks
    with make_session_factory(small)() as session:
        bodies = [a.body for a, _ in iter_articles(session, ReportOptions(), with_body=True)]
        without = [a.body for a, _ in iter_articles(session, ReportOptions())]
    assert all(bodies) and without == [None] * len(bodies)


@pytest.mark.parametrize(
    "text", ["plain", "a & b", "<script>", "\"quoted\" 'single'", "&amp;", "ünïcödé <>", 42]
)
def test_claim_markup_escapes_as_the_template_did(text: object) -> None:
    assert html_claim.escape(text) == str(markupsafe.escape(text))


def _checked(url: str) -> str | None:
    try:
        return check_url(url)
    except (ValidationError, ValueError):
        return None


@pytest.mark.parametrize(
    "url",
    [
        "https://data.example.org/table-1?year=2023#row-4",
        "HTTP://Example.org/",
        "https://example.org:8443/x",
        "https://user:pw@example.org/",
        "https://exa mple.org/",
        "https:///no-host",
        "javascript:alert(1)",
        "https://example.org/" + "a" * 2000,
        "https://例え.jp/",
        " https://example.org/ ",
        "https://[::1]/",
        "https://[unclosed/",
    ],
)
def test_link_target_answers_as_check_url_does(url: str) -> None:
    assert link_target(url) == _checked(url)


@given(
    st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", ""]),
    st.text(alphabet=st.sampled_from('ab.-:@[]/?# \t"<>%é\x00'), max_size=20),
)
def test_link_target_answers_as_check_url_does_on_any_address(scheme: str, rest: str) -> None:
    url = scheme + rest
    assert link_target(url) == _checked(url)

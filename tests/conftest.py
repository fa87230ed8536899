"""Fixtures: a fresh real database per test (SQLite file, or PostgreSQL when configured).

Set CLAIMDESK_TEST_POSTGRES_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:55432/postgres)
to run the tests marked `postgres` against a real cluster; each such test gets a database
of its own. Without it they skip, except under CI=true, where they fail.

The switch CLAIMDESK_TEST_DATABASES chooses where every other test's database lives:
`sqlite` (the default), `postgresql`, or `both` (each such test runs twice; CI does this).
A test that is about SQLite itself is marked `sqlite_only` and never runs on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import jinja2
import jinja2.bccache
import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy import orm

from models import migrate
from models.db import make_engine, make_session_factory, sqlite_url
from models.services import accounts
from models.services.ratings import ensure_default_ratings

POSTGRES_ENV = "CLAIMDESK_TEST_POSTGRES_URL"
DATABASES_ENV = "CLAIMDESK_TEST_DATABASES"
DATABASE_CHOICES = {
    "sqlite": ("sqlite",),
    "postgresql": ("postgres",),
    "both": ("sqlite", "postgres"),
}


def _suite_databases() -> tuple[str, ...]:
    choice = os.environ.get(DATABASES_ENV, "sqlite").strip().lower()
    if choice not in DATABASE_CHOICES:
        raise pytest.UsageError(f"{DATABASES_ENV} is one of {', '.join(DATABASE_CHOICES)}")
    return DATABASE_CHOICES[choice]


SUITE_DATABASES = _suite_databases()


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Hash test passwords with few iterations: real hashing, a fraction of the time."""
    saved = accounts.HASH_METHOD
    accounts.HASH_METHOD = "pbkdf2:sha256:1000"
    yield
    accounts.HASH_METHOD = saved


class _SharedTemplateCode(jinja2.BytecodeCache):
    """Compiled templates kept for every app this test process creates.

    Each test builds its own app, and each app's Jinja environment would compile every
    template it renders again: a fifth of a second per app, and a large share of the
    suite. The cache is keyed by template name and checked against the source's checksum,
    so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(autouse=True, scope="session")
def _templates_compiled_once() -> Iterator[None]:
    from flask import Flask

    saved = Flask.jinja_options
    Flask.jinja_options = {**saved, "bytecode_cache": _SharedTemplateCode()}
    yield
    Flask.jinja_options = saved


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep article fetching on this machine: no test reaches the internet.

    Host names other than localhost do not resolve, and the fetcher connects only to
    loopback addresses; so an address a sweep makes up is refused at once, not after a
    timeout. Fixture pages are served from 127.0.0.1 (tests/pages.py).
    """
    import ipaddress
    import socket

    from models.intake import fetch

    real_resolve, real_open = fetch.resolve_host, fetch.open_socket

    def resolve(host: str, port: int) -> list[str]:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            if host.lower() != "localhost":
                raise socket.gaierror(socket.EAI_NONAME, "tests resolve only localhost") from None
        return real_resolve(host, port)

    def open_socket(address: str, port: int, timeout: float) -> socket.socket:
        if not ipaddress.ip_address(address.split("%", 1)[0]).is_loopback:
            raise ConnectionRefusedError(111, "tests connect only to loopback addresses")
        return real_open(address, port, timeout)

    monkeypatch.setattr(fetch, "resolve_host", resolve)
    monkeypatch.setattr(fetch, "open_socket", open_socket)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate one SQLite file once; each test copies it (much faster than migrating)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(sqlite_url(path))
    migrate.upgrade(engine)
    with orm.Session(engine) as session, session.begin():
        ensure_default_ratings(session)
    with engine.connect() as connection:  # fold the WAL back so a file copy is complete
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


# Fixtures that stand for "the seed fact-check is loaded": a test asking for one gets a copy
# of a database seeded once per worker instead of an empty one (loading the seed runs claim
# detection and a similarity lookup per claim: about a second per test, most of the suite's
# time when every test loaded it again). tests/models/test_seed.py loads it itself.
SEEDED_FIXTURES = frozenset({"seeded", "report_seed", "desk_members"})


def _load_the_seed(engine: sa.Engine) -> None:
    from models.services.seeding import default_seed_files, load_seed

    with make_session_factory(engine, writes=True)() as session:
        for path in default_seed_files():
            load_seed(session, path)
        session.commit()


@pytest.fixture(scope="session")
def sqlite_seeded_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite template with the seed fact-check loaded, built once per worker."""
    path = tmp_path_factory.mktemp("seeded") / "seeded.sqlite3"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(sqlite_url(path))
    _load_the_seed(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def _postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{POSTGRES_ENV} must be set in CI (.ci/run starts PostgreSQL)")
        pytest.skip(f"no PostgreSQL: set {POSTGRES_ENV} to run this test against one")
    return url


@contextlib.contextmanager
def _postgres_database(prefix: str, template: str | None = None) -> Iterator[sa.URL]:
    """Create a PostgreSQL database (a copy of `template`, if given); drop it afterwards."""
    admin_url = sa.make_url(_postgres_admin_url())
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    copy_of = f' TEMPLATE "{template}"' if template else ""
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"{copy_of}')
    try:
        yield admin_url.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _as_text(url: sa.URL) -> str:
    return url.render_as_string(hide_password=False)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """Create an empty PostgreSQL database for one test and drop it afterwards."""
    with _postgres_database("claimdesk_test") as url:
        yield _as_text(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "postgres":
        return request.getfixturevalue("postgres_url")
    return sqlite_url(tmp_path / "empty.sqlite3")


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """Migrate one PostgreSQL database once; each test's database is a copy of it."""
    with _postgres_database("claimdesk_template") as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine)
            with orm.Session(engine) as session, session.begin():
                ensure_default_ratings(session)
        finally:
            engine.dispose()  # a template must have no connection while it is copied
        yield str(url.database)


@pytest.fixture(scope="session")
def postgres_seeded_template(postgres_template: str) -> Iterator[str]:
    """A copy of the PostgreSQL template with the seed fact-check loaded, built once."""
    with _postgres_database("claimdesk_seeded", postgres_template) as url:
        engine = make_engine(url)
        try:
            _load_the_seed(engine)
        finally:
            engine.dispose()
        yield str(url.database)


@pytest.fixture
def postgres_desk_url(postgres_template: str) -> Iterator[str]:
    """A migrated PostgreSQL database with the verdict scale, for this test only."""
    with _postgres_database("claimdesk_test", postgres_template) as url:
        yield _as_text(url)


@pytest.fixture
def postgres_seeded_url(postgres_seeded_template: str) -> Iterator[str]:
    """Like postgres_desk_url, with the seed fact-check loaded."""
    with _postgres_database("claimdesk_test", postgres_seeded_template) as url:
        yield _as_text(url)


def _sqlite_copy(tmp_path: Path, template: Path) -> str:
    path = tmp_path / "claimdesk.sqlite3"
    shutil.copyfile(template, path)
    return sqlite_url(path)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def desk_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A migrated database with the default verdict scale, on SQLite and on PostgreSQL.

    For tests about what differs between the two databases: they run on both whatever
    CLAIMDESK_TEST_DATABASES says.
    """
    if request.param == "sqlite":
        return _sqlite_copy(tmp_path, sqlite_template)
    return request.getfixturevalue("postgres_desk_url")


def _db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    seeded = not SEEDED_FIXTURES.isdisjoint(request.node.fixturenames)
    if getattr(request, "param", "sqlite") == "postgres":
        return request.getfixturevalue("postgres_seeded_url" if seeded else "postgres_desk_url")
    if seeded:
        return _sqlite_copy(tmp_path, request.getfixturevalue("sqlite_seeded_template"))
    return _sqlite_copy(tmp_path, sqlite_template)


def expect_seeded(session: orm.Session) -> orm.Session:
    """Check that this test's database holds the seed (see SEEDED_FIXTURES); return it."""
    from models import Article

    assert session.scalar(sa.select(sa.func.count(Article.id))), (
        "the seeded fixtures need a db_url built from the seeded template"
    )
    return session


if SUITE_DATABASES == ("sqlite",):

    @pytest.fixture
    def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
        """A migrated SQLite database (with the default verdict scale) for this test only;
        with the seed loaded when the test uses one of SEEDED_FIXTURES."""
        return _db_url(request, tmp_path, sqlite_template)

else:

    @pytest.fixture(
        params=[
            name if name == "sqlite" else pytest.param(name, marks=pytest.mark.postgres)
            for name in SUITE_DATABASES
        ]
    )
    def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
        """A migrated database (with the default verdict scale) for this test only, on each
        database CLAIMDESK_TEST_DATABASES names."""
        return _db_url(request, tmp_path, sqlite_template)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the browser tests, and leave out the PostgreSQL run of a test marked sqlite_only
    or of a browser test.

    A browser test drives pages whose database work the web and model tests already run
    on both databases; running Chromium twice over would only double the suite's slowest
    part (CI's 15 minutes).
    """
    browser_dir = Path(__file__).parent / "browser"
    kept, dropped = [], []
    for item in items:
        in_browser = Path(str(item.path)).is_relative_to(browser_dir)
        if in_browser:
            item.add_marker(pytest.mark.browser)
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("db_url") == "postgres"
        one_database = item.get_closest_marker("sqlite_only") or in_browser
        (dropped if on_postgres and one_database else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: sa.Engine) -> Iterator[orm.Session]:
    """A session on this test's database; the test decides when to commit."""
    with make_session_factory(engine)() as session:
        yield session


@pytest.fixture
def app(db_url: str, tmp_path: Path):
    from webapp import create_app

    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "test-secret",
        }
    )
    app.instance_path = str(tmp_path / "instance")
    yield app
    from webapp.db import database

    database(app).dispose()


class FreshReadsClient(FlaskClient):
    """The test client, ending the test's own read transaction after each request.

    Each transaction reads one snapshot (a deferred BEGIN on SQLite, READ COMMITTED
    statements on PostgreSQL would not need it), so a test that read something before a
    request would not see what the request committed. Nothing uncommitted is lost: a
    request cannot see a test's uncommitted rows either, so tests commit before asking.
    """

    test_session: orm.Session | None = None

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        response = super().open(*args, **kwargs)
        session = self.test_session
        if session is not None and not (session.new or session.dirty or session.deleted):
            session.rollback()
            session.expire_all()  # also what was loaded outside a transaction
        return response


@pytest.fixture
def client(app, session):
    # every test client of this app (a second member's too) refreshes the test's session
    app.test_client_class = type("Client", (FreshReadsClient,), {"test_session": session})
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()

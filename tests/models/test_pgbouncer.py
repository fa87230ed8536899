"""The desk through PgBouncer in transaction mode, as docs/deploy.md suggests for many servers.

A real PgBouncer (Debian 12's 1.18) listens on 127.0.0.1 in front of the test cluster,
with fewer server connections than clients, so that each transaction may run on another
server connection. With psycopg's automatic prepared statements on, transactions then
fail ("prepared statement … does not exist", "… already exists"); with
`?prepare_threshold=none` in the database URL, none does, and the web app serves
concurrent members through it.

Outside CI these tests skip, with the reason, when pgbouncer is missing; under CI=true a
missing one fails the run (.ci/run installs it).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from models import Claim, Role, migrate
from models.db import make_engine, make_session_factory
from models.services import accounts
from models.services.seeding import default_seed_files, load_seed

from ..tools import free_port, system_tool
from ..webapp.test_serve import claimdesk_serve

pytestmark = pytest.mark.postgres

CLIENTS, TRANSACTIONS = 4, 40
PASSWORD = "harbour violet quill lantern"


def _pgbouncer() -> str:
    return system_tool("pgbouncer", "pgbouncer", "the PgBouncer tests")


def _version(binary: str) -> tuple[int, ...]:
    text = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"(\d+)\.(\d+)", text)
    return tuple(int(part) for part in found.groups()) if found else (0, 0)


def _as_postgres(command: list[str]) -> list[str]:
    """PgBouncer refuses to run as root, like PostgreSQL itself."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture
def pgbouncer(postgres_url: str) -> Iterator[str]:
    """A PgBouncer in transaction mode in front of this test's database; its URL."""
    binary = _pgbouncer()
    server = sa.make_url(postgres_url)
    folder = Path(tempfile.mkdtemp(prefix="claimdesk-pgbouncer-"))
    port = free_port()
    (folder / "users.txt").write_text(f'"{server.username}" ""\n', "utf-8")
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"{server.database} = host={server.host} port={server.port} "
        f"dbname={server.database} user={server.username}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {folder / 'users.txt'}\n"
        # fewer server connections than clients: transactions move between them
        f"pool_mode = transaction\ndefault_pool_size = 2\nmax_client_conn = 100\n"
        f"logfile = {folder / 'pgbouncer.log'}\n",
        "utf-8",
    )
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        for path in folder.iterdir():
            shutil.chown(path, "postgres")
    process = subprocess.Popen(
        _as_postgres([binary, str(folder / "pgbouncer.ini")]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = server.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    try:
        _wait_for(url, process, folder)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for(url: str, process: subprocess.Popen[bytes], folder: Path) -> None:
    engine = make_engine(url, poolclass=sa.NullPool)
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(sa.exc.OperationalError):
                with engine.connect() as connection:
                    connection.exec_driver_sql("SELECT 1")
                return
            time.sleep(0.1)
    finally:
        engine.dispose()
    log = folder / "pgbouncer.log"
    pytest.fail("pgbouncer did not answer:\n" + (log.read_text() if log.exists() else ""))


def _in_parallel(work: Callable[[int], None], rounds: int = TRANSACTIONS) -> list[str]:
    """Run `work(i)` `rounds` times in each client, each client a thread; return the
    errors they met, by name."""
    errors: list[str] = []

    def client() -> None:
        for i in range(rounds):
            try:
                work(i)
            except Exception as exc:  # what the pooler did to the transaction, recorded
                errors.append(type(getattr(exc, "orig", exc)).__name__)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _read_claims(engine: sa.Engine) -> Callable[[int], None]:
    def work(i: int) -> None:
        with engine.begin() as connection:
            connection.execute(sa.select(sa.func.count()).where(Claim.id > i)).scalar()
            time.sleep(0.01)  # the transaction stays open while other clients want one

    return work


def test_with_prepared_statements_off_the_desk_works_through_transaction_pooling(
    pgbouncer: str,
) -> None:
    engine = make_engine(pgbouncer + "?prepare_threshold=none")
    try:
        migrate.upgrade(engine)  # the migration's advisory lock is per transaction: fine
        with engine.connect() as connection:
            assert connection.connection.driver_connection.prepare_threshold is None
        errors = _in_parallel(_read_claims(engine))
    finally:
        engine.dispose()
    assert errors == []


def test_with_them_on_transaction_pooling_breaks_transactions(pgbouncer: str) -> None:
    """Why the URL setting exists (PgBouncer 1.21 and later can track prepared statements)."""
    if _version(_pgbouncer()) >= (1, 21):
        pytest.skip("this PgBouncer may track prepared statements itself")
    engine = make_engine(pgbouncer)
    try:
        migrate.upgrade(engine)
        errors = _in_parallel(_read_claims(engine))
    finally:
        engine.dispose()
    assert set(errors) & {"DuplicatePreparedStatement", "InvalidSqlStatementName"}, errors


def _members_commenting(url: str, folder: Path) -> list[str]:
    """Four members at once save comments through `claimdesk serve` on `url` (each save a
    committed transaction); return the errors they met."""
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        with make_session_factory(engine, writes=True)() as session:
            for seed in default_seed_files():
                load_seed(session, seed)
            accounts.create_user(session, "pooled", Role.EDITOR, PASSWORD, actor=None)
            session.commit()
            claim_id = session.scalar(sa.select(sa.func.min(Claim.id)))
    finally:
        engine.dispose()
    local = threading.local()
    with claimdesk_serve(url, folder, "--workers", "1") as served:
        base = f"http://127.0.0.1:{served.port}"

        def member(i: int) -> None:
            if not hasattr(local, "opener"):  # each member logs in once, then only saves
                jar = http.cookiejar.CookieJar()
                local.opener = urllib.request.build_opener(
                    urllib.request.HTTPCookieProcessor(jar), _NoRedirect
                )
                local.token = _token(local.opener, base + "/login")
                login = {"username": "pooled", "password": PASSWORD, "csrf_token": local.token}
                assert _post(local.opener, base + "/login", login) == 302
                local.token = _token(local.opener, base + "/account")
            form = {"comment": f"note {i}", "csrf_token": local.token}
            status = _post(local.opener, f"{base}/claims/{claim_id}/comments", form)
            assert status == 302, status

        errors = _in_parallel(member, rounds=15)
    log = served.output["stderr"]
    return errors + re.findall(r"psycopg\.errors\.(\w+)", log)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _token(opener: urllib.request.OpenerDirector, url: str) -> str:
    with opener.open(url, timeout=60) as response:
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.read().decode())
    assert found, f"no form token at {url}"
    return found.group(1)


def _post(opener: urllib.request.OpenerDirector, url: str, form: dict[str, str]) -> int:
    data = urllib.parse.urlencode(form).encode()
    try:
        with opener.open(urllib.request.Request(url, data=data), timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as answer:
        answer.close()
        return answer.code


def test_members_use_the_web_desk_through_the_pooler(pgbouncer: str, tmp_path: Path) -> None:
    assert _members_commenting(pgbouncer + "?prepare_threshold=none", tmp_path) == []

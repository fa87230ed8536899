"""`claimdesk serve`: the desk under gunicorn, a production WSGI server (Unix only).

Why gunicorn rather than waitress: the desk's requests spend most of their time in Python
(Jinja rendering, SQLAlchemy, SQLite runs inside the process), so one process is held to
one core by the GIL whatever its thread count. gunicorn forks worker processes from one
master, which restarts any worker that dies; each worker runs a few threads (the gthread
worker) so a slow download or a request waiting for SQLite's write lock does not hold up
the others. waitress is a single process. The figures are in docs/deploy.md.

The master prepares the database once, before any worker exists (so workers never migrate
or seed at the same time), then forks the workers from the app it built.
"""

from __future__ import annotations

import os
import socket
from typing import Any

import click
from flask import Flask
from flask.cli import ScriptInfo

from models import migrate

from .commands import bootstrap, clean_errors
from .db import database

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_THREADS = 4
# gunicorn's access log: client, time, request line, status, bytes, milliseconds, agent.
# Behind trusted proxies the first field is the proxy; X-Forwarded-For follows at the end.
ACCESS_LOG_FORMAT = (
    '%(h)s - %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" "%({x-forwarded-for}i)s"'
)


def default_workers() -> int:
    """Return the worker processes for this machine: one per core, at least two.

    A worker runs Python on one core at a time, so one per core lets the desk use them
    all; more add memory and database connections (each worker has its own). On the
    shared 2-core machine of docs/deploy.md, 1×8, 2×4, 4×2 and 2×8 workers × threads
    differed by less than the noise of other people's load.
    """
    return max(2, os.cpu_count() or 1)


@click.command("serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: one per core, at least 2).",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=DEFAULT_THREADS,
    show_default=True,
    help="Threads per worker process.",
)
@click.option(
    "--access-log",
    default="-",
    show_default=True,
    help="File the access log is appended to; '-' is standard output, 'off' none.",
)
@click.pass_context
def serve_command(
    ctx: click.Context, host: str, port: int, workers: int | None, threads: int, access_log: str
) -> None:
    """Serve the desk with gunicorn: several worker processes, access logs (Unix).

    An empty database is prepared first, as `claimdesk run` does (schema, seed, an
    `admin` with a one-time password). A database at an older schema is refused: run
    `claimdesk init` once, after a backup, then serve again.
    """
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError as exc:  # Windows: gunicorn does not install there
        raise click.ClickException(
            "claimdesk serve needs gunicorn, which runs on Unix only "
            f"({exc}); on Windows use `claimdesk run`, or run the desk in WSL or a container"
        ) from exc
    _check_address(host, port)  # before anything is prepared: a clear line, nothing touched
    app = ctx.ensure_object(ScriptInfo).load_app()
    with app.app_context():
        try:
            clean_errors(_prepare)()
        except click.ClickException as exc:
            exc.show()
            ctx.exit(1)
    # Nothing of the master's own connections may reach a forked worker.
    database(app).dispose()
    options = _options(app, host, port, workers or default_workers(), threads, access_log)
    _hide_server_software()

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for name, value in options.items():
                if name in self.cfg.settings:  # settings newer than the installed gunicorn
                    self.cfg.set(name, value)

        def load(self) -> Flask:
            return app

    Server().run()


def _check_address(host: str, port: int) -> None:
    """Refuse at once an address this machine cannot listen on (gunicorn retries 5 s)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise click.ClickException(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}"
            ) from exc


def _prepare() -> None:
    """Bootstrap an empty database; refuse one whose schema is not this code's."""
    engine = database().engine
    revision, head = migrate.current_revision(engine), migrate.head_revision()
    migrate.refuse_unknown(revision)  # a newer Claimdesk's schema: `init` cannot help
    if revision is not None and revision != head:
        raise click.ClickException(
            f"the database is at schema revision {revision} and this Claimdesk expects "
            f"{head}. Back the desk up, run `claimdesk init` once (one machine, one time), "
            "then start `claimdesk serve` again"
        )
    bootstrap()


def _options(
    app: Flask, host: str, port: int, workers: int, threads: int, access_log: str
) -> dict[str, Any]:
    def post_fork(server: Any, worker: Any) -> None:
        # A pool copied from the master holds nothing (disposed above); close=False
        # makes sure a worker never closes a connection its parent might still use.
        database(app).engine.dispose(close=False)

    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return {
        "bind": [bind],
        "workers": workers,
        "threads": threads,
        # gthread even with one thread: its main loop keeps the worker's heartbeat going
        # while a long report download streams, where a sync worker would be killed.
        "worker_class": "gthread",
        "preload_app": True,
        "accesslog": None if access_log == "off" else access_log,
        "access_log_format": ACCESS_LOG_FORMAT,
        # The desk alone decides what to believe of X-Forwarded-* (TRUSTED_PROXIES, via
        # werkzeug's ProxyFix); gunicorn would otherwise trust them from 127.0.0.1.
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
        "proc_name": "claimdesk",
        # gunicorn 25+ opens a control socket in $HOME by default: one per user, so two
        # desks served by one account would collide; nothing here uses it.
        "control_socket_disable": True,
        "post_fork": post_fork,
    }


def _hide_server_software() -> None:
    """Send `Server: Claimdesk`, as `claimdesk run` does, instead of gunicorn's name."""
    from gunicorn.http import wsgi

    if hasattr(wsgi, "SERVER"):  # read by each Response; tests/webapp/test_serve.py checks it
        wsgi.SERVER = "Claimdesk"

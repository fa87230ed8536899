"""The `claimdesk` command: Flask's own commands plus the desk's (see commands.py)."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import FlaskGroup, ScriptInfo, run_command, show_server_banner
from flask.helpers import get_debug_flag
from werkzeug.serving import WSGIRequestHandler, run_simple

from . import create_app
from .commands import bootstrap, clean_errors
from .serve import serve_command


class RequestHandler(WSGIRequestHandler):
    """Werkzeug's request handler, whose Server header names no software or version."""

    server_version = "Claimdesk"  # type: ignore[assignment]  # a property upstream
    sys_version = ""

    def version_string(self) -> str:
        """Return the Server header's value."""
        return self.server_version


@click.command(
    "run",
    params=list(run_command.params),
    help=run_command.help,
    context_settings={"ignore_unknown_options": False},
)
@click.pass_context
def run_with_bootstrap(ctx: click.Context, **kwargs: Any) -> None:
    """Prepare an empty database (schema, seed, admin), then serve the app."""
    app = ctx.ensure_object(ScriptInfo).load_app()
    with app.app_context():
        try:
            clean_errors(bootstrap)()
        except click.ClickException as exc:
            exc.show()
            ctx.exit(1)
    serve(app, ctx.ensure_object(ScriptInfo), **kwargs)


def serve(
    app: Any,
    info: ScriptInfo,
    *,
    host: str,
    port: int,
    reload: bool | None,
    debugger: bool | None,
    with_threads: bool,
    cert: Any,
    extra_files: list[str] | None,
    exclude_patterns: list[str] | None,
) -> None:
    """Serve the app as Flask's `run` does, through our RequestHandler."""
    debug = get_debug_flag()
    show_server_banner(debug, info.app_import_path)
    run_simple(
        host,
        port,
        app,
        use_reloader=debug if reload is None else reload,
        use_debugger=debug if debugger is None else debugger,
        threaded=with_threads,
        ssl_context=cert,
        extra_files=extra_files,
        exclude_patterns=exclude_patterns,
        request_handler=RequestHandler,
    )


class ClaimdeskGroup(FlaskGroup):
    """FlaskGroup whose `run` first prepares an empty database, plus `serve`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(create_app=create_app, **kwargs)
        self.add_command(run_with_bootstrap)
        self.add_command(serve_command)


cli = ClaimdeskGroup(help="Claimdesk, the fact-check desk.")


def main() -> None:
    """Run the `claimdesk` command."""
    cli(prog_name="claimdesk")


if __name__ == "__main__":  # python -m webapp.cli, as the bench scripts run it
    main()

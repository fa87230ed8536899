"""The `claimdesk` command: Flask's own commands plus the desk's (see commands.py)."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import FlaskGroup, ScriptInfo, run_command

from . import create_app
from .commands import bootstrap, clean_errors


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
    ctx.invoke(run_command, **kwargs)


class ClaimdeskGroup(FlaskGroup):
    """FlaskGroup whose `run` first prepares an empty database."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(create_app=create_app, **kwargs)
        self.add_command(run_with_bootstrap)


cli = ClaimdeskGroup(help="Claimdesk, the fact-check desk.")


def main() -> None:
    """Run the `claimdesk` command."""
    cli(prog_name="claimdesk")

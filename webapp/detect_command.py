"""`claimdesk detect PATH_OR_URL`: the claims detection proposes, without touching the desk.

Reads the article as `claimdesk import` would (text, Markdown or HTML, a file or an
address, with the same limits) and prints detection's candidates: JSON for tools
(`[{"text", "start", "end", "speaker", "speaker_reason", "score", "reasons"}]`, with
`text == body[start:end]` of the extracted body) or a listing for a person. No database
is opened; speakers are named as the text names them.
"""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from models.detection import SUGGEST_THRESHOLD, detect_claims, format_text
from models.intake import load_document

from .commands import clean_errors
from .intake import fetch_policy


@click.command("detect")
@click.argument("source", metavar="PATH_OR_URL")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json for tools; text for a person.",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0.0, 1.0),
    default=SUGGEST_THRESHOLD,
    show_default=True,
    help="Leave out candidates scoring less.",
)
@click.option("--author", default=None, help="Whose words unattributed text is (default: found).")
@click.option("--publisher", default=None, help="The publisher (default: found).")
@click.option("--with-body", is_flag=True, help="json: wrap as {body, candidates}.")
@with_appcontext
@clean_errors
def detect_command(
    source: str,
    output: str,
    min_score: float,
    author: str | None,
    publisher: str | None,
    with_body: bool,
) -> None:
    """Print the check-worthy claims detection finds in a file or at an address."""
    document = load_document(source, fetch_policy())
    candidates = detect_claims(
        document.body,
        author=author or document.author,
        publisher=publisher or document.publisher,
        threshold=min_score,
    )
    if output == "json":
        items = [candidate.as_json() for candidate in candidates]
        payload = {"body": document.body, "candidates": items} if with_body else items
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(format_text(candidates, document.body), nl=False)

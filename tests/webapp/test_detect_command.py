"""`claimdesk detect`: candidates from a file as JSON or text, spans exact, no database touched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.db import sqlite_url
from models.intake import FetchPolicy, load_document
from webapp import create_app

STORY = """Exports hit a record

By Jane Smith

Exports rose 12.4% in 2025 to £41.2bn, the highest figure since records began in 1997, \
according to the Office for National Statistics.

"We are the fastest-growing economy in the G7," said the Trade Minister, Ana Ruiz. \
"Unemployment fell to 3.9% last year."

What will next year bring? Nobody knows.

I think the weather was lovely.
"""


@pytest.fixture
def cli(tmp_path: Path):
    """The command line of an app whose database file does not exist."""
    database = tmp_path / "never" / "desk.sqlite3"
    app = create_app({"TESTING": True, "DATABASE_URL": sqlite_url(database), "SECRET_KEY": "test"})
    app.instance_path = str(tmp_path / "instance")
    yield app.test_cli_runner(), database


def test_json_lists_candidates_whose_text_is_the_body_at_their_offsets(cli, tmp_path) -> None:
    runner, database = cli
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    result = runner.invoke(args=["detect", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    candidates = json.loads(result.output)
    body = load_document(str(path), FetchPolicy()).body
    assert candidates, "the statistics sentence at least is check-worthy"
    for item in candidates:
        assert set(item) >= {"text", "start", "end", "speaker", "score", "reasons"}
        assert body[item["start"] : item["end"]] == item["text"]
        assert 0.0 <= item["score"] <= 1.0
        assert all({"signal", "weight", "evidence"} <= set(r) for r in item["reasons"])
    texts = " ".join(item["text"] for item in candidates)
    assert "12.4%" in texts and "3.9%" in texts
    assert "What will next year bring?" not in texts
    unemployment = next(item for item in candidates if "3.9%" in item["text"])
    # the quote goes to the name after the title ("said the Trade Minister, Ana Ruiz")
    assert unemployment["speaker"] == "Ana Ruiz"
    assert not database.exists() and not database.parent.exists()


def test_text_format_is_for_a_person_and_with_body_wraps_json(cli, tmp_path) -> None:
    runner, _ = cli
    path = tmp_path / "story.md"
    path.write_text("# Exports hit a record\n\n" + STORY.split("\n", 2)[2], encoding="utf-8")
    listing = runner.invoke(args=["detect", str(path)])
    assert listing.exit_code == 0, listing.output
    assert "1. [" in listing.output and "reasons:" in listing.output
    wrapped = runner.invoke(args=["detect", str(path), "--format", "json", "--with-body"])
    payload = json.loads(wrapped.output)
    assert set(payload) == {"body", "candidates"}
    for item in payload["candidates"]:
        assert payload["body"][item["start"] : item["end"]] == item["text"]


def test_a_high_minimum_score_leaves_fewer(cli, tmp_path) -> None:
    runner, _ = cli
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    every = json.loads(
        runner.invoke(args=["detect", str(path), "--format", "json", "--min-score", "0"]).output
    )
    strict = json.loads(
        runner.invoke(args=["detect", str(path), "--format", "json", "--min-score", "0.99"]).output
    )
    assert len(strict) < len(every)
    assert all(item["score"] >= 0.99 for item in strict)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x00\x01\x02PK\x03\x04" * 50, "binary")],
)
def test_bad_files_are_refused_with_a_message(cli, tmp_path, content, message) -> None:
    runner, _ = cli
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = runner.invoke(args=["detect", str(path)])
    assert result.exit_code == 1
    assert message in result.output.lower()


def test_a_missing_file_is_refused(cli, tmp_path) -> None:
    runner, _ = cli
    result = runner.invoke(args=["detect", str(tmp_path / "nowhere.txt")])
    assert result.exit_code == 1 and "nowhere.txt" in result.output

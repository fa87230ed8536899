"""`claimdesk export` in every format, its options and errors, and `check-claimreview`."""

from __future__ import annotations

import csv
import io
import json

import pytest

from models.reports.claimreview_check import check_file

from .conftest import BASE_URL


@pytest.fixture
def cli(runner, report_seed, report_app):
    """The CLI runner on the frozen seed, with the test organisation configured."""
    return runner


@pytest.mark.parametrize(
    ("fmt", "magic"),
    [
        ("html", b"<!doctype html>"),
        ("pdf", b"%PDF-"),
        ("md", b"# Fact-check"),
        ("csv", b"article_id,"),
        ("json", b'{"report"'),
        ("claimreview", b"["),
    ],
)
def test_export_each_format_to_a_file(cli, tmp_path, fmt, magic) -> None:
    out = tmp_path / f"report.{fmt}"
    result = cli.invoke(args=["export", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    assert not (tmp_path / f"report.{fmt}.partial").exists()
    assert f"wrote {out}" in result.stderr
    if fmt in {"html", "claimreview"}:
        assert check_file(out).ok


def test_filters_and_drafts(cli, tmp_path) -> None:
    out = tmp_path / "r.json"
    result = cli.invoke(
        args=["export", "--format", "json", "--status", "verdict_proposed", "--include-drafts",
              "--article", "1", "-o", str(out)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    claims = data["articles"][0]["claims"]
    assert len(claims) == 2 and all(c["verdict"]["draft"] for c in claims)
    result = cli.invoke(
        args=["export", "--format", "md", "--speaker", "Sabrina", "--rating", "none"]
    )
    assert result.exit_code == 0 and "Sabrina Meng" in result.stdout


def test_csv_bom_and_stdout(cli) -> None:
    result = cli.invoke(args=["export", "--format", "csv", "--bom", "--rating", "false"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert {r["verdict_slug"] for r in rows} == {"false"}


def test_base_url_option(cli) -> None:
    result = cli.invoke(
        args=["export", "--format", "claimreview", "--base-url", "https://other.example/r"]
    )
    assert result.exit_code == 0, result.output
    assert all(
        r["url"].startswith("https://other.example/r#claim-") for r in json.loads(result.stdout)
    )


def test_default_base_url_comes_from_config(cli) -> None:
    result = cli.invoke(args=["export", "--format", "claimreview"])
    assert all(r["url"].startswith(BASE_URL + "#claim-") for r in json.loads(result.stdout))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "done"], "unknown status 'done'; choose one of unreviewed, in_review"),
        (["--rating", "pants"], "unknown verdict 'pants'; choose one of true, mostly-true"),
        (["--article", "77"], "there is no article 77"),
        (["--speaker", "Nobody"], "no speaker is called 'Nobody'"),
        (["--format", "docx"], "'docx' is not one of"),
    ],
)
def test_bad_options_are_one_clean_line(cli, tmp_path, args, message) -> None:
    out = tmp_path / "r.html"
    result = cli.invoke(args=["export", "--format", "html", *args, "-o", str(out)])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["html", "claimreview", "pdf"])
def test_a_failing_claimreview_check_writes_nothing(cli, tmp_path, fmt) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / f"r.{fmt}"
    result = cli.invoke(args=["export", "--format", fmt, "--base-url", "reports", "-o", str(out)])
    assert result.exit_code == 1
    assert "ClaimReview check failed, nothing written" in result.output
    assert "must be an absolute" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert list((tmp_path / "out").iterdir()) == []  # neither the file nor a .partial


def test_a_failing_check_writes_nothing_to_stdout(cli) -> None:
    result = cli.invoke(args=["export", "--format", "html", "--base-url", "reports"])
    assert result.exit_code == 1 and result.stdout == ""


def test_unwritable_output_is_one_clean_line(cli, tmp_path) -> None:
    out = tmp_path / "missing-folder" / "r.md"
    result = cli.invoke(args=["export", "--format", "md", "-o", str(out)])
    assert result.exit_code == 1
    assert f"cannot write {out}" in result.output and "Traceback" not in result.output


def test_check_claimreview_command(cli, tmp_path) -> None:
    good = tmp_path / "good.html"
    assert cli.invoke(args=["export", "--format", "html", "-o", str(good)]).exit_code == 0
    result = cli.invoke(args=["check-claimreview", str(good)])
    assert result.exit_code == 0, result.output
    assert "4 ClaimReview objects, 0 errors" in result.output
    reviews = json.loads(cli.invoke(args=["export", "--format", "claimreview"]).stdout)
    reviews[1]["claimReviewed"] = "z" * 90
    del reviews[2]["claimReviewed"]
    reviews[3]["reviewRating"]["ratingValue"] = 9
    bad = tmp_path / "bad.jsonld"
    bad.write_text(json.dumps(reviews), "utf-8")
    result = cli.invoke(args=["check-claimreview", str(bad)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(reviews[1]["url"] in line and "90 characters" in line for line in lines)
    assert any(reviews[2]["url"] in line and "claimReviewed is missing" in line for line in lines)
    assert any(reviews[3]["url"] in line and "ratingValue 9 is outside" in line for line in lines)
    assert "3 errors" in result.output


def test_check_claimreview_on_garbage(cli, tmp_path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("hello", "utf-8")
    result = cli.invoke(args=["check-claimreview", str(junk)])
    assert result.exit_code == 1 and "neither HTML nor valid JSON" in result.output

"""`claimdesk export -o FILE` stopped by a signal leaves nothing; a finished one is durable."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.reports import export
from models.reports.export import export_to_path, get_format

# The real `claimdesk` command, with each chunk of the report written slowly and often,
# so that the signal lands while FILE.partial is being written.
SLOW_EXPORT = """
import signal, time
from models.reports import export
# Ctrl-C as on a terminal, even where the test runs with SIGINT ignored (a background job).
signal.signal(signal.SIGINT, signal.default_int_handler)
export.CHUNK = 256

def slowly(writer):
    def write(*args, **kwargs):
        for chunk in writer(*args, **kwargs):
            time.sleep(0.03)
            yield chunk
    return write

export.TEXT_WRITERS = {name: slowly(w) for name, w in export.TEXT_WRITERS.items()}
from webapp.cli import main
main()
"""


def _start_export(db_url: str, out: Path, fmt: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMDESK_")}
    env["CLAIMDESK_DATABASE_URL"] = db_url
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_EXPORT, "export", "--format", fmt, "-o", str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_bytes(process: subprocess.Popen, partial: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if partial.exists() and partial.stat().st_size > 0:
            return
        time.sleep(0.01)
    raise AssertionError(f"{partial} never filled; the export ended with {process.poll()}")


@pytest.mark.parametrize(
    ("fmt", "signum"),
    [("md", signal.SIGTERM), ("html", signal.SIGTERM), ("md", signal.SIGINT)],
)
def test_a_signal_mid_write_leaves_no_file(report_seed, db_url, tmp_path, fmt, signum) -> None:
    out = tmp_path / "exports" / f"report.{fmt}"
    out.parent.mkdir()
    process = _start_export(db_url, out, fmt)
    try:
        _wait_for_bytes(process, out.with_name(out.name + ".partial"))
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 128 + signum, stderr
    assert stderr.strip() == f"Error: export interrupted; {out} was not written", stderr
    assert list(out.parent.iterdir()) == []


def test_the_export_restores_the_previous_sigterm_handler(runner, report_seed, tmp_path):
    def mine(signum, frame) -> None:
        pass

    previous = signal.signal(signal.SIGTERM, mine)
    try:
        result = runner.invoke(args=["export", "--format", "md", "-o", str(tmp_path / "r.md")])
        assert result.exit_code == 0, result.output
        assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_the_file_then_its_folder_reach_the_disk(report_seed, options, tmp_path, monkeypatch):
    out = tmp_path / "report.md"
    synced: list[tuple[str, bool]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        synced.append((kind, out.exists()))
        real_fsync(fd)

    monkeypatch.setattr(export.os, "fsync", fsync)
    export_to_path(report_seed, get_format("md"), out, options)
    # The content before it takes its name; the name once it has it.
    assert synced == [("file", False), ("folder", True)]
    assert out.read_text(encoding="utf-8").startswith("# Fact-check report")

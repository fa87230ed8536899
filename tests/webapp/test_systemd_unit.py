"""docs/deploy.md's systemd unit, checked by systemd's own `systemd-analyze verify`.

The unit is read from the document (its one ```ini block), with the paths a newsroom
would have (/srv/claimdesk, /etc/claimdesk.env) swapped for the test's, so that verify
can also check that ExecStart names a real executable: the `claimdesk` this suite runs.
A misspelt setting, a section in the wrong place or a bad command line fails the test.
The unit is not started: no systemd runs here as the init system.

Outside CI the test skips, with the reason, when systemd-analyze is missing; under
CI=true a missing one fails the run (.ci/run installs systemd).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from ..tools import system_tool

ROOT = Path(__file__).resolve().parents[2]


def _documented_unit() -> str:
    text = (ROOT / "docs" / "deploy.md").read_text("utf-8")
    blocks = re.findall(r"```ini\n(.*?)```", text, re.S)
    assert len(blocks) == 1, "docs/deploy.md should hold exactly one systemd unit (```ini)"
    return textwrap.dedent(blocks[0])


def _swap(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, f"docs/deploy.md's unit no longer says {old!r}"
    return text.replace(old, new)


def test_the_documented_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    verify = system_tool("systemd-analyze", "systemd", "the systemd unit test")
    executable = shutil.which("claimdesk") or str(Path(sys.executable).with_name("claimdesk"))
    assert Path(executable).exists(), "the claimdesk command is not installed"
    unit = _documented_unit()
    unit = _swap(unit, "/srv/claimdesk/venv/bin/claimdesk", executable)
    unit = _swap(unit, "/etc/claimdesk.env", str(tmp_path / "claimdesk.env"))
    unit = _swap(unit, "/srv/claimdesk", str(tmp_path))
    (tmp_path / "claimdesk.env").write_text("CLAIMDESK_TRUSTED_PROXIES=1\n", "utf-8")
    path = tmp_path / "claimdesk.service"
    path.write_text(unit, "utf-8")
    result = subprocess.run(
        [verify, "verify", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr  # verify warns on stderr, status 0


def test_a_misspelt_setting_would_fail_it(tmp_path: Path) -> None:
    """The check above can fail: verify names an unknown key in a unit like ours."""
    verify = system_tool("systemd-analyze", "systemd", "the systemd unit test")
    unit = _documented_unit().replace("TimeoutStopSec=", "TimeoutStopSek=")
    unit = unit.replace("/srv/claimdesk/venv/bin/claimdesk", "/bin/true")
    path = tmp_path / "claimdesk.service"
    path.write_text(unit, "utf-8")
    result = subprocess.run([verify, "verify", str(path)], capture_output=True, text=True)
    assert "Unknown key 'TimeoutStopSek'" in result.stderr

"""What tests need from the machine: a free loopback port, and programs such as nginx.

A test that needs a program the machine lacks skips with the reason; under CI=true it
fails instead, since .ci/run installs everything the suite uses.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path
from typing import NoReturn

import pytest


def unavailable(what: str, reason: str) -> NoReturn:
    """Skip (outside CI) or fail (under CI=true) a test of `what` that cannot run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} must run in CI: {reason}")
    pytest.skip(reason)


def system_tool(name: str, package: str, what: str) -> str:
    """Return the path of program `name` (on PATH or in the sbin folders), or give up."""
    found = shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if p.exists()),
        None,
    )
    if found is None:
        unavailable(what, f"{name} is needed (apt-get install {package})")
    return found


def free_port() -> int:
    """A TCP port nothing listens on at 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

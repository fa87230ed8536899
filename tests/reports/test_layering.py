"""The report code lives in models/: it never imports Flask (jinja2 alone is fine)."""

from __future__ import annotations

import subprocess
import sys


def test_report_modules_never_import_flask() -> None:
    code = (
        "import sys, models.reports.export, models.reports.pdf, models.reports.filters;"
        "bad = [m for m in sys.modules if m.split('.')[0] in {'flask', 'wtforms', 'webapp'}];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

"""docs/detection.md lists every signal with the weight the code gives it."""

from __future__ import annotations

import re
from pathlib import Path

from models.detection import signals as table

DOC = Path(__file__).resolve().parents[3] / "docs" / "detection.md"


def documented() -> dict[str, float]:
    """Return {signal: weight} from the doc's signal table."""
    rows = re.findall(r"^\| `(\w+)` \| ([+−-]\d\.\d\d) \|", DOC.read_text(), re.MULTILINE)
    return {slug: float(weight.replace("−", "-")) for slug, weight in rows}


def test_every_signal_is_documented_with_its_weight() -> None:
    expected = {s.slug: s.weight for s in table.SIGNALS} | table.COMPUTED
    assert documented() == expected


def test_the_base_and_threshold_are_the_documented_ones() -> None:
    text = DOC.read_text()
    assert f"`BASE` is {table.BASE}" in text
    assert f"`SUGGEST_THRESHOLD` = {table.SUGGEST_THRESHOLD}" in text

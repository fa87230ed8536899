"""Measure claim detection against the hand-annotated texts in tests/data/detection/.

    python bench/detection.py               # per text and overall, then the speed figure
    python bench/detection.py --show        # also list misses, false alarms, wrong speakers
    python bench/detection.py --threshold 0.4 --runs 9

Matching rule: a candidate matches an annotated claim when their spans overlap by at least
half of the shorter of the two. Recall is the share of annotated claims matched by some
candidate; precision the share of candidates that match some annotated claim (a sentence
candidate holding two annotated claims counts once, and matches both); speaker accuracy is
taken over the matched claims, comparing the annotated speaker with the speaker of the
candidate that overlaps the claim most. Speakers go through a `resolve` built from the
annotation's `speakers` list (a name or one of its aliases, case-insensitive), as the desk
resolves against its known speakers; --no-resolve measures the bare detector.

Speed: the annotated texts are concatenated (varied by renaming and renumbering so no
paragraph repeats) into an article of about 5,000 words; the figures are the median wall
and CPU times of --runs detections after one warm-up run. Not a test: nothing here
passes or fails.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.detection import SUGGEST_THRESHOLD, Candidate, detect_claims

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "detection"
TARGETS = {"recall": 0.9, "precision": 0.7, "speaker": 0.9}
SPEED_WORDS = 5000


@dataclass(frozen=True)
class Claim:
    """One annotated claim: where it is and who says it."""

    start: int
    end: int
    speaker: str
    quote: str


@dataclass(frozen=True)
class Annotated:
    """One annotated text."""

    name: str
    body: str
    author: str | None
    publisher: str | None
    aliases: dict[str, str]
    claims: list[Claim]


@dataclass
class Score:
    """Counts for one text (or all of them)."""

    claims: int = 0
    found: int = 0
    candidates: int = 0
    correct: int = 0
    right_speaker: int = 0

    def add(self, other: Score) -> None:
        """Add another text's counts to these."""
        self.claims += other.claims
        self.found += other.found
        self.candidates += other.candidates
        self.correct += other.correct
        self.right_speaker += other.right_speaker

    @property
    def recall(self) -> float:
        return self.found / self.claims if self.claims else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.candidates if self.candidates else 1.0

    @property
    def speaker(self) -> float:
        return self.right_speaker / self.found if self.found else 1.0


def load(path: Path) -> Annotated:
    """Read one annotated text (its .txt body and .yaml claims); every quote must be found."""
    body = path.with_suffix(".txt").read_text(encoding="utf-8")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}
    for speaker in data.get("speakers") or []:
        for alias in [speaker["name"], *(speaker.get("aliases") or [])]:
            aliases[alias.casefold()] = speaker["name"]
    claims = []
    for item in data["claims"]:
        at = body.find(item["quote"])
        if at < 0:
            raise SystemExit(f"{path.name}: quote not in the body: {item['quote']!r}")
        claims.append(Claim(at, at + len(item["quote"]), item["speaker"], item["quote"]))
    article = data.get("article") or {}
    return Annotated(
        path.stem, body, article.get("author"), article.get("publisher"), aliases, claims
    )


def load_all(layout: str = "as-is") -> list[Annotated]:
    """Read every annotated text in tests/data/detection/, laid out as asked."""
    return [relayout(load(path), layout) for path in sorted(DATA.glob("*.yaml"))]


def relayout(text: Annotated, layout: str) -> Annotated:
    """Return the text with its paragraphs laid out another way, claims found again.

    one-newline: paragraphs on one line each with no blank line between (as extracted
    pages come); wrapped: plain text wrapped at 72 columns, blank lines between paragraphs.
    """
    if layout == "as-is":
        return text
    paragraphs = [p for p in text.body.split("\n") if p.strip()]
    if layout == "one-newline":
        body = "\n".join(paragraphs)
    else:
        body = "\n\n".join(textwrap.fill(p, 72, break_on_hyphens=False) for p in paragraphs)
    claims = []
    for claim in text.claims:
        pattern = r"\s+".join(re.escape(word) for word in claim.quote.split())
        found = re.search(pattern, body)
        if found is None:
            raise SystemExit(f"{text.name}: {claim.quote!r} lost in the {layout} layout")
        claims.append(Claim(found.start(), found.end(), claim.speaker, claim.quote))
    return Annotated(text.name, body, text.author, text.publisher, text.aliases, claims)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Return how many characters two spans share."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def matches(claim: Claim, candidate: Candidate) -> bool:
    """Apply the matching rule: overlap of at least half of the shorter span."""
    shorter = min(claim.end - claim.start, candidate.end - candidate.start)
    shared = overlaps(claim.start, claim.end, candidate.start, candidate.end)
    return shorter > 0 and shared * 2 >= shorter


def resolver(text: Annotated) -> Callable[[str], str | None]:
    """Return a resolve() that knows the annotation's speakers and their aliases."""
    return lambda name: text.aliases.get(name.casefold())


def evaluate(
    text: Annotated, threshold: float, use_resolve: bool, show: bool
) -> tuple[Score, list[str]]:
    """Detect claims in one text and compare them with its annotation."""
    candidates = detect_claims(
        text.body,
        author=text.author,
        publisher=text.publisher,
        resolve=resolver(text) if use_resolve else None,
        threshold=threshold,
    )
    result = Score(claims=len(text.claims), candidates=len(candidates))
    notes: list[str] = []
    for claim in text.claims:
        hits = [c for c in candidates if matches(claim, c)]
        if not hits:
            notes.append(f"  MISSED   {claim.quote[:90]!r} ({claim.speaker})")
            continue
        result.found += 1
        best = max(hits, key=lambda c: overlaps(claim.start, claim.end, c.start, c.end))
        if best.speaker == claim.speaker:
            result.right_speaker += 1
        else:
            notes.append(
                f"  SPEAKER  {claim.quote[:70]!r}: {best.speaker!r} ({best.speaker_reason})"
                f", annotated {claim.speaker!r}"
            )
    for candidate in candidates:
        if any(matches(claim, candidate) for claim in text.claims):
            result.correct += 1
        else:
            reasons = " ".join(f"{r.signal}{r.weight:+.2f}" for r in candidate.reasons)
            notes.append(f"  EXTRA    [{candidate.score:.2f}] {candidate.text[:80]!r} {reasons}")
    return result, notes if show else []


def long_article(texts: list[Annotated], words: int = SPEED_WORDS) -> str:
    """Build an article of about `words` words from the texts, varied round by round."""
    parts: list[str] = []
    count = 0
    round_no = 0
    while count < words:
        for text in texts:
            varied = re.sub(r"\d+", _shifted(round_no), text.body)
            if round_no:
                varied = varied.replace("Pascal", f"Pascal{round_no}")
            parts.append(varied)
            count += len(varied.split())
            if count >= words:
                break
        round_no += 1
    return "\n\n".join(parts)


def _shifted(by: int) -> Callable[[re.Match[str]], str]:
    """Return a re.sub replacement that adds `by` to every number."""
    return lambda match: str(int(match.group()) + by)


def speed(texts: list[Annotated], runs: int) -> tuple[int, float, float]:
    """Return the long article's word count and its median wall and CPU times in seconds.

    CPU time is printed beside wall time because this machine is shared: other work
    on its two cores stretches the wall time, not the CPU time.
    """
    article = long_article(texts)
    detect_claims(article, author="Desk Author")  # warm-up: pysbd compiles its rules
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        detect_claims(article, author="Desk Author")
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return len(article.split()), statistics.median(walls), statistics.median(cpus)


def main(argv: list[str] | None = None) -> None:
    """Print recall, precision and speaker accuracy per text and overall, then speed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, default=SUGGEST_THRESHOLD)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--show", action="store_true", help="list each miss and false alarm")
    parser.add_argument("--no-resolve", action="store_true", help="no known speakers")
    parser.add_argument(
        "--layout",
        choices=["as-is", "one-newline", "wrapped"],
        default="as-is",
        help="re-lay the texts out: one paragraph a line, or wrapped at 72 columns",
    )
    args = parser.parse_args(argv)

    texts = load_all(args.layout)
    total = Score()
    print(
        f"threshold {args.threshold:.2f}; layout {args.layout}; "
        "match = spans overlap by >= half the shorter"
    )
    print(f"{'text':<26}{'claims':>7}{'cands':>7}{'recall':>8}{'precis.':>9}{'speaker':>9}")
    for text in texts:
        result, notes = evaluate(text, args.threshold, not args.no_resolve, args.show)
        total.add(result)
        print(_row(text.name, result))
        for note in notes:
            print(note)
    print(_row("overall", total))
    words, wall, cpu = speed(texts, args.runs)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"speed: {words} words in {wall:.3f} s wall, {cpu:.3f} s CPU "
        f"(medians of {args.runs} runs; load average {load:.1f})"
    )


def _row(name: str, result: Score) -> str:
    """Format one line of the table, starring figures below target."""

    def figure(value: float, target: float) -> str:
        return f"{value:.2f}{'' if value >= target else '*'}"

    return (
        f"{name:<26}{result.claims:>7}{result.candidates:>7}"
        f"{figure(result.recall, TARGETS['recall']):>8}"
        f"{figure(result.precision, TARGETS['precision']):>9}"
        f"{figure(result.speaker, TARGETS['speaker']):>9}"
    )


if __name__ == "__main__":
    main()

"""Check schema.org ClaimReview JSON-LD against the rules Claimdesk's exports promise.

Accepts a JSON-LD document (an object, an array, or an object with "@graph") or an HTML
page whose `<script type="application/ld+json">` blocks are read. Every problem names its
claim (the review's url, else its claimReviewed, else its position) so a desk can fix it.

Errors break the contract (a required property missing or wrong); warnings are
recommended properties that are absent. Only errors make a file fail.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ValidationError
from ..tables.claim import SUMMARY_MAX

ERROR = "error"
WARNING = "warning"
PERSON_TYPES = {"Person", "Organization"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one ClaimReview."""

    claim: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        return f"{self.severity}: {self.claim}: {self.message}"


@dataclass
class CheckResult:
    """What a check found: how many ClaimReview objects, and every problem."""

    reviews: int
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        """Return the problems that make the file fail."""
        return errors_only(self.problems)

    @property
    def ok(self) -> bool:
        """Tell whether the file passes (warnings allowed)."""
        return not self.errors


class ClaimReviewInvalid(ValidationError):
    """An export would contain ClaimReview markup that breaks the rules."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(
            f"ClaimReview check failed, nothing written: {first.claim}: {first.message}{more}"
        )
        self.problems = problems


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    # "schema:ClaimReview" and "https://schema.org/ClaimReview" name the same type
    return {str(v).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for v in values if v}


def _is_absolute_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value[:10])
        if len(value) > 10:
            dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _mentions_schema_org(context: Any) -> bool:
    if isinstance(context, str):
        return "schema.org" in context
    if isinstance(context, dict):
        return any(_mentions_schema_org(v) for v in context.values())
    if isinstance(context, list):
        return any(_mentions_schema_org(v) for v in context)
    return False


def claim_label(review: Any, position: int | None = None) -> str:
    """Return how a problem names its claim: url, else claimReviewed, else position."""
    if isinstance(review, dict):
        if isinstance(review.get("url"), str) and review["url"]:
            return review["url"]
        if isinstance(review.get("claimReviewed"), str) and review["claimReviewed"]:
            return repr(review["claimReviewed"][:60])
    return f"ClaimReview #{position}" if position is not None else "ClaimReview"


def _check_rating(rating: Any, problem: Any) -> None:
    if not isinstance(rating, dict):
        problem("reviewRating is missing (it must be a Rating object)")
        return
    if "Rating" not in _types(rating) and "AggregateRating" not in _types(rating):
        problem("reviewRating must have @type Rating")
    name = rating.get("alternateName")
    if not isinstance(name, str) or not name.strip():
        problem("reviewRating.alternateName is missing (the verdict in words)")
    keys = ("ratingValue", "bestRating", "worstRating")
    present = [k for k in keys if k in rating]
    if present:
        missing = [k for k in keys if k not in rating]
        if missing:
            problem("reviewRating has " + ", ".join(present) + " but lacks " + ", ".join(missing))
        numbers = {k: _number(rating.get(k)) for k in present}
        for key, number in numbers.items():
            if number is None:
                problem(f"reviewRating.{key} must be a number, not {rating.get(key)!r}")
        value, best, worst = (numbers.get(k) for k in keys)
        if None not in (value, best, worst):
            assert value is not None and best is not None and worst is not None
            if worst >= best:
                problem(f"reviewRating.worstRating {worst:g} must be below bestRating {best:g}")
            elif not worst <= value <= best:
                problem(
                    f"reviewRating.ratingValue {value:g} is outside "
                    f"worstRating {worst:g}..bestRating {best:g}"
                )
    explanation = rating.get("ratingExplanation")
    if not isinstance(explanation, str) or not explanation.strip():
        problem("reviewRating.ratingExplanation is missing", WARNING)


def _check_work(key: str, work: Any, problem: Any) -> None:
    if isinstance(work, list):
        for item in work:
            _check_work(key, item, problem)
        return
    if not isinstance(work, dict):
        problem(f"itemReviewed.{key} must be a CreativeWork object")
        return
    if not _is_absolute_url(work.get("url")):
        problem(f"itemReviewed.{key}.url must be the absolute address where the claim appeared")


def _check_item(item: Any, problem: Any) -> None:
    if item is None:
        problem("itemReviewed (the Claim) is missing", WARNING)
        return
    if not isinstance(item, dict) or "Claim" not in _types(item):
        problem("itemReviewed must be an object with @type Claim")
        return
    author = item.get("author")
    if author is None:
        problem("itemReviewed.author (who made the claim) is missing", WARNING)
    elif not isinstance(author, dict) or not (_types(author) & PERSON_TYPES):
        problem("itemReviewed.author must be a Person or an Organization")
    elif not isinstance(author.get("name"), str) or not author["name"].strip():
        problem("itemReviewed.author.name is missing")
    elif "sameAs" in author and not all(map(_is_absolute_url, _as_list(author["sameAs"]))):
        problem("itemReviewed.author.sameAs must be absolute URLs")
    if "datePublished" not in item:
        problem("itemReviewed.datePublished is missing", WARNING)
    elif not _is_date(item["datePublished"]):
        problem(f"itemReviewed.datePublished {item['datePublished']!r} is not an ISO date")
    if "appearance" not in item and "firstAppearance" not in item:
        problem("itemReviewed has neither appearance nor firstAppearance", WARNING)
    for key in ("appearance", "firstAppearance"):
        if key in item:
            _check_work(key, item[key], problem)


def check_review(review: Any, *, position: int | None = None, context: Any = None) -> list[Problem]:
    """Return every problem of one ClaimReview object (`context`: an enclosing @context)."""
    label = claim_label(review, position)
    problems: list[Problem] = []

    def problem(message: str, severity: str = ERROR) -> None:
        problems.append(Problem(label, message, severity))

    if not isinstance(review, dict):
        problem("is not a JSON object")
        return problems
    if "ClaimReview" not in _types(review):
        problem(f"@type must be ClaimReview, not {review.get('@type')!r}")
    if not _mentions_schema_org(review.get("@context", context)):
        problem('@context must be "https://schema.org"')
    summary = review.get("claimReviewed")
    if not isinstance(summary, str) or not summary.strip():
        problem("claimReviewed is missing (the claim in at most 75 characters)")
    elif len(summary) > SUMMARY_MAX:
        problem(f"claimReviewed has {len(summary)} characters; at most {SUMMARY_MAX} are allowed")
    _check_rating(review.get("reviewRating"), problem)
    url = review.get("url")
    if url in (None, ""):
        problem("url is missing (the address of this review)")
    elif not _is_absolute_url(url):
        problem(f"url {url!r} must be an absolute http(s) address")
    author = review.get("author")
    if author is None:
        problem("author (the fact-checking organisation) is missing", WARNING)
    elif not isinstance(author, dict) or not (_types(author) & PERSON_TYPES):
        problem("author must be an Organization or a Person")
    elif not isinstance(author.get("name"), str) or not author["name"].strip():
        problem("author.name is missing")
    if "datePublished" not in review:
        problem("datePublished is missing", WARNING)
    elif not _is_date(review["datePublished"]):
        problem(f"datePublished {review['datePublished']!r} is not an ISO date")
    _check_item(review.get("itemReviewed"), problem)
    return problems


def _reviews(data: Any, *, strict: bool) -> Iterator[tuple[Any, Any]]:
    """Yield (review, inherited context) from a JSON-LD document."""
    if isinstance(data, list):
        for item in data:
            yield from _reviews(item, strict=strict)
        return
    if isinstance(data, dict) and "@graph" in data:
        for item in data["@graph"] if isinstance(data["@graph"], list) else [data["@graph"]]:
            if isinstance(item, dict) and "@context" not in item and "@context" in data:
                yield from ((r, data["@context"]) for r, _ in _reviews(item, strict=strict))
            else:
                yield from _reviews(item, strict=strict)
        return
    if strict or (isinstance(data, dict) and "ClaimReview" in _types(data)):
        yield data, None


def check_document(data: Any, *, strict: bool = True) -> CheckResult:
    """Return every problem of a parsed JSON-LD document.

    `strict`: every node must be a ClaimReview (a claimreview export); otherwise other
    node types are ignored (an HTML page may carry other markup too).
    """
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    position = 0
    for position, (review, context) in enumerate(_reviews(data, strict=strict), start=1):
        problems.extend(check_review(review, position=position, context=context))
        url = review.get("url") if isinstance(review, dict) else None
        if isinstance(url, str) and url:
            if url in seen:
                problems.append(Problem(url, "more than one ClaimReview has this url"))
            seen[url] = position
    return CheckResult(position, problems)


class _LdJsonScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and (dict(attrs).get("type") or "").strip().lower() == (
            "application/ld+json"
        ):
            self._inside = True
            self._parts = []

    def handle_data(self, data: str) -> None:
        if self._inside:
            self._parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inside:
            self.blocks.append("".join(self._parts))
            self._inside = False


def ld_json_blocks(html: str) -> list[str]:
    """Return the text of every `<script type="application/ld+json">` in an HTML page."""
    parser = _LdJsonScripts()
    parser.feed(html)
    parser.close()
    return parser.blocks


def check_html(html: str) -> CheckResult:
    """Return every problem of the ClaimReview markup embedded in an HTML page."""
    problems: list[Problem] = []
    documents: list[Any] = []
    for number, block in enumerate(ld_json_blocks(html), start=1):
        try:
            documents.append(json.loads(block))
        except json.JSONDecodeError as exc:
            problems.append(Problem(f"ld+json script #{number}", f"is not valid JSON: {exc}"))
    result = check_document(documents, strict=False)
    return CheckResult(result.reviews, problems + result.problems)


def check_text(text: str) -> CheckResult:
    """Return every problem of a ClaimReview JSON-LD file or HTML page given as text."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        return check_html(text)
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError as exc:
        return CheckResult(0, [Problem("file", f"is neither HTML nor valid JSON: {exc}")])
    return check_document(data, strict=True)


def check_file(path: str | Path) -> CheckResult:
    """Return every problem of the ClaimReview file or HTML page at `path`."""
    return check_text(Path(path).read_text(encoding="utf-8"))


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    """Return the problems that make a file fail."""
    return [p for p in problems if p.severity == ERROR]


class ReviewGuard:
    """Check each ClaimReview as an export produces it; refuse the export on any error."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.checked = 0

    def check(self, review: dict[str, Any]) -> None:
        """Check one review and remember its errors."""
        self.checked += 1
        self.problems.extend(errors_only(check_review(review, position=self.checked)))

    def raise_if_failed(self) -> None:
        """Raise ClaimReviewInvalid if any checked review had an error."""
        if self.problems:
            raise ClaimReviewInvalid(self.problems)

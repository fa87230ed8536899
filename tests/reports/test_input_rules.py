"""Report downloads given hostile parameters answer 4xx with the reason, never 500; and
the CSV report also neutralises formulas started with full-width characters."""

from __future__ import annotations

import pytest

from models.read.search import SEARCH_MAX
from models.reports.csv_export import neutralise

from ..factories import make_article, make_claim
from .helpers import render
from .test_csv import read_rows

HUGE = "99999999999999999999"  # past 64 bits


@pytest.fixture
def web(client, report_seed, report_app, as_role):
    as_role("reviewer")
    return client


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        (f"article={HUGE}", 400, "article must be a number"),
        ("article=²", 404, "no article is titled"),  # not digits: a title nobody has
        (f"speaker={HUGE}", 400, "speaker must be a number"),
        (f"assignee={HUGE}", 400, "assignee must be a number"),
        ("speaker=²", 404, "no speaker is called"),  # "²" is a name, not an id
        ("assignee=²", 404, "there is no member"),
        ("assignee=rita%00", 400, "control character"),
        ("q=" + "x" * (SEARCH_MAX + 1), 400, f"at most {SEARCH_MAX} are searched"),
        ("q=" + "x" * 60_000, 400, f"at most {SEARCH_MAX} are searched"),
        ("q=GDP%00", 400, "control character"),
        ("speaker=Pascal%00", 400, "control character"),
        ("rating=true%00", 400, "control character"),
    ],
)
def test_bad_parameters_answer_a_clear_error(web, query, status, message) -> None:
    for path in ["/reports/download/csv", "/reports/preview"]:
        response = web.get(f"{path}?{query}")
        assert response.status_code == status, (path, response.get_data(as_text=True)[:300])
        assert message in response.get_data(as_text=True)


@pytest.mark.parametrize("start", ["＝", "＋", "－", "＠"])
def test_full_width_formula_starts_are_neutralised(start) -> None:
    assert neutralise(f"{start}1+1") == f"'{start}1+1"
    assert neutralise(f"x{start}1") == f"x{start}1"


def test_a_full_width_formula_never_reaches_the_csv_as_one(session, options) -> None:
    article = make_article(session, title='＝HYPERLINK("https://evil.example/")')
    make_claim(session, article, summary="＠SUM(A1:A9)")
    session.commit()
    [row] = read_rows(render(session, "csv", options))
    assert row["article_title"].startswith("'＝")
    assert row["summary"] == "'＠SUM(A1:A9)"

"""Report downloads and the preview: attachments per format, permissions, bad filters."""

from __future__ import annotations

import csv
import io
import json

import pypdf
import pytest

from models.reports.claimreview_check import check_text

from .conftest import BASE_URL

MIMETYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "md": "text/markdown",
    "csv": "text/csv",
    "json": "application/json",
    "claimreview": "application/ld+json",
}


@pytest.fixture
def web(client, report_seed, report_app, as_role):
    """A client logged in as a reviewer (the least role that may export)."""
    as_role("reviewer")
    return client


@pytest.mark.parametrize("fmt", list(MIMETYPES))
def test_download_each_format_as_an_attachment(web, fmt) -> None:
    response = web.get(f"/reports/download/{fmt}?article=1")
    assert response.status_code == 200
    assert response.mimetype == MIMETYPES[fmt]
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "claimdesk-article-1-" in disposition
    body = response.get_data()
    if fmt == "pdf":
        assert len(pypdf.PdfReader(io.BytesIO(body)).pages) > 1
    elif fmt == "json":
        assert len(json.loads(body)["articles"][0]["claims"]) == 34
    elif fmt in {"html", "claimreview"}:
        result = check_text(body.decode())
        assert result.ok and result.reviews == 4
    else:
        assert "In 2015 Xi Jinping" in body.decode("utf-8")


def test_download_follows_the_list_filter(web) -> None:
    response = web.get("/reports/download/csv?status=approved&speaker=Pascal&bom=1")
    assert response.status_code == 200
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows and {r["status"] for r in rows} == {"approved"}
    assert {r["speaker"] for r in rows} == {"Pascal Coppens"}


def test_include_drafts_parameter(web) -> None:
    plain = web.get("/reports/download/md").get_data(as_text=True)
    drafts = web.get("/reports/download/md?include_drafts=1").get_data(as_text=True)
    assert "(draft)" not in plain and "(draft)" in drafts


def test_claimreview_urls_use_the_configured_base(web) -> None:
    reviews = json.loads(web.get("/reports/download/claimreview").get_data())
    assert reviews and all(r["url"].startswith(BASE_URL + "#claim-") for r in reviews)


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("status=done", 400, "unknown status"),
        ("rating=pants", 400, "unknown verdict"),
        ("article=abc", 404, "no article is titled &#39;abc&#39;"),
        ("article=99999999999999999999", 400, "article must be a number"),
        ("article=404", 404, "there is no article 404"),
        ("assignee=nobody-here", 404, "there is no member"),
    ],
)
def test_bad_parameters_answer_a_clear_error(web, query, status, message) -> None:
    response = web.get(f"/reports/download/csv?{query}")
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_unknown_format_is_404(web) -> None:
    response = web.get("/reports/download/docx")
    assert response.status_code == 404
    assert "choose one of html, pdf" in response.get_data(as_text=True)


def test_a_failing_claimreview_check_refuses_the_download(web, report_app) -> None:
    report_app.config["REPORT_BASE_URL"] = "not-a-url"
    response = web.get("/reports/download/html")
    assert response.status_code == 422
    assert "ClaimReview check failed" in response.get_data(as_text=True)
    assert "Content-Disposition" not in response.headers


@pytest.mark.parametrize("role", ["reviewer", "editor", "admin"])
@pytest.mark.parametrize("path", ["/reports/download/json", "/reports/preview"])
def test_every_member_may_export(client, report_seed, as_role, role, path) -> None:
    as_role(role)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path", ["/reports/download/csv", "/reports/download/pdf", "/reports/preview"]
)
def test_anonymous_visitors_are_sent_to_login(client, report_seed, path) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_inactive_member_cannot_export(client, report_seed, members, as_role) -> None:
    as_role("reviewer")
    members.reviewer.active = False
    report_seed.commit()
    response = client.get("/reports/download/json")
    assert response.status_code in {302, 403}


def test_preview_shows_the_report_with_downloads(web) -> None:
    response = web.get("/reports/preview?article=1&include_drafts=1")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count('class="claim"') == 34
    assert 'id="claim-1"' in page and "(draft)" in page
    assert "/reports/download/pdf?article=1&amp;include_drafts=1" in page
    assert 'name="article" value="1"' in page  # the form keeps the article
    assert "/reports/report.css" in page
    assert web.get("/reports/report.css").mimetype == "text/css"


def test_preview_of_a_filter(web) -> None:
    page = web.get("/reports/preview?rating=false").get_data(as_text=True)
    assert page.count('class="claim"') == 1 and "rating: false" in page

"""An article's language in the reports and in ClaimReview (inLanguage)."""

from __future__ import annotations

import json

import sqlalchemy as sa

from models import Article

from .helpers import render


def test_the_seed_article_is_english_in_every_report(report_seed, options) -> None:
    article = report_seed.scalar(sa.select(Article))
    assert article.language == "en"
    reviews = json.loads(render(report_seed, "claimreview", options))
    assert reviews
    for review in reviews:
        assert review["inLanguage"] == "en"
        assert review["itemReviewed"]["inLanguage"] == "en"
        assert review["itemReviewed"]["appearance"]["inLanguage"] == "en"
    assert "- **Language:** en" in render(report_seed, "md", options).decode()
    assert '<dt>Language</dt><dd lang="en">en</dd>' in render(report_seed, "html", options).decode()
    exported = json.loads(render(report_seed, "json", options))
    assert exported["articles"][0]["language"] == "en"


def test_an_article_without_language_says_nothing_about_it(report_seed, options) -> None:
    report_seed.execute(sa.update(Article).values(language=None))
    report_seed.commit()
    for review in json.loads(render(report_seed, "claimreview", options)):
        assert "inLanguage" not in json.dumps(review)
    assert "Language" not in render(report_seed, "md", options).decode()
    assert json.loads(render(report_seed, "json", options))["articles"][0]["language"] is None

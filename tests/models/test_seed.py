"""The seed fact-check loads completely, anchors every quote, and loads only once."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from sqlalchemy import orm

from models import Article, Claim, ClaimEvent, ClaimSource, ClaimStatus, Source, Speaker, User
from models.services.seeding import SEEDS_DIR, SeedError, default_seed_files, load_seed

SHARED_ARTICLE = (
    Path(__file__).resolve().parents[3] / "shared" / "seeds" / "generative-ai-in-china.txt"
)


def _counts(session: orm.Session) -> dict[str, int]:
    return {
        model.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Article, Claim, ClaimEvent, ClaimSource, Source, Speaker, User)
    }


@pytest.fixture
def seeded(session: orm.Session) -> orm.Session:
    for path in default_seed_files():
        load_seed(session, path)
    session.commit()
    return session


def test_the_seed_is_a_real_fact_check_in_progress(seeded: orm.Session) -> None:
    claims = seeded.scalars(sa.select(Claim)).all()
    assert 28 <= len(claims) <= 40
    by_status = {s: sum(c.status is s for c in claims) for s in ClaimStatus}
    assert by_status[ClaimStatus.APPROVED] >= 3
    assert by_status[ClaimStatus.VERDICT_PROPOSED] >= 1
    assert by_status[ClaimStatus.UNREVIEWED] > len(claims) / 2
    for claim in claims:
        if claim.status is ClaimStatus.APPROVED:
            assert claim.sources and claim.approved_by_id != claim.proposed_by_id
        assert claim.speaker is not None
        assert len(claim.summary) <= 75
    speakers = {s.name for s in seeded.scalars(sa.select(Speaker))}
    assert {"Pascal Coppens", "Peter Hinssen", "Sabrina Meng"} <= speakers


def test_every_seeded_quote_is_found_at_its_offsets(seeded: orm.Session) -> None:
    article = seeded.scalars(sa.select(Article)).one()
    assert article.author == "Peter Hinssen" and article.publisher == "nexxworks"
    assert article.published.isoformat() == "2023-12-12"
    for claim in article.claims:
        assert article.body[claim.quote_start : claim.quote_end] == claim.quote_exact
        assert article.body[: claim.quote_start].endswith(claim.quote_prefix)
        assert article.body[claim.quote_end :].startswith(claim.quote_suffix)


def test_the_seed_body_keeps_every_paragraph_and_drops_the_page_debris() -> None:
    body = (SEEDS_DIR / "generative-ai-in-china.txt").read_text(encoding="utf-8")
    for debris in ("calendar icon", "See author page", "Oops! Something went wrong", "Seats"):
        assert debris not in body
    if SHARED_ARTICLE.exists():
        original = SHARED_ARTICLE.read_text(encoding="utf-8")
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        assert all(p in original for p in paragraphs)
        start = original.index("If you follow me")
        end = original.index("You can also watch the video version:")
        kept = [p for p in original[start:end].split("\n\n") if p.strip()]
        assert all(p in body for p in kept)


def test_seeding_twice_changes_nothing(seeded: orm.Session) -> None:
    before = _counts(seeded)
    for path in default_seed_files():
        report = load_seed(seeded, path)
        assert not report.added
    seeded.commit()
    assert _counts(seeded) == before


def _write_seed(tmp_path: Path, mutate) -> Path:
    data = yaml.safe_load((SEEDS_DIR / "generative-ai-in-china.yaml").read_text("utf-8"))
    mutate(data)
    (tmp_path / "generative-ai-in-china.txt").write_text(
        (SEEDS_DIR / "generative-ai-in-china.txt").read_text("utf-8"), "utf-8"
    )
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def test_a_quote_missing_from_the_article_names_its_line(tmp_path, session) -> None:
    def mutate(data):
        data["claims"][3]["quote"] = "words the article never says"

    path = _write_seed(tmp_path, mutate)
    lines = path.read_text("utf-8").splitlines()
    expected_line = next(
        i for i, line in enumerate(lines, 1) if "words the article never says" in line
    )
    with pytest.raises(SeedError) as refused:
        load_seed(session, path)
    session.rollback()
    message = str(refused.value)
    assert "not in the article" in message
    # the error names the mapping of the broken claim, a line or two above its quote
    line = int(message.split(":")[1])
    assert expected_line - 3 <= line <= expected_line
    assert _counts(session)["claims"] == 0


def test_malformed_yaml_names_the_line(tmp_path, session) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("article:\n  title: x\nclaims: [\n  - {key: a\n", "utf-8")
    with pytest.raises(SeedError, match=r"bad.yaml:\d+: malformed YAML"):
        load_seed(session, path)


def test_a_review_may_spell_its_sources_address_otherwise(tmp_path, session) -> None:
    listed = []

    def mutate(data):
        listed.extend(data["sources"])
        link = data["reviews"][0]["sources"][0]
        assert link["url"] == "https://openai.com/blog/chatgpt"
        link["url"] = "http://www.openai.com/blog/chatgpt/?utm_source=x"

    load_seed(session, _write_seed(tmp_path, mutate))
    session.commit()
    assert _counts(session)["sources"] == len(listed)
    chatgpt = session.scalar(
        sa.select(Source).where(Source.url == "https://openai.com/blog/chatgpt")
    )
    assert chatgpt is not None and [link.stance.value for link in chatgpt.links] == ["supports"]

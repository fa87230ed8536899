"""models.read.sources: the source list with stance counts, a source's claims by stance,
the API's pages and links, and the source picker."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import SourceKind, Stance
from models.read.sources import (
    SourceFilter,
    find_sources,
    links_of_source,
    list_sources,
    source_links,
    sources_after,
)
from models.services import sourcing

from ...factories import make_source


@pytest.fixture
def more(session, desk):
    """A second source linked twice (supports c1, context c3) and a third, unlinked one."""
    news = make_source(session, title="Market news", publisher=None, kind="news")
    sourcing.link_source(session, desk.c3, news, "context", None, actor=desk.editor)
    sourcing.link_source(session, desk.c1, news, "supports", "130", actor=desk.editor)
    spare = make_source(session, title="Spare_report 100%", url="https://spare.example.org/a")
    session.commit()
    return news, spare


def test_the_list_counts_each_stance_newest_first(session, desk, more) -> None:
    news, spare = more
    page = list_sources(session, SourceFilter())
    rows = {
        row.source.id: (row.supports, row.refutes, row.context, row.claims) for row in page.items
    }
    assert [row.source.id for row in page.items] == [spare.id, news.id, desk.source.id]
    assert rows == {spare.id: (0, 0, 0, 0), news.id: (1, 0, 1, 2), desk.source.id: (0, 1, 0, 1)}
    assert (page.has_prev, page.has_next) == (False, False)


@pytest.mark.parametrize(
    ("source_filter", "expected"),
    [
        (SourceFilter(kind=SourceKind.NEWS), ["Market news"]),
        (SourceFilter(text="statistics CENSUS"), ["Cloud census"]),  # publisher and title
        (SourceFilter(text="spare.example"), ["Spare_report 100%"]),  # the address
        (SourceFilter(text="100%"), ["Spare_report 100%"]),
        (SourceFilter(text="s_t"), []),  # _ is a character, not a wildcard ("Statistics")
    ],
)
def test_the_list_filters_by_kind_and_words(session, more, source_filter, expected) -> None:
    assert [row.source.title for row in list_sources(session, source_filter).items] == expected


def test_the_list_pages_by_key_both_ways(session, desk, more) -> None:
    news, spare = more
    first = list_sources(session, SourceFilter(), per_page=2)
    assert [row.id for row in first.items] == [spare.id, news.id]
    assert (first.has_prev, first.has_next) == (False, True)
    second = list_sources(session, SourceFilter(), after=first.next_cursor, per_page=2)
    assert [row.id for row in second.items] == [desk.source.id]
    assert (second.has_prev, second.has_next) == (True, False)
    back = list_sources(session, SourceFilter(), before=second.prev_cursor, per_page=2)
    assert [row.id for row in back.items] == [spare.id, news.id] and not back.has_prev
    news_only = list_sources(session, SourceFilter(kind=SourceKind.NEWS), per_page=1)
    assert [row.id for row in news_only.items] == [news.id] and not news_only.has_next
    assert SourceFilter().is_empty() and SourceFilter(text="  ").is_empty()
    assert not SourceFilter(kind=SourceKind.NEWS).is_empty()


def test_source_links_group_claims_by_stance_in_reading_order(session, desk, more) -> None:
    news, _ = more
    session.expunge_all()
    use = source_links(session, session.get(type(news), news.id))
    assert {
        stance: [link.claim_id for link in links] for stance, links in use.by_stance.items()
    } == {
        Stance.SUPPORTS: [desk.c1.id],
        Stance.REFUTES: [],
        Stance.CONTEXT: [desk.c3.id],
    }
    assert use.total == 2
    link = use.by_stance[Stance.CONTEXT][0]
    assert not {"rating", "speaker", "article"} & sa.inspect(link.claim).unloaded
    assert (
        link.claim.speaker.name == "Ada Lovelace" and link.added_by.display_name == "Eddie Editor"
    )


def test_api_pages_and_links(session, desk, more) -> None:
    news, spare = more
    assert [s.id for s in sources_after(session, after_id=desk.source.id, limit=1)] == [news.id]
    assert [link.claim_id for link in links_of_source(session, news.id)] == [desk.c1.id, desk.c3.id]
    assert links_of_source(session, spare.id) == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("census", ["Cloud census — Statistics Office"]),
        (
            "STATISTICS",
            ["Spare_report 100% — Statistics Office", "Cloud census — Statistics Office"],
        ),
        ("spare.example.org/a", ["Spare_report 100% — Statistics Office"]),  # the address
        ("market news", ["Market news"]),  # every word, in any order of the fields
        ("", []),
        ("cens\x00us", []),  # a control character matches nothing (and is no error)
    ],
)
def test_the_picker_finds_sources_by_title_publisher_or_address(
    session, more, typed, expected
) -> None:
    assert [match.label for match in find_sources(session, typed)] == expected


def test_the_picker_puts_a_typed_id_first_and_stops_at_its_limit(session, desk, more) -> None:
    news, spare = more
    matches = find_sources(session, str(news.id))
    assert matches[0].id == news.id and matches[0].label == "Market news"
    assert [m.id for m in find_sources(session, "e", limit=2)] == [spare.id, news.id]
    assert find_sources(session, "99999999999999999999") == []


@pytest.mark.parametrize(
    "typed",
    [
        "http://spare.example.org/a",
        "https://www.spare.example.org/a/?utm_source=news#top",
        "HTTP://WWW.SPARE.EXAMPLE.ORG/a",
    ],
)
def test_the_picker_offers_the_source_at_a_typed_address_in_any_spelling(
    session, desk, more, typed
) -> None:
    _, spare = more
    matches = find_sources(session, typed)
    assert matches and matches[0].id == spare.id
    assert [m.id for m in matches].count(spare.id) == 1
    # an address with no source at it falls back on its words
    assert spare.id not in [m.id for m in find_sources(session, "https://www.nowhere.example/a")]

"""models.read.sources: the source list with stance counts, a source's claims by stance,
the API's pages and links, and the source picker."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import SourceKind, Stance
from models.read.sources import (
    SourceFilter,
    links_of_source,
    list_sources,
    source_choices,
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
    assert page.total == 3


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


def test_the_list_pages_and_clamps(session, more) -> None:
    last = list_sources(session, SourceFilter(), page=7, per_page=2)
    assert (last.page, last.pages, len(last.items)) == (2, 2, 1)
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


def test_source_choices_name_the_publisher_and_leave_out_what_is_linked(
    session, desk, more
) -> None:
    news, spare = more
    assert source_choices(session) == [
        (desk.source.id, "Cloud census — Statistics Office"),
        (news.id, "Market news"),
        (spare.id, "Spare_report 100% — Statistics Office"),
    ]
    assert [i for i, _ in source_choices(session, exclude=[news.id, spare.id])] == [desk.source.id]

"""models.read.search_results: the whole desk's answer grouped by kind, capped counts,
one kind a page at a time, newest first."""

from __future__ import annotations

from models.read.fulltext import KINDS
from models.read.search_results import MODELS, Group, search_desk, search_kind
from models.services import workflow


def _by_kind(results) -> dict[str, tuple[list[int], str]]:
    return {g.kind: ([item.id for item in g.items], g.count_label) for g in results.groups}


def test_every_kind_has_a_group_and_a_model() -> None:
    assert tuple(MODELS) == KINDS


def test_the_desk_answers_with_each_kind_newest_first(session, desk) -> None:
    comment = workflow.add_comment(
        session, desk.c2, "Alibaba's own filing disagrees", actor=desk.bob
    )
    session.commit()
    results = search_desk(session, "alibaba")
    assert results.searchable and results.found
    assert _by_kind(results) == {
        "claims": ([desk.c2.id], "1"),
        "articles": ([], "0"),
        "sources": ([desk.source.id], "1"),  # by its excerpt "Alibaba: 39%"
        "speakers": ([], "0"),
        "comments": ([comment.id], "1"),
    }
    ada = search_desk(session, "ada")  # an alias: the speaker and the claims they made
    assert _by_kind(ada)["claims"] == ([desk.c3.id, desk.c2.id], "2")
    assert _by_kind(ada)["speakers"] == ([desk.ada.id], "1")
    assert _by_kind(search_desk(session, "economy"))["articles"] == ([desk.two.id], "1")


def test_counts_stop_at_the_cap_and_few_are_shown(session, desk) -> None:
    results = search_desk(session, "services", shown=1, cap=1)  # c3 and c4
    claims = results.groups[0]
    assert [c.id for c in claims.items] == [desk.c4.id]
    assert (claims.count, claims.capped, claims.count_label) == (2, True, "1+")
    assert Group("claims", [], 7).count_label == "7"


def test_nothing_searchable_or_nothing_found(session, desk) -> None:
    nothing = search_desk(session, '" - *')
    assert not nothing.searchable and not nothing.found
    assert [g.count for g in nothing.groups] == [0] * len(KINDS)
    missing = search_desk(session, "xyzzy")
    assert missing.searchable and not missing.found


def test_one_kind_pages_by_id(session, desk) -> None:
    first = search_kind(session, "services", "claims", limit=1)
    assert [c.id for c in first.items] == [desk.c4.id] and first.next_before == desk.c4.id
    second = search_kind(session, "services", "claims", limit=1, before=first.next_before)
    assert [c.id for c in second.items] == [desk.c3.id] and second.next_before is None
    assert search_kind(session, "-", "claims").items == []

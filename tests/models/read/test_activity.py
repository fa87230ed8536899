"""models.read.activity: a claim's history in words, the desk's recent activity, and the
changes a refused stale edit reports, all worded from one table."""

from __future__ import annotations

import pytest

from models.errors import StaleVersion
from models.read.activity import (
    ACTIONS,
    EMPTY,
    action_words,
    claim_history,
    describe_events,
    recent_activity,
)
from models.services import sourcing, workflow

from ...factories import rating


def _feed(session, limit: int) -> list[str]:
    return [line.description for line in recent_activity(session, limit=limit)]


def test_claim_history_puts_each_event_and_change_in_words(session, desk) -> None:
    entries = claim_history(session, desk.c2)
    assert [(e.actor, e.words) for e in entries] == [
        ("Bob Builder", "approved the verdict"),
        ("Alice Analyst", "proposed a verdict"),
        ("Eddie Editor", "linked a source"),
        (None, "logged the claim"),  # the desk itself (a factory, with no actor)
    ]
    proposed = {c.label: (c.before, c.after) for c in entries[1].changes}
    assert proposed["Status"] == ("Unreviewed", "Verdict proposed")
    assert proposed["Verdict"] == (None, "False")
    assert proposed["Assignee"] == ("nobody", "Alice Analyst")
    linked = {c.label: c.after for c in entries[2].changes}
    assert linked == {"Source": desk.source.url, "Stance": "refutes", "Excerpt": "Alibaba: 39%"}
    created = {c.label: c.after for c in entries[3].changes}
    assert created == {
        "Summary": "Alibaba holds 80%",
        "Speaker": "Ada Lovelace",
        "Status": "Unreviewed",
    }
    oldest_first = claim_history(session, desk.c2, newest_first=False)
    assert [e.action for e in oldest_first] == [e.action for e in reversed(entries)]
    assert [e.version for e in oldest_first] == sorted(e.version for e in oldest_first)


def test_recent_activity_words_each_kind_of_event(session, desk) -> None:
    link = desk.c2.sources[0]
    workflow.reopen(session, desk.c2, "New census", actor=desk.editor)
    sourcing.unlink_source(session, link, actor=desk.editor)
    workflow.assign(session, desk.c1, desk.bob, actor=desk.editor)
    workflow.assign(session, desk.c1, None, actor=desk.editor)
    workflow.add_comment(session, desk.c1, "Check the census.", actor=desk.bob)
    workflow.edit_claim(session, desk.c1, actor=desk.editor, text="New words", summary="New")
    workflow.propose_verdict(session, desk.c3, rating(session, "unverifiable"), "?", actor=desk.bob)
    session.commit()
    assert _feed(session, 7) == [
        "proposed the verdict “Unverifiable”",
        "edited summary, text",
        "commented",
        "unassigned the claim",
        "assigned the claim to Bob Builder",
        "unlinked a source",
        "reopened the verdict",
    ]
    lines = recent_activity(session, limit=7)
    assert lines[0].event.actor.display_name == "Bob Builder"
    assert lines[0].event.claim.summary == "Services 54%"


def test_the_feed_and_the_history_word_an_event_alike_when_it_has_no_detail(session, desk) -> None:
    feed = _feed(session, 20)
    assert feed[-4:] == ["logged the claim"] * 4  # the factories' claims, oldest last
    assert "approved the verdict" in feed and "started reviewing" in feed
    assert "linked a source (refutes)" in feed  # the feed adds the stance
    history = [e.words for e in claim_history(session, desk.c2)]
    assert set(history) <= set(ACTIONS.values())


def test_an_unknown_action_reads_as_its_name() -> None:
    assert action_words("source_rated") == "source rated"
    assert action_words("commented") == ACTIONS["commented"]


def test_describe_events_words_what_a_stale_edit_reports(session, desk) -> None:
    loaded = desk.c1.version
    workflow.assign(session, desk.c1, desk.alice, actor=desk.editor)
    session.commit()
    with pytest.raises(StaleVersion) as refused:
        workflow.assign(session, desk.c1, desk.bob, actor=desk.editor, expected_version=loaded)
    (entry,) = describe_events(session, refused.value.changes["events"])
    assert (entry.actor, entry.words, entry.version) == (
        "Eddie Editor",
        "changed the assignee",
        None,
    )
    assert [(c.label, c.before, c.after) for c in entry.changes] == [
        ("Assignee", "nobody", "Alice Analyst")
    ]
    assert entry.at is not None and entry.at.tzinfo is not None
    assert EMPTY == "—"

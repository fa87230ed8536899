"""models.read.people: desk members (list, assigned counts, choices, picker) and speakers
(records, pages by name, API pages, picker)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import ClaimStatus
from models.read import people
from models.services import accounts, speakers, workflow

from ...factories import make_claim, rating


def test_members_are_listed_active_first_with_their_assigned_claims(session, desk) -> None:
    accounts.update_user(session, desk.bob, actor=None, active=False)
    session.commit()
    rows = [
        (row.user.username, row.user.active, row.assigned) for row in people.list_members(session)
    ]
    assert [active for _, active, _ in rows] == sorted(
        (active for _, active, _ in rows), reverse=True
    )
    assigned = {name: count for name, _, count in rows}
    assert assigned[desk.alice.username] == 3 and assigned[desk.editor.username] == 0
    assert rows[-1][0] == desk.bob.username
    assert people.count_assigned(session, desk.alice) == 3
    assert people.count_assigned(session, desk.bob) == 0


def test_member_choices_offer_active_members_by_name(session, desk) -> None:
    accounts.update_user(session, desk.bob, actor=None, active=False)
    session.commit()
    assert people.member_choices(session) == [
        (desk.alice.id, "Alice Analyst"),
        (desk.editor.id, "Eddie Editor"),
    ]


def test_speaker_choices_and_names_are_by_name(session, desk) -> None:
    babbage = speakers.create_speaker(session, "Charles Babbage", actor=None)
    session.commit()
    assert people.speaker_choices(session) == [
        (desk.ada.id, "Ada Lovelace"),
        (babbage.id, "Charles Babbage"),
    ]
    assert people.speaker_names(session) == ["Ada Lovelace", "Charles Babbage"]


def test_a_speakers_claims_page_newest_first_by_key(session, desk) -> None:
    session.expunge_all()
    first = people.speaker_claims(session, desk.ada.id, limit=1)
    assert [c.id for c in first.items] == [desk.c3.id] and first.has_next
    assert not {"speaker", "rating", "assignee", "article"} & sa.inspect(first.items[0]).unloaded
    second = people.speaker_claims(session, desk.ada.id, after=first.next_cursor, limit=1)
    assert [c.id for c in second.items] == [desk.c2.id] and not second.has_next
    back = people.speaker_claims(session, desk.ada.id, before=second.prev_cursor, limit=1)
    assert [c.id for c in back.items] == [desk.c3.id] and not back.has_prev
    assert people.speaker_claims(session, 10**9).items == []


def test_speakers_after_brings_their_aliases(session, desk) -> None:
    session.expunge_all()
    (ada,) = people.speakers_after(session, after_id=None, limit=5)
    assert "aliases" not in sa.inspect(ada).unloaded
    assert sorted(a.alias for a in ada.aliases) == ["Ada", "Ada Lovelace"]
    assert people.speakers_after(session, after_id=ada.id, limit=5) == []


def test_verdict_records_count_approved_verdicts_only(session, desk) -> None:
    # one more approved verdict for Ada, on the scale's "mixed"; c3 stays in review
    extra = make_claim(session, desk.two, quote="The desk counted 130 new models", summary="x")
    extra.speaker = desk.ada
    workflow.propose_verdict(session, extra, rating(session, "unverifiable"), "?", actor=desk.alice)
    workflow.approve_verdict(session, extra, actor=desk.bob)
    babbage = speakers.create_speaker(session, "Charles Babbage", actor=None)
    session.commit()

    assert people.verdict_record(session, speaker_id=desk.ada.id) == {"false": 1, "unverifiable": 1}
    assert people.verdict_record(session, speaker_id=babbage.id) == {}

    records = people.speaker_records(session, [desk.ada, babbage])
    assert [r.name for r in records] == ["Ada Lovelace", "Charles Babbage"]
    ada = records[0]
    assert ada.claims == 3 and ada.approved == 2
    assert ada.statuses() == [(ClaimStatus.IN_REVIEW, 1), (ClaimStatus.APPROVED, 2)]
    assert [(r.slug, n) for r, n in ada.verdicts] == [("false", 1), ("unverifiable", 1)]
    assert (records[1].claims, records[1].verdicts, records[1].statuses()) == (0, [], [])
    assert people.speaker_records(session, []) == []


def test_the_speaker_list_pages_by_name_both_ways(session, desk) -> None:
    for name in ("Charles Babbage", "Grace Hopper", "Alan Turing"):
        speakers.create_speaker(session, name, actor=None)
    session.commit()
    first = people.speaker_page(session, limit=2)
    assert [r.name for r in first.items] == ["Ada Lovelace", "Alan Turing"]
    assert first.items[0].claims == 2 and first.items[1].claims == 0
    assert (first.has_prev, first.has_next) == (False, True)
    second = people.speaker_page(session, after=first.next_cursor, limit=2)
    assert [r.name for r in second.items] == ["Charles Babbage", "Grace Hopper"]
    assert (second.has_prev, second.has_next) == (True, False)
    back = people.speaker_page(session, before=second.prev_cursor, limit=2)
    assert [r.name for r in back.items] == ["Ada Lovelace", "Alan Turing"] and not back.has_prev


@pytest.fixture
def cast(session, desk):
    """Speakers whose names and aliases start and contain the same letters."""
    made = {
        "pascal": speakers.create_speaker(
            session, "Pascal Coppens", actor=None, aliases=["Pascal"]
        ),
        "blaise": speakers.create_speaker(session, "Blaise Pascal", actor=None),
        "peter": speakers.create_speaker(session, "Peter Hinssen", actor=None, aliases=["PH"]),
    }
    session.commit()
    return made


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # names and aliases that start with the text first (in their order), then those
        # that contain it; a speaker comes once, by name, whichever of its names matched
        ("pasc", ["Pascal Coppens", "Blaise Pascal"]),
        ("PASCAL COPPENS", ["Pascal Coppens"]),
        ("  peter   hin ", ["Peter Hinssen"]),  # spaced as a name is stored
        ("ph", ["Peter Hinssen"]),
        ("love", ["Ada Lovelace"]),
        ("%", []),  # a LIKE wildcard is a character here
        ("_", []),
        ("", []),
        ("pas\x00", []),
    ],
)
def test_the_picker_finds_speakers_by_any_name(session, cast, typed, expected) -> None:
    assert [match.label for match in people.find_speakers(session, typed)] == expected


def test_the_picker_puts_a_typed_id_first_and_stops_at_its_limit(session, desk, cast) -> None:
    matches = people.find_speakers(session, str(cast["peter"].id))
    assert (matches[0].id, matches[0].label) == (cast["peter"].id, "Peter Hinssen")
    assert len(people.find_speakers(session, "a", limit=2)) == 2
    assert people.find_speakers(session, "123456789012345678901") == []


def test_the_member_picker_finds_usernames_and_names_active_first(session, desk) -> None:
    accounts.update_user(session, desk.bob, actor=None, active=False)
    session.commit()
    labels = [m.label for m in people.find_members(session, "b")]
    assert labels[-1] == f"Bob Builder ({desk.bob.username}, inactive)"
    assert [m.id for m in people.find_members(session, "ALICE")] == [desk.alice.id]
    assert [m.id for m in people.find_members(session, desk.editor.username)] == [desk.editor.id]
    assert people.find_members(session, str(desk.bob.id))[0].id == desk.bob.id
    assert people.find_members(session, "%") == [] and people.find_members(session, "") == []

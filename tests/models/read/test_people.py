"""models.read.people: desk members (list, assigned counts, picker) and speakers (pickers,
API pages, verdict records)."""

from __future__ import annotations

import sqlalchemy as sa

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

    records = {r.name: r for r in people.speaker_records(session)}
    assert list(records) == ["Ada Lovelace", "Charles Babbage"]
    ada = records["Ada Lovelace"]
    assert ada.claims == 3 and ada.approved == 2
    assert [(r.slug, n) for r, n in ada.verdicts] == [("false", 1), ("unverifiable", 1)]
    assert (records["Charles Babbage"].claims, records["Charles Babbage"].verdicts) == (0, [])
    (only,) = people.speaker_records(session, babbage.id)
    assert only.name == "Charles Babbage"

"""Attribution rules met on unseen text: titles and roles, bodies named by description,
possessive and unnamed sources, pronouns after a titled person, and signals in names.

Each test states one general rule with sentences of its own (not the annotated texts').
"""

from __future__ import annotations

import pytest

from models.detection import Candidate, detect_claims
from models.detection.names import NameIndex, find_names
from models.detection.scoring import Context, reasons_for


def speaker_of(candidates: list[Candidate], words: str) -> str | None:
    """Return the speaker of the candidate containing `words` (it must exist)."""
    found = [c for c in candidates if words in c.text]
    assert found, f"no candidate holds {words!r}: {[c.text for c in candidates]}"
    return found[0].speaker


def every(body: str) -> list[Candidate]:
    """Every sentence as a candidate, by a known author, so attribution is seen alone."""
    return detect_claims(body, author="Kim Reporter", threshold=0.0)


@pytest.mark.parametrize(
    "body",
    [
        '"Exports grew 7% last year," said the Trade Minister, Ana Ruiz.\n',
        "Ana Ruiz, the Trade Minister, said exports grew 7% last year.\n",
        "Trade Minister Ana Ruiz said exports grew 7% last year.\n",
        "Exports grew 7% last year, said Trade Minister Ana Ruiz.\n",
    ],
)
def test_a_name_beside_a_title_is_the_speaker_not_the_title(body: str) -> None:
    assert speaker_of(every(body), "7%") == "Ana Ruiz"


def test_a_capitalised_title_alone_is_a_role_not_a_name() -> None:
    assert [n.text for n in find_names("The Trade Minister spoke. Detective Inspector")] == []
    names = find_names("Detective Inspector Raj Patel of Kent Police and chief executive Lia Ng")
    assert [(n.text, n.title) for n in names] == [
        ("Raj Patel", "detective inspector"),
        ("Kent Police", ""),
        ("Lia Ng", "chief executive"),
    ]


def test_a_titled_person_of_a_body_is_the_speaker_not_the_body() -> None:
    body = "Superintendent Omar Reid of Avon Police said 312 cars were stolen in 2025.\n"
    assert speaker_of(every(body), "312 cars") == "Omar Reid"


def test_a_role_alone_points_back_to_the_person_introduced_with_that_title() -> None:
    body = (
        "Chief Executive Lia Ng opened the plant in 2019.\n\n"
        '"It now employs 640 people," said the chief executive.\n\n'
        "Later the chief executive said sales rose 9%.\n"
    )
    found = every(body)
    assert speaker_of(found, "640 people") == "Lia Ng"
    assert speaker_of(found, "sales rose 9%") == "Lia Ng"


def test_a_role_with_nobody_so_titled_before_credits_nobody() -> None:
    body = "Crime fell 4% in 2025, said the minister.\n"
    assert speaker_of(every(body), "4%") == "Kim Reporter"


def test_according_to_a_lower_case_body_credits_that_body_and_the_authority_points_back() -> None:
    body = (
        "The lake was 46% full in June, according to the regional water authority.\n\n"
        "The authority said rainfall was 41% below average. It asked homes to use 10% less.\n\n"
        "Rates rose 5% in 2025, according to the company.\n"
    )
    found = every(body)
    assert speaker_of(found, "46% full") == "regional water authority"
    assert speaker_of(found, "41% below") == "regional water authority"
    assert speaker_of(found, "10% less") == "regional water authority"


def test_a_short_description_points_back_to_a_named_body_and_an_apposed_one_names_none() -> None:
    body = (
        "In 2024 Harbourline bought the Danish meal-kit company Madkassen. "
        "Harbourline said profit rose 31%.\n\n"
        "The company said its stores cut emissions by 42% since 2019.\n"
    )
    found = every(body)
    assert speaker_of(found, "42%") == "Harbourline"


def test_a_bare_description_keeps_the_body_the_text_is_speaking_for() -> None:
    body = (
        "Nordic sales were flat in 2025. Harbourline Foods said profit rose 31% and that "
        "Nordic stores gained 2%. The company says emissions fell 42% since 2019.\n"
    )
    assert speaker_of(every(body), "42%") == "Harbourline Foods"


def test_a_possessive_source_credits_its_owner_and_official_figures_name_nobody() -> None:
    body = (
        "Ashby District Council voted on Tuesday to close 3 pools.\n\n"
        "According to the council's own figures, the pools lost £2m in 2025.\n\n"
        "The council's latest figures show 41% of visits were free.\n\n"
        "Official figures show 5 regions banned hosepipes in 2025.\n"
    )
    found = every(body)
    assert speaker_of(found, "£2m") == "Ashby District Council"
    assert speaker_of(found, "41% of visits") == "Ashby District Council"
    assert speaker_of(found, "5 regions") == "Kim Reporter"


def test_a_clause_that_carries_on_with_the_credited_subject_keeps_its_credit() -> None:
    body = (
        "The national rail operator confirmed that it had bought 120 trains since 2021, "
        "but said 45 of them had not yet entered service.\n"
    )
    found = every(body)
    assert all(c.speaker == "national rail operator" for c in found if "45" in c.text)
    assert speaker_of(found, "120 trains") == "national rail operator"


def test_he_said_goes_to_a_person_introduced_with_a_title_since_the_last_credit() -> None:
    body = (
        '"We cut waste by 20%," said Priya Nair.\n\n'
        'Opposition leader Graham Tully called the plan "a gesture". '
        "He said leaks cost 31% of all water.\n"
    )
    found = every(body)
    assert speaker_of(found, "31%") == "Graham Tully"


def test_expansion_never_crosses_of() -> None:
    text = "Shares of Sahyadri Motors rose. Sahyadri Motors said. The Bank of England. England"
    index = NameIndex(find_names(text))
    assert index.expand("Sahyadri Motors", 40) == "Sahyadri Motors"
    assert index.expand("England", len(text) - 1) == "England"


def test_signals_do_not_fire_inside_a_persons_name() -> None:
    fired = {
        r.signal for r in reasons_for("Daniel Price, a farmer, said wells dried up.", Context())
    }
    assert "financials" not in fired
    fired = {r.signal for r in reasons_for("Prices at the farm shop rose.", Context())}
    assert "financials" in fired


def test_a_capitalised_month_is_not_a_hedge() -> None:
    fired = {r.signal for r in reasons_for("Rain fell by 38% between May and July.", Context())}
    assert "hedge" not in fired and "date" in fired
    fired = {r.signal for r in reasons_for("Rain may fall by 38% this week.", Context())}
    assert "hedge" in fired


def test_more_than_may_hold_a_few_words_and_last_summer_is_a_period() -> None:
    fired = {
        r.signal: r.evidence
        for r in reasons_for(
            "We used more water on the greens than the school did last summer.", Context()
        )
    }
    assert fired["comparative"].startswith("more water")
    assert fired["period"] == "last summer"


def test_a_percentage_survives_a_line_wrap_inside_per_cent() -> None:
    fired = {
        r.signal for r in reasons_for("The plant runs at 55 per\ncent of capacity.", Context())
    }
    assert "percentage" in fired


def test_according_to_figures_released_by_a_body_credits_that_body() -> None:
    body = (
        "Football Federation Victoria runs the cup.\n\n"
        "Crowds rose 24 per cent to 4,870 a game, according to figures released by the "
        "federation on Wednesday.\n"
    )
    assert speaker_of(every(body), "24 per cent") == "Football Federation Victoria"


def test_officials_and_spokespeople_speak_for_their_body() -> None:
    body = (
        "Avon Police opened 3 new stations in 2024.\n\n"
        "Thefts fell 18% in 2025, police officials said.\n\n"
        "A police spokeswoman said images are kept for 30 days.\n"
    )
    found = every(body)
    assert speaker_of(found, "18%") == "Avon Police"
    assert speaker_of(found, "30 days") == "Avon Police"


def test_a_public_body_is_never_a_place_or_a_capitalised_opener() -> None:
    body = (
        "Car thefts in Ohio fell in 2025. Car crime is down in Ohio too.\n\n"
        "Thefts fell 18% in 2025, police officials said.\n"
    )
    assert speaker_of(every(body), "18%") == "police"


def test_a_bare_description_trailing_a_sentence_goes_to_the_name_that_opens_it() -> None:
    body = "North Melbourne, this year's premiers, reported 9,100 members, the club said.\n"
    assert speaker_of(every(body), "9,100") == "North Melbourne"


def test_a_description_with_a_modifier_and_no_body_holding_it_names_itself() -> None:
    body = (
        "The AAP wire carried the story in 2025.\n\n"
        "The players' association said the average player earns $62,000 a year.\n"
    )
    assert speaker_of(every(body), "$62,000") == "players' association"


def test_a_name_apposed_before_the_verb_is_the_subject_not_a_name_after_it() -> None:
    body = (
        "Their energy spokesman, Jonas Brandt, said Germany still had the highest prices in 2025.\n"
    )
    assert speaker_of(every(body), "highest prices") == "Jonas Brandt"


def test_a_role_head_may_point_back_to_a_body_of_another_kind() -> None:
    body = (
        "Prices fell 12% in May, the Federal Network Agency said. "
        "Solar output rose 21%, the regulator said.\n"
    )
    assert speaker_of(every(body), "21%") == "Federal Network Agency"


def test_a_surname_that_is_also_a_title_stays_a_name() -> None:
    names = find_names("Kate Bishop said it. Stephen King said so. Chris Judge and Mary Lord.")
    assert [n.text for n in names] == ["Kate Bishop", "Stephen King", "Chris Judge and Mary Lord"]

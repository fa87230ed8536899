"""Each signal fires on the words it is meant for and stays quiet on near misses."""

from __future__ import annotations

import pytest

from models.detection import signals as table
from models.detection.scoring import Context, reasons_for, score


def fired(text: str, context: Context | None = None) -> dict[str, str]:
    """Return {signal: evidence} for a sentence."""
    return {r.signal: r.evidence for r in reasons_for(text, context or Context())}


@pytest.mark.parametrize(
    ("signal", "text", "evidence"),
    [
        ("percentage", "Unemployment fell to 3.9% in September.", "3.9%"),
        ("percentage", "Prices rose 12 per cent last year.", "12 per cent"),
        ("money", "Revenue rose to 38.9 billion kronor.", "38.9 billion kronor"),
        ("money", "It raised $1.5bn from investors.", "$1.5bn"),
        ("number", "The number of people out of work dropped by 48,000.", "48,000"),
        ("number", "Youth unemployment is down by a third.", "a third"),
        ("number", "Sickness rose to 2.8 million.", "2.8 million"),
        ("year", "The company listed in Stockholm in 2015.", "2015"),
        ("year", "Services were 22% of output in the 1980s.", "1980s"),
        ("date", "The figures were published on Tuesday.", "Tuesday"),
        ("period", "Footfall rose sharply last year.", "last year"),
        ("period", "Prices have doubled since then.", "since then"),
        ("change", "Vacancies fell for the 17th month.", "fell"),
        ("change", "Our business is growing faster than ever.", "growing"),
        ("superlative", "It became the biggest fintech in the world.", "biggest"),
        ("comparative", "More than 600,000 people found work.", "More than"),
        ("comparative", "It is among the top performers.", "among the"),
        ("ranking", "It is the third-largest grocer in the region.", "third-largest"),
        ("ranking", "Vacancies fell for the 17th period in a row.", "17th"),
        ("funding", "Google acquired DeepMind in 2014.", "acquired"),
        ("funding", "Alibaba has funded quite a few newcomers.", "funded"),
        ("financials", "Operating profit rose sharply.", "profit"),
        ("event", "The council voted to extend the zone.", "voted"),
        ("question", "So are more people really working?", "?"),
        ("question", "“Is this what the government calls success?”", "?”"),
        ("hedge", "People who are ill may simply walk less.", "may"),
        ("hedge", "The link seems to be strong.", "seems"),
        ("first_person", "I started walking to the office last spring.", "I"),
        ("first_person", "My feeling is that prices rose.", "My"),
        ("call_to_action", "Speak to your GP if you are worried.", "Speak"),
        ("call_to_action", "Readers who want the tables can download them.", "Readers who"),
        (
            "call_to_action",
            "Anyone who sees pollution in the river can report it.",
            "Anyone who sees pollution in the river can",
        ),
        ("promise", "We will open 25 new stores.", "will"),
        ("promise", "The company plans to cut prices again.", "plans to"),
        ("promise", "We expect savings of 600 million crowns.", "We expect"),
        ("opinion", "I think that is a scandal, frankly.", "I think"),
        ("opinion", "It is hard not to see this as good news.", "hard not to"),
    ],
)
def test_signal_fires_with_its_evidence(signal: str, text: str, evidence: str) -> None:
    assert fired(text).get(signal) == evidence


@pytest.mark.parametrize(
    ("signal", "text"),
    [
        ("percentage", "The survey asked 100 people."),
        ("money", "The survey asked 100 people about the pound's strength."),
        ("number", "Unemployment fell to 3.9% in 2008."),  # a percentage and a year, not both
        ("year", "It costs 2,015 kronor."),
        ("number", "Vacancies fell for the 17th month."),  # an ordinal is a ranking
        ("period", "Since we took office, things changed."),
        ("date", "It may be true."),  # the modal, not the month
        ("change", "The results were in line with forecasts."),
        ("superlative", "On top of that, the Chinese are pragmatic."),
        ("comparative", "Prices are lower in the north."),
        ("ranking", "A third of people agreed."),
        ("funding", "Investors were not consulted."),
        ("question", "He asked why? Not at all, he said."),
        ("hedge", "Unemployment fell to 3.9%."),
        ("first_person", "India and Iran signed a deal."),
        ("first_person", "We cut prices on 2,000 products."),  # "we" reports what a body did
        ("call_to_action", "Try as they might, rivals could not match the price."),
        ("promise", "Sales willingly reported the figures."),
        ("opinion", "Revenue rose 8.4% to 38.9 billion kronor."),
    ],
)
def test_signal_stays_quiet_on_near_misses(signal: str, text: str) -> None:
    assert signal not in fired(text)


def test_computed_signals() -> None:
    assert fired("Sales rose, said Marta Lindgren.", Context(credited="Marta Lindgren")) == {
        "change": "rose",
        "financials": "Sales",
        "attribution": "Marta Lindgren",
        "proper_name": "Marta Lindgren",
    }
    assert fired("The National Statistics Office said so.")["organisation"] == (
        "National Statistics Office"
    )
    assert "interviewer" in fired("Critics say lanes slow traffic.", Context(interviewer=True))
    assert fired("December 12, 2023")["fragment"] == "December 12, 2023"
    assert fired("Thank you.")["fragment"] == "Thank you."
    assert "fragment" not in fired("Unemployment fell to 3.9%.")


def test_opening_capital_is_not_a_name_unless_the_text_capitalises_it_elsewhere() -> None:
    assert "proper_name" not in fired("Vacancies fell to 812,000.")
    known = Context(proper_words=frozenset({"Harbourline"}))
    assert fired("Harbourline reported a profit.", known)["proper_name"] == "Harbourline"


def test_score_is_base_plus_weights_clipped() -> None:
    reasons = reasons_for("Unemployment fell to 3.9%.", Context())
    assert score(reasons) == round(table.BASE + sum(r.weight for r in reasons), 2)
    assert score(reasons_for("Click here to subscribe?", Context())) == 0.0
    many = reasons_for(
        "Google acquired DeepMind for $500m in 2014, the biggest deal ever, up 40%.", Context()
    )
    assert score(many) == 1.0


def test_every_signal_slug_is_unique_and_weights_are_signed_as_documented() -> None:
    slugs = [s.slug for s in table.SIGNALS]
    assert len(slugs) == len(set(slugs))
    negative = {"question", "hedge", "first_person", "call_to_action", "promise", "opinion"}
    for signal in table.SIGNALS:
        assert (signal.weight < 0) == (signal.slug in negative), signal.slug


def test_a_signal_is_only_made_redundant_by_signals_checked_before_it() -> None:
    seen: set[str] = set()
    for signal in table.SIGNALS:
        assert set(signal.unless) <= seen, signal.slug
        seen.add(signal.slug)

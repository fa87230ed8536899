"""Whose voice a candidate is in: quotes, credits, carry-over, turns and fallbacks."""

from __future__ import annotations

from models.detection import Candidate, detect_claims


def speaker_of(candidates: list[Candidate], words: str) -> str | None:
    """Return the speaker of the candidate containing `words` (it must exist)."""
    found = [c for c in candidates if words in c.text]
    assert found, f"no candidate holds {words!r}: {[c.text for c in candidates]}"
    return found[0].speaker


def every(body: str, **kwargs: object) -> list[Candidate]:
    """Return every sentence as a candidate (threshold 0), so attribution is seen alone."""
    return detect_claims(body, threshold=0.0, **kwargs)  # type: ignore[arg-type]


def test_a_quote_goes_to_the_person_named_after_it_even_across_paragraphs() -> None:
    body = (
        "“These numbers show our plan is working,” said the employment minister, "
        "Nadia Rahman. “Since we took office, 600,000 people have found work.\n\n"
        "“We have also cut the number of workless households to 2.9 million.”\n\n"
        "Unemployment was 3.9% in September.\n"
    )
    found = every(body, author="Hannah Okafor")
    assert speaker_of(found, "600,000 people") == "Nadia Rahman"
    assert speaker_of(found, "2.9 million") == "Nadia Rahman"
    assert speaker_of(found, "3.9%") == "Hannah Okafor"


def test_a_title_and_surname_later_resolve_to_the_full_name_seen_earlier() -> None:
    body = (
        "Tessa Jowell, the culture secretary, opened the stadium in 2005.\n\n"
        "The project cost £9.3bn, Ms Jowell said on Monday.\n"
    )
    found = every(body, author="A Reporter")
    assert speaker_of(found, "£9.3bn") == "Tessa Jowell"


def test_he_said_goes_to_the_last_person_credited() -> None:
    body = (
        "Owen Pryce, the opposition spokesman, said the figure hid a problem.\n\n"
        "“There are 2.8 million people too ill to work,” he said.\n"
    )
    assert speaker_of(every(body, author="A Reporter"), "2.8 million") == "Owen Pryce"


def test_a_quote_introduced_with_a_colon_goes_to_its_introducer() -> None:
    body = "Sabrina Meng said: “Our cloud revenue grew 21% in 2023.”\n"
    assert speaker_of(every(body, author="A Reporter"), "21%") == "Sabrina Meng"


def test_according_to_carries_over_the_paragraph_then_stops() -> None:
    body = (
        "The plan was a success, according to Pascal. Ant Financial became the biggest "
        "fintech in the world. Ping An became one of the biggest insurers.\n\n"
        "I think that is remarkable.\n\n"
        "Baidu launched its model in March.\n"
    )
    found = every(body, author="Peter Hinssen")
    assert speaker_of(found, "Ant Financial") == "Pascal"
    assert speaker_of(found, "Ping An") == "Pascal"
    assert speaker_of(found, "Baidu launched") == "Peter Hinssen"


def test_said_explained_and_stated_credit_their_subject() -> None:
    body = (
        "Pascal for instance explained that China’s plan focuses on talent. "
        "Tsinghua trains more AI graduates than any other university.\n\n"
        "In September, at Huawei Connect, CFO Sabrina Meng stated that the firm will focus "
        "on AI.\n\n"
        "Erik Sundqvist, a retail analyst at Carnegie in Stockholm, said costs fell 3%.\n"
    )
    found = every(body, author="Peter Hinssen")
    assert speaker_of(found, "China’s plan") == "Pascal"
    assert speaker_of(found, "Tsinghua") == "Pascal"
    assert speaker_of(found, "Huawei Connect") == "Sabrina Meng"
    assert speaker_of(found, "costs fell") == "Erik Sundqvist"  # not "Stockholm"


def test_a_generic_reference_points_back_to_the_named_body() -> None:
    body = (
        "Unemployment fell to 3.9%, according to figures published on Tuesday by the "
        "National Statistics Office.\n\n"
        "Harbourline Foods reported a 31% rise in profit. Revenue rose 8%, the company said. "
        "Vacancies fell to 812,000, the statistics office said.\n"
    )
    found = every(body, author="A Reporter")
    assert speaker_of(found, "3.9%") == "National Statistics Office"
    assert speaker_of(found, "Revenue rose") == "Harbourline Foods"
    assert speaker_of(found, "812,000") == "National Statistics Office"


def test_a_study_without_a_named_author_stays_with_the_article() -> None:
    body = "Walkers had a 51% lower risk, according to a study of 78,000 adults in the UK.\n"
    assert speaker_of(every(body, author="Claire Whitfield"), "51%") == "Claire Whitfield"


def test_interview_turns_go_to_their_labels_and_the_interviewer_is_marked() -> None:
    body = (
        "An interview with Sofia Marchetti\n\n"
        "Daniel Ross: Critics say the lanes made congestion 20% worse. Is that true?\n\n"
        "Sofia Marchetti: No. Bus journeys are 4% faster than in 2019.\n\n"
        "Ross: And the charge?\n\n"
        "Marchetti: It should raise about 30 million euros a year.\n"
    )
    found = every(body, author="Daniel Ross")
    assert speaker_of(found, "4% faster") == "Sofia Marchetti"
    assert speaker_of(found, "30 million euros") == "Sofia Marchetti"
    critics = next(c for c in found if "Critics" in c.text)
    assert critics.speaker == "Daniel Ross"
    assert "interviewer" in {r.signal for r in critics.reasons}
    assert not any(c.text.startswith(("Daniel Ross:", "Marchetti:")) for c in found)


def test_q_and_a_turns_go_to_the_author_and_the_interviewee() -> None:
    body = (
        "Pascal Coppens talks about China.\n\n"
        "Q: How many models are there?\n\n"
        "A: About 130 Chinese LLMs have surfaced since the summer.\n\n"
        "Q: And in Europe?\n\n"
        "A: Less than 10% of the world's models.\n"
    )
    found = every(body, author="Peter Hinssen")
    assert speaker_of(found, "130 Chinese") == "Pascal Coppens"
    assert speaker_of(found, "How many") == "Peter Hinssen"


def test_fallbacks_author_then_publisher_then_nobody() -> None:
    body = "Unemployment fell to 3.9% in September.\n"
    assert every(body, author="A", publisher="P")[0].speaker == "A"
    assert every(body, publisher="The Ledger")[0].speaker == "The Ledger"
    assert every(body)[0].speaker is None
    assert every(body)[0].speaker_reason


def test_names_go_through_resolve() -> None:
    known = {"pascal": "Pascal Coppens", "peter hinssen": "Peter Hinssen"}
    body = "China wanted to lead the world in AI by 2030, according to Pascal.\n"
    found = every(body, author="Peter Hinssen", resolve=lambda n: known.get(n.lower()))
    assert found[0].speaker == "Pascal Coppens"
    unknown = every(body, author="Peter Hinssen", resolve=lambda n: None)
    assert unknown[0].speaker == "Pascal"  # unknown to the desk: kept as the text names it


def test_a_credit_in_one_clause_does_not_take_the_other_clause() -> None:
    body = (
        "Unemployment fell to 3.9%, the National Statistics Office said. Economists had "
        "expected 4%.\n\n"
        "The survey's response rate has fallen to around 15%, down from 50% a decade ago, "
        "and the statistics office has warned that its estimates are less reliable than "
        "they were in 2015.\n"
    )
    found = detect_claims(body, author="Hannah Okafor")
    assert speaker_of(found, "response rate") == "Hannah Okafor"
    assert speaker_of(found, "has warned") == "National Statistics Office"


def test_single_curly_quotes_are_speech_and_apostrophes_are_not() -> None:
    body = (
        "‘Our analysts’ view is that sales rose 12% in 2023,’ said Priya Shah, the firm’s "
        "chief executive. ‘We don’t expect that again.\n\n"
        "‘Costs fell 4% in the year.’\n\n"
        "The shares fell 3% on Friday.\n"
    )
    found = every(body, author="A Reporter")
    assert speaker_of(found, "sales rose 12%") == "Priya Shah"
    assert speaker_of(found, "Costs fell 4%") == "Priya Shah"  # the quote ran on
    assert speaker_of(found, "shares fell 3%") == "A Reporter"


def test_figures_show_credits_the_body_that_published_them() -> None:
    body = (
        "Sewage was released for 9,400 hours in 2023, new Environment Agency figures show.\n\n"
        "Prices rose 4% in May, figures from the Office for National Statistics show.\n\n"
        "Dementia is the leading cause of death, the Office for National Statistics says.\n"
    )
    found = every(body, author="Tom Ashworth")
    assert speaker_of(found, "9,400 hours") == "Environment Agency"
    assert speaker_of(found, "Prices rose") == "Office for National Statistics"
    assert speaker_of(found, "Dementia") == "Office for National Statistics"


def test_a_spokesperson_for_the_company_speaks_for_the_named_company() -> None:
    body = (
        "The Environment Agency published the data. Vale Water said rain was to blame. "
        "Grace Whitmore, a campaigner, disagreed. Ms Whitmore said Vale Water paid £95m.\n\n"
        "A spokesperson for the company said: ‘2023 was one of the wettest years on record.’\n"
    )
    assert speaker_of(every(body, author="T A"), "wettest") == "Vale Water"


def test_an_initial_is_not_a_speaker_and_cllr_is_a_title() -> None:
    body = (
        "Grace Whitmore, who founded the group, said volunteers had recorded E. coli "
        "levels 12 times the limit.\n\n"
        "Cllr Anita Barnes said the council was fined £2m in 2022. Cllr Barnes said "
        "the fine was paid in 2023.\n"
    )
    found = every(body, author="T A")
    assert speaker_of(found, "E. coli") == "Grace Whitmore"
    assert speaker_of(found, "fine was paid") == "Anita Barnes"


def test_a_trailing_generic_credit_goes_to_the_sentence_subject_not_the_dateline() -> None:
    body = (
        "OSLO, March 3 - Nordvik Air has agreed to buy regional carrier Skyline Aviation "
        "for $1.2 billion, the Norwegian airline said on Monday.\n\n"
        "Nordvik will pay 84 crowns per Skyline share, a premium of 27%.\n\n"
        "Skyline shares jumped 24%. Nordvik shares fell 3%, analysts said.\n\n"
        "The deal closes in the fourth quarter of 2026.\n"
    )
    found = every(body, author="Ingrid Moe")
    assert speaker_of(found, "$1.2 billion") == "Nordvik Air"
    # A one-sentence lead that credits someone carries into the next paragraph ...
    assert speaker_of(found, "84 crowns") == "Nordvik Air"
    # ... a longer paragraph's closing credit does not.
    assert speaker_of(found, "fourth quarter") == "Ingrid Moe"


def test_titles_speech_acts_and_source_credits_over_clauses() -> None:
    body = (
        "Premier Elena Varga said journey times fell by 40 minutes since 2021.\n\n"
        "Opposition leader Pavel Novak accused the premier of spin. Fares have risen by "
        "31% in three years, he said.\n\n"
        "The premier spoke for an hour. Eurostat data show fares rose 31% between 2021 and "
        "2024, but Hungary recorded an increase of 34%.\n"
    )
    found = detect_claims(body, author="Jana Horak")
    assert speaker_of(found, "40 minutes") == "Elena Varga"
    assert speaker_of(found, "31% in three years") == "Pavel Novak"
    assert speaker_of(found, "Hungary recorded") == "Eurostat"  # "data show" covers both


def test_a_quote_followed_by_its_credit_is_proposed_as_the_quoted_words() -> None:
    body = (
        "“More than 600,000 people have moved into work since 2021,” said the employment "
        "minister, Nadia Rahman. “Youth unemployment is down by a third.”\n"
    )
    found = detect_claims(body, author="A Reporter")
    assert [c.text for c in found] == [
        "More than 600,000 people have moved into work since 2021",
        "Youth unemployment is down by a third.",
    ]
    assert found[0].speaker == "Nadia Rahman"
    assert "named after the quote" in found[0].speaker_reason


def test_only_the_lead_paragraph_carries_its_credit_into_the_next() -> None:
    body = (
        "Rents rose 38% in 2023, according to Dr. Lena Hartmann of the Resolution Institute.\n\n"
        "Rents in the city centre rose 41%.\n\n"
        "Mr. Haynes said costs rose 12% in 2022.\n\n"
        "The city's budget rose to $2bn in 2024.\n"
    )
    found = every(body, author="Maria Delgado")
    assert speaker_of(found, "38%") == "Lena Hartmann"  # "Dr." and its full stop
    assert speaker_of(found, "41%") == "Lena Hartmann"  # the lead's credit carries
    assert speaker_of(found, "12%") == "Haynes"
    assert speaker_of(found, "$2bn") == "Maria Delgado"  # a later paragraph's does not


def test_an_article_relaying_one_person_carries_their_voice_over_paragraphs() -> None:
    relayed = (
        "China wanted to lead the world, according to Pascal. Pascal explained that its plan "
        "came in 2017. Pascal also pointed out that Baidu moved first.\n\n"
        "Alibaba funded the startup Baichuan in 2023.\n\n"
        "My feeling is that this matters. Huawei sells 80% of its phones at home.\n\n"
        "According to Pascal, 40% of the models come from China.\n"
    )
    found = every(relayed, author="Peter Hinssen")
    assert speaker_of(found, "Baichuan") == "Pascal"  # a paragraph later, still his voice
    assert speaker_of(found, "80% of its phones") == "Peter Hinssen"  # the narrator's "My"
    several = relayed.replace("Pascal also pointed out", "Sabrina Meng pointed out")
    assert speaker_of(every(several, author="Peter Hinssen"), "Baichuan") == "Peter Hinssen"

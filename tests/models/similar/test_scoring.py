"""Scoring two claims: numbers, negations, directions, names and rewordings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from models.text.claim_similarity import THRESHOLD, similarity
from models.text.claim_words import read_claim

PAIRS = Path(__file__).parents[2] / "data" / "similar" / "pairs.yaml"
TARGET = 0.9


def test_the_same_words_score_one_and_unrelated_words_little() -> None:
    claim = "40% of LLMs are trained on pirated books."
    assert similarity(claim, claim) == 1.0
    assert similarity(claim, "The bridge was finished on time.") < 0.3
    assert similarity(claim, "") == 0.0


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("40% of LLMs are trained on pirated books.", "50% of LLMs are trained on pirated books."),
        ("The NHS has lost 25,000 hospital beds.", "The NHS has lost 15,000 hospital beds."),
        ("The programme cost 2.5 billion dollars.", "The programme cost 2.5 million dollars."),
        (
            "Inflation peaked at 11.1% in October 2022.",
            "Inflation peaked at 11.1% in October 1981.",
        ),
        ("One in five adults smokes.", "One in ten adults smokes."),
    ],
)
def test_another_number_is_another_claim(first: str, second: str) -> None:
    assert similarity(first, second) < THRESHOLD


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Eighty per cent of the market is Alibaba's.", "80% of the market is Alibaba's."),
        ("The economy grew 3 percent.", "The economy grew 3%."),
        ("The tunnel cost $2.5bn.", "The tunnel cost 2.5 billion dollars."),
        ("Net migration reached 745,000.", "Net migration reached 745000."),
        ("One in five adults smokes.", "20% of adults smoke."),
        ("Housing starts fell 15% in Q2.", "Housing starts fell 15% in the second quarter."),
    ],
)
def test_one_number_written_two_ways_is_one_number(first: str, second: str) -> None:
    assert read_claim(first).numbers == read_claim(second).numbers
    assert similarity(first, second) >= THRESHOLD


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The economy grew last year.", "The economy did not grow last year."),
        ("The bridge was finished on time.", "The bridge wasn't finished on time."),
        ("Solar supplies 10% of our power.", "Solar no longer supplies 10% of our power."),
        ("The company paid corporation tax.", "The company paid no corporation tax."),
    ],
)
def test_a_negation_on_one_side_is_another_claim(first: str, second: str) -> None:
    assert read_claim(first).negated != read_claim(second).negated
    assert similarity(first, second) < THRESHOLD


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The economy grew by 3% last year.", "The economy shrank by 3% last year."),
        ("Rice prices have risen 30%.", "Rice prices have fallen 30%."),
        (
            "Ukraine exported 40 million tonnes of wheat.",
            "Ukraine imported 40 million tonnes of wheat.",
        ),
        ("China makes more than half of all steel.", "China makes less than half of all steel."),
    ],
)
def test_opposite_directions_are_another_claim(first: str, second: str) -> None:
    assert similarity(first, second) < THRESHOLD


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The US imports 90% of its chips.", "The United States imports 90% of its chips."),
        ("The EU cut emissions by 32%.", "The European Union cut emissions by 32%."),
        ("40% of LLMs use pirated books.", "40% of large language models use pirated books."),
        ("Public debt passed 100% of GDP.", "Public debt passed 100% of gross domestic product."),
        ("Net migration to the UK hit 745,000.", "Net migration to Britain hit 745,000."),
    ],
)
def test_a_name_and_its_alias_are_one_name(first: str, second: str) -> None:
    assert similarity(first, second) >= THRESHOLD


def test_another_name_in_the_same_sentence_is_another_claim() -> None:
    assert (
        similarity(
            "Ukraine exported 40 million tonnes of wheat in 2021.",
            "Russia exported 40 million tonnes of wheat in 2021.",
        )
        < THRESHOLD
    )
    assert (
        similarity("80% of the cloud is Alibaba's.", "80% of the cloud is Tencent's.") < THRESHOLD
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Youth unemployment fell to 12% in 2023.", "In 2023, youth unemployment dropped to 12%."),
        (
            "Rail freight doubled between 2015 and 2020.",
            "Between 2015 and 2020 rail freight doubled.",
        ),
        (
            "Alibaba holds 80% of the cloud market, according to Dana Okafor.",
            "Alibaba holds 80% of the cloud market, the Statistics Office said.",
        ),
    ],
)
def test_a_reworded_claim_or_another_speaker_still_matches(first: str, second: str) -> None:
    assert similarity(first, second) >= THRESHOLD


def test_scores_are_symmetric_enough_and_between_zero_and_one() -> None:
    pairs = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))["pairs"]
    for pair in pairs:
        forward, backward = similarity(pair["a"], pair["b"]), similarity(pair["b"], pair["a"])
        assert 0.0 <= forward <= 1.0
        assert (forward >= THRESHOLD) == (backward >= THRESHOLD), pair


def test_the_labelled_pairs_reach_precision_and_recall_of_nine_tenths() -> None:
    pairs = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) >= 200
    kinds = {pair["kind"] for pair in pairs}
    assert {"reworded", "alias", "number", "negation", "topic"} <= kinds
    found = [similarity(pair["a"], pair["b"]) >= THRESHOLD for pair in pairs]
    same = [pair["same"] for pair in pairs]
    true_positives = sum(f and s for f, s in zip(found, same, strict=True))
    precision = true_positives / sum(found)
    recall = true_positives / sum(same)
    assert precision >= TARGET, precision
    assert recall >= TARGET, recall


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120), st.text(max_size=120))
def test_any_text_scores_between_zero_and_one_without_error(first: str, second: str) -> None:
    assert 0.0 <= similarity(first, second) <= 1.0

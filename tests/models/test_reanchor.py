"""Finding quotes again in a replaced text (models.text.reanchor), on hand-made revisions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from models import AnchorMethod
from models.text.anchoring import anchor_at
from models.text.reanchor import FUZZY_MIN, Quote, reanchor, similarity

OLD = (
    "The council met on Monday.\n\n"
    "Unemployment fell to 4.1% last year, the mayor said. "
    "Critics disagreed with the figures.\n\n"
    "The goverment budget rose to 5 billion euros, a record for the city."
)


def _quote(key: int, words: str, body: str = OLD) -> Quote:
    start = body.index(words)
    anchor = anchor_at(body, start, start + len(words))
    return Quote(key, anchor.exact, anchor.prefix, anchor.suffix, anchor.start)


QUOTES = [
    _quote(1, "Unemployment fell to 4.1% last year"),
    _quote(2, "The goverment budget rose to 5 billion euros"),
    _quote(3, "Critics disagreed with the figures."),
]


def _check(new: str, found) -> None:
    for hit in found.values():
        if hit.anchor is not None:
            assert new[hit.anchor.start : hit.anchor.end] == hit.anchor.exact


def test_words_inserted_before_a_claim_shift_it_with_its_context() -> None:
    new = OLD.replace("The council met", "Updated at noon. The council met")
    found = reanchor(OLD, new, QUOTES)
    _check(new, found)
    assert {k: f.method for k, f in found.items()} == dict.fromkeys((1, 2, 3), AnchorMethod.EXACT)
    assert found[1].anchor.start == QUOTES[0].start + len("Updated at noon. ")


def test_a_paragraph_removed_moves_the_claims_after_it() -> None:
    new = OLD.replace("The council met on Monday.\n\n", "")
    found = reanchor(OLD, new, QUOTES)
    _check(new, found)
    assert found[1].method is AnchorMethod.MOVED  # its prefix was the removed paragraph
    assert found[2].method is AnchorMethod.EXACT and found[3].method is AnchorMethod.EXACT
    assert found[1].anchor.start == 0


def test_a_typo_fixed_inside_a_quote_is_a_fuzzy_match_with_a_score() -> None:
    new = OLD.replace("goverment", "government")
    found = reanchor(OLD, new, QUOTES)
    _check(new, found)
    assert found[2].method is AnchorMethod.FUZZY
    assert found[2].anchor.exact == "The government budget rose to 5 billion euros"
    assert 0.95 < found[2].score < 1


def test_a_quote_reworded_beyond_recognition_is_lost() -> None:
    new = OLD.replace("Critics disagreed with the figures.", "Nobody commented at all.")
    found = reanchor(OLD, new, QUOTES)
    assert found[3].method is AnchorMethod.LOST and found[3].anchor is None
    assert found[1].anchor is not None and found[2].anchor is not None


def test_a_duplicated_sentence_is_found_at_the_occurrence_nearest_the_old_place() -> None:
    sentence = "Unemployment fell to 4.1% last year"
    # the sentence now opens the article as well: the claim stays where it was
    new = f"{sentence}, a summary says.\n\n" + OLD
    found = reanchor(OLD, new, QUOTES)
    _check(new, found)
    assert found[1].anchor.start == new.index(sentence, 10)
    # and duplicated after it, with new context on both copies: the nearer copy wins
    new = OLD.replace(f"{sentence}, the mayor said.", f"{sentence}; {sentence}, she said.")
    found = reanchor(OLD, new, QUOTES)
    assert found[1].method is AnchorMethod.MOVED
    assert found[1].anchor.start == QUOTES[0].start


def test_a_long_quote_with_an_edit_inside_is_found_by_its_head_and_tail() -> None:
    filler = "Paragraph of other words that do not matter much. " * 40
    quote = (
        "The regional hospital treated 12,400 patients in its emergency ward during the "
        "winter months, twice as many as the year before"
    )
    old = f"{filler}\n\n{quote}, officials said.\n\n{filler}"
    changed = quote.replace("twice as many", "about twice as many")
    # the quote moves far away too: the diff cannot carry it, bitap finds it
    new = f"{changed}, officials said.\n\n{filler}\n\n{filler}"
    found = reanchor(old, new, [_quote(7, quote, old)])
    _check(new, found)
    assert found[7].method is AnchorMethod.FUZZY and found[7].anchor.exact == changed


def test_two_quotes_never_share_a_span() -> None:
    body = "Prices rose. Prices rose. The end."
    quotes = [
        Quote(1, "Prices rose.", "", " Prices rose. The end.", 0),
        Quote(2, "Prices rose.", "Prices rose. ", " The end.", 13),
    ]
    new = "Prices rose. The end."
    found = reanchor(body, new, quotes)
    spans = [(f.anchor.start, f.anchor.end) for f in found.values() if f.anchor]
    assert len(spans) == len(set(spans)) == 1
    assert sum(f.method is AnchorMethod.LOST for f in found.values()) == 1


def test_similarity_is_one_for_the_same_words_and_low_for_others() -> None:
    assert similarity("abc", "abc") == 1.0
    assert similarity("the budget rose", "the budget fell") > FUZZY_MIN - 0.1
    assert similarity("Critics disagreed", "Nobody commented at all") < FUZZY_MIN


_words = st.sampled_from(
    ["the", "budget", "rose", "fell", "4.1%", "said", "mayor", "city", "\n\n", "“quoted”", "é"]
)
_text = st.lists(_words, min_size=3, max_size=60).map(" ".join)


@st.composite
def _edits(draw):
    old = draw(_text)
    spans = []
    for _ in range(draw(st.integers(1, 5))):
        start = draw(st.integers(0, len(old) - 1))
        end = draw(st.integers(start + 1, min(len(old), start + 40)))
        if old[start:end].strip():
            spans.append((start, end))
    new = old
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(new)))
        cut = draw(st.integers(0, 12))
        new = (
            new[:at]
            + draw(st.sampled_from(["", "x", " new words ", "\n\n", "4.2%"]))
            + new[at + cut :]
        )
    return old, new or "x", sorted(set(spans))


@settings(max_examples=300, deadline=None)
@given(_edits())
def test_every_quote_found_holds_its_words_and_no_span_is_given_twice(case) -> None:
    old, new, spans = case
    quotes = []
    for key, (start, end) in enumerate(spans):
        anchor = anchor_at(old, start, end)
        quotes.append(Quote(key, anchor.exact, anchor.prefix, anchor.suffix, start))
    found = reanchor(old, new, quotes)
    assert set(found) == {q.key for q in quotes}
    placed = [f.anchor for f in found.values() if f.anchor is not None]
    for anchor in placed:
        assert new[anchor.start : anchor.end] == anchor.exact and anchor.exact.strip()
    assert len({(a.start, a.end) for a in placed}) == len(placed)
    for hit in found.values():
        assert 0.0 <= hit.score <= 1.0
        assert (hit.anchor is None) == (hit.method is AnchorMethod.LOST)

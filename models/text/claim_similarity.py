"""How alike two claims are, from 0.0 (unrelated) to 1.0 (the same words).

The score starts from how many content words the two share, in any order (rapidfuzz's
token ratios over the words `claim_words` reads, so "80 per cent of China's cloud" and
"80% of the Chinese cloud" share all theirs). Then what turns a near-copy into another
claim lowers it: a number one states and the other replaces, a negation on one side
only, opposite directions ("grew" and "shrank", "exports" and "imports"), and a name
one mentions where the other mentions another. At THRESHOLD and above, the claim page
and the API call two claims a match.
"""

from __future__ import annotations

import difflib

from rapidfuzz import fuzz

from .claim_vocabulary import OPPOSITES
from .claim_words import ClaimWords, read_claim

THRESHOLD = 0.55  # a score from here on is "possibly the same claim"

# What each difference leaves of the score.
NUMBER_CHANGED = 0.45  # both state numbers and one replaces another: another claim
NUMBER_MISSING = 0.9  # one states a number the other does not mention
NEGATED = 0.5  # one says not, never, no...
OPPOSITE = 0.5  # opposite directions
NAME_CHANGED = 0.6  # each names someone or something the other does not
UNSHARED = 0.5  # at most, when each says things the other does not (share of the shorter)
EXTRA = 0.3  # at most, when one says much more than the other (share of the longer)
SWAPPED = 0.5  # per word put in the place of another word ("rural" homes, "urban" homes)


def similarity(first: str, second: str) -> float:
    """Return how alike two claims' texts are, from 0.0 to 1.0."""
    return score(read_claim(first), read_claim(second))


def score(a: ClaimWords, b: ClaimWords) -> float:
    """Return how alike two read claims are, from 0.0 to 1.0."""
    if not a.words or not b.words:
        return 0.0
    left, right = " ".join(a.words), " ".join(b.words)
    shared = (fuzz.token_set_ratio(left, right) + fuzz.token_sort_ratio(left, right)) / 200
    return round(shared * penalty(a, b), 4)


def penalty(a: ClaimWords, b: ClaimWords) -> float:
    """Return what is left of the score after the differences that make another claim."""
    kept = 1.0
    if a.numbers and b.numbers and (a.numbers - b.numbers) and (b.numbers - a.numbers):
        kept *= NUMBER_CHANGED
    elif a.numbers ^ b.numbers:
        kept *= NUMBER_MISSING
    if a.negated != b.negated:
        kept *= NEGATED
    if _opposite(a.directions, b.directions):
        kept *= OPPOSITE
    if (a.names - b.names) and (b.names - a.names):
        kept *= NAME_CHANGED
    mine, theirs = set(a.words), set(b.words)
    unshared = min(len(mine - theirs), len(theirs - mine))
    kept *= 1 - UNSHARED * unshared / min(len(mine), len(theirs))
    # a claim inside a longer one ("ChatGPT was launched in November 2022" inside a
    # sentence about who built models before it) is part of another claim
    extra = max(len(mine - theirs), len(theirs - mine))
    kept *= 1 - EXTRA * extra / max(len(mine), len(theirs))
    # the alignment is read from both sides, so the score does not depend on the order
    return kept * SWAPPED ** max(swapped_words(a, b), swapped_words(b, a))


def swapped_words(a: ClaimWords, b: ClaimWords) -> int:
    """Return how many times a run of words stands where the other claim has other words.

    A reworded claim moves its words around; another claim on the same subject often
    keeps the sentence and changes what it is about ("rural" for "urban"). Words found
    anywhere in the other claim do not count: they moved.
    """
    matcher = difflib.SequenceMatcher(None, a.words, b.words, autojunk=False)
    swaps = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if (
            op == "replace"
            and set(a.words[i1:i2]).isdisjoint(b.words)
            and set(b.words[j1:j2]).isdisjoint(a.words)
        ):
            swaps += 1
    return swaps


def _opposite(first: frozenset[str], second: frozenset[str]) -> bool:
    for one, other in OPPOSITES:
        if (first & one and second & other and not first & other and not second & one) or (
            first & other and second & one and not first & one and not second & other
        ):
            return True
    return False

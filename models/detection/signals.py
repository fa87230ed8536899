"""The signals that raise or lower a sentence's score, with their weights, in one table.

A sentence starts at BASE. Each signal that fires adds its weight once (the first words that
triggered it are kept as evidence), and the sum is clipped to 0–1. A sentence at or above
SUGGEST_THRESHOLD is suggested to the desk. Weights are in score units, so a reason's
weight is exactly what it added or took away (before clipping).

Text signals are regular expressions over the sentence. Four signals depend on more than
the sentence's words and are computed in scoring.py: `attribution` (the sentence credits a
speaker), `organisation` (a named body), `interviewer` (a turn by the interviewer) and
`fragment` (too few words to state anything).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BASE = 0.3
SUGGEST_THRESHOLD = 0.5

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_CURRENCY_WORDS = (
    "dollars?|euros?|pounds?|kronor|krona|kroner|yen|yuan|renminbi|rupees?|francs?|pesos?"
    "|rand|USD|EUR|GBP|SEK|DKK|NOK|CHF|JPY|CNY"
)
_SCALE = r"(?:\s?(?:bn|m|k|tn|billion|million|thousand|trillion|crore|lakh))?"
_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
    "|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?"
    "|dozens?|a third|two thirds|a quarter|three quarters|half|doubled|tripled|halved"
    r"|one in \w+"
)


@dataclass(frozen=True)
class Signal:
    """One kind of evidence: a stable slug, its weight and the pattern that finds it."""

    slug: str
    weight: float
    pattern: re.Pattern[str]
    unless: tuple[str, ...] = ()  # slugs that, when fired, make this one redundant


def _rx(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile a signal pattern (case-insensitive unless told otherwise)."""
    return re.compile(pattern, flags)


SIGNALS: tuple[Signal, ...] = (
    # --- what makes a statement checkable ---
    Signal(
        "percentage",
        0.45,
        _rx(r"\d+(?:[.,]\d+)?\s?(?:%|per\s?cent\b|percent\b|percentage\s+points?\b)"),
    ),
    Signal(
        "money",
        0.4,
        _rx(
            rf"[$€£¥]\s?\d[\d,.]*{_SCALE}"
            rf"|\b\d[\d,.]*{_SCALE}\s(?:{_CURRENCY_WORDS})\b"
            rf"|\b(?:{_NUMBER_WORDS})\s(?:{_CURRENCY_WORDS})\b"
        ),
    ),
    Signal(
        "number",
        0.3,
        _rx(
            r"(?<![\w.])(?!(?:1[89]\d\d|20\d\d)s?\b)\d[\d,]*(?:\.\d+)?"
            r"(?:\s(?:million|billion|trillion|thousand|bn|m)\b)?(?![\d%]|st\b|nd\b|rd\b|th\b)"
            rf"|\b(?:{_NUMBER_WORDS})\b"
        ),
        unless=("percentage", "money"),
    ),
    Signal("year", 0.25, _rx(r"(?<![\d,.])(?:1[89]\d\d|20\d\d)s?(?![\d,])")),
    Signal(
        "date",
        0.15,
        _rx(
            rf"\b(?:{_MONTHS})\b(?:\s\d{{1,2}}(?:st|nd|rd|th)?)?|\b(?:{_DAYS})\b",
            0,
        ),
    ),
    Signal(
        "period",
        0.1,
        _rx(
            r"\b(?:last|this|the past|the same) (?:year|month|week|quarter|decade|period"
            r"|summer|winter|spring|autumn|season)"
            r"\b|\b(?:a|one|\w+) (?:days?|weeks?|years?|months?|decades?)"
            r" (?:ago|earlier|later|after)\b"
            rf"|\bsince (?:(?:early|late|mid|the) )?(?:\d|(?:{_MONTHS})\b|last\b|then\b)"
            r"|\bin the (?:first|second|third|fourth) (?:half|quarter)\b"
        ),
        unless=("year", "date"),
    ),
    Signal(
        "change",
        0.2,
        _rx(
            r"\b(?:rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|grew|grow[sn]?|growing"
            r"|(?:increas|decreas|declin|doubl|tripl|halv|surg|soar|plung|slump|climb|jump"
            r"|drop|gain|shrink|plummet)(?:e|es|ed|s|ing|ped|ping)?|shrank|cut)\b"
            r"|\b(?:up|down)\s+(?:by\s+)?(?:\d|a\s|one\s|two\s|three\s|half)"
        ),
    ),
    Signal(
        "superlative",
        0.25,
        _rx(
            r"\b(?:biggest|largest|smallest|highest|lowest|fastest|slowest|greatest"
            r"|strongest|weakest|richest|poorest|oldest|youngest|cheapest|longest|shortest"
            r"|best|worst|most|least|first|record|ever|leading|unprecedented)\b"
        ),
    ),
    Signal(
        "comparative",
        0.2,
        _rx(
            r"\b(?:more|less|fewer|higher|lower|faster|slower|bigger|larger|smaller|greater"
            r"|cheaper|better|worse|older|younger|longer|shorter)\s(?:[\w\-’']+\s){0,5}than\b"
            r"|\bamong the\b|\bone of (?:the|only)\b|\bcompared (?:with|to)\b"
            r"|\b(?:up|down) from\b|\bno (?:less|more|fewer) than\b|\bat least\b"
            r"|\bas (?:much|many|high|low) as\b|\bahead of\b|\bbehind\b|\bagainst \d"
            r"|\bmore and more\b|\bincreasingly\b"
        ),
    ),
    Signal(
        "ranking",
        0.3,
        _rx(
            r"\b(?:second|third|fourth|fifth|sixth|tenth|\d+(?:st|nd|rd|th))[- ](?:largest"
            r"|biggest|highest|lowest|most|best|worst|place|consecutive|time|in a row)\b"
            r"|\bNo\.?\s?\d+\b|\branked\b|\branking\b|\btop (?:\d+|ten|five|three)\b"
            r"|\b\d+(?:st|nd|rd|th)\b|\bnumber (?:one|two|three)\b"
        ),
    ),
    Signal(
        "funding",
        0.3,
        _rx(
            r"\b(?:acquired|acquisition|acquires?|bought|buys|takeover|merger|merged|invested"
            r"|invests?|investment|funded|funding|funds|raised|fundraising"
            r"|stake|valuation|valued at|unicorn|IPO|listed|listing|spun off|sold)\b"
        ),
    ),
    Signal(
        "financials",
        0.15,
        _rx(
            r"\b(?:revenue|profits?|losses|sales|earnings|turnover|margins?|dividend|debt"
            r"|budget|GDP|inflation|wages|salary|salaries|prices?|costs?|spending|tax(?:es)?"
            r"|shares?|market share)\b"
        ),
    ),
    Signal(
        "event",
        0.15,
        _rx(
            r"\b(?:launched|announced|founded|introduced|published|completed|voted|signed"
            r"|approved|passed|elected|appointed|opened|closed|banned|created|established"
            r"|became|started|began|won|took office|reported|recorded|released|developed"
            r"|built|killed|died|arrested|charged|convicted|accounted for)\b"
        ),
    ),
    # --- what makes a sentence something other than a claim ---
    Signal("question", -0.6, _rx(r"\?[”\"’'»)]*\s*$")),
    Signal(
        "hedge",
        -0.25,
        _rx(
            r"\b(?:(?-i:may)|might|could|perhaps|possibly|probably|maybe|seems?|seemed|appears? to"
            r"|appeared to|likely|unlikely|I think|I believe|I suspect|we believe|not sure"
            r"|if we|if you)\b"
        ),
    ),
    Signal(
        "first_person",
        -0.25,
        _rx(r"(?<![\w’'])(?:I|I’ve|I've|I’m|I'm|I’d|I'd|[Mm]y|[Mm]e|[Mm]yself)(?![\w’'])", 0),
    ),
    Signal(
        "call_to_action",
        -0.6,
        _rx(
            r"^\W*(?:Try|Come|Speak|Talk|Call|Read|See|Watch|Listen|Join|Sign up|Subscribe"
            r"|Click|Download|Visit|Check out|Share|Follow|Don'?t|Don’t|Do not|Please"
            r"|Be sure|Make sure|Find out|Contact|Register|Book|Learn|Remember|Imagine"
            r"|Let's|Let’s|Get)\b(?!\s+as\b)"
            r"|\b(?:you can|you should|you must|be sure to|make sure you|readers who"
            r"|click here|sign up|subscribe|speak to your|talk to your|opt[- ]out|let’s"
            r"|let's|let us)\b"
            r"|\b(?:residents|readers|viewers|listeners|visitors|customers|patients|parents"
            r"|members of the public|anyone)\s(?:who\s(?:[\w’']+\s){1,8})?"
            r"(?:can|should|must)\s(?!be\b)"
        ),
    ),
    Signal(
        "promise",
        -0.3,
        _rx(
            r"\b(?:will|won'?t|won’t|shall|going to|plans? to|planned to|planning to"
            r"|promised?|pledged?|vowed?|aims? to|intends? to|expects? to|hopes? to"
            r"|hoped to|wants? to|want to|would|(?:is|are|was|were) expected to"
            r"|(?:we|I) (?:expect|anticipate|forecast|predict)"
            r"|next (?:year|month|week|quarter|decade|spring|summer|autumn|fall|winter))\b"
            r"|\b\w+’ll\b|\b\w+'ll\b"
        ),
    ),
    Signal(
        "opinion",
        -0.3,
        _rx(
            r"\b(?:I think|I feel|in my view|my feeling|frankly|honestly|of course|interesting"
            r"|irony|ironic|scandal|shame|disgrace|good news|bad news|hard not to|exciting"
            r"|encouraging|worrying|crazy|amazing|remarkable|impressive|spin|passionate"
            r"|fascinating|wonderful|terrible|awful|great|nice|love|hate|unfair|insane"
            r"|mixed picture|another matter"
            r"|the answer depends)\b"
        ),
    ),
)

# Signals computed outside the table (see scoring.py), with their weights.
ATTRIBUTION = 0.15
ORGANISATION = 0.15
PROPER_NAME = 0.1
INTERVIEWER = -0.3
FRAGMENT = -1.0  # a date line, a byline, "Thank you.": never a claim
FRAGMENT_MIN_WORDS = 3
# Every computed signal by slug (docs and tests walk this, with SIGNALS, for the full list).
COMPUTED: dict[str, float] = {
    "attribution": ATTRIBUTION,
    "organisation": ORGANISATION,
    "proper_name": PROPER_NAME,
    "interviewer": INTERVIEWER,
    "fragment": FRAGMENT,
}

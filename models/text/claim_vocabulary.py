"""The words claim matching knows: aliases, synonyms, directions, negations, numbers.

Deliberately small and general (what newsrooms write every day, in English), not a
thesaurus: `claim_words` reads a claim with them, and a change here changes every score
(bench/similar.py and the labelled pairs measure it).
"""

from __future__ import annotations

# Written forms of one name, matched as whole words; the key is how matching spells it.
# Upper-case short forms are matched as written only ("US", "WHO"), so "us" and "who"
# stay pronouns.
NAME_ALIASES: dict[str, tuple[str, ...]] = {
    "unitedstates": ("united states of america", "united states", "u.s.a.", "u.s.", "america"),
    "unitedkingdom": ("united kingdom", "great britain", "britain", "u.k."),
    "europeanunion": ("european union",),
    "worldhealthorganization": ("world health organization", "world health organisation"),
    "nationalhealthservice": ("national health service",),
    "grossdomesticproduct": ("gross domestic product",),
    "llms": ("large language models", "large language model", "llm"),
    "artificialintelligence": ("artificial intelligence",),
    "electriccars": ("electric vehicles", "electric vehicle", "electric cars", "evs", "ev"),
    "china": ("chinese",),
    "imf": ("international monetary fund",),
    "un": ("united nations",),
}
CASED_ALIASES = {  # short forms that are ordinary words in lower case
    "US": "unitedstates",
    "USA": "unitedstates",
    "UK": "unitedkingdom",
    "EU": "europeanunion",
    "WHO": "worldhealthorganization",
    "NHS": "nationalhealthservice",
    "GDP": "grossdomesticproduct",
    "AI": "artificialintelligence",
    "UN": "un",
}

# Words for the same act or state; the key is the one spelling kept.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "produce": ("produces", "produced", "producing", "made", "makes", "make", "manufactures"),
    "reach": ("reached", "reaches", "hit", "hits", "passed", "topped", "above", "over"),
    "have": ("has", "had", "holds", "hold", "held", "owns", "own", "belongs", "accounts"),
    "sell": ("sold", "sells", "shipped", "ships", "sales", "sale"),
    "hurt": ("injured", "harmed", "wounded"),
    "finish": ("finished", "completed", "complete"),
    "use": ("uses", "used", "using", "rely", "relies"),
    "supply": ("supplies", "supplied", "provides", "provided", "provide", "comes", "come"),
    "grow": (
        "grew",
        "grown",
        "growing",
        "grows",
        "expanded",
        "expands",
        "expand",
        "rose",
        "risen",
        "rises",
        "rise",
        "increased",
        "increases",
        "increase",
        "gained",
        "gains",
        "gain",
    ),
    "fall": (
        "fell",
        "fallen",
        "falls",
        "falling",
        "dropped",
        "drops",
        "drop",
        "declined",
        "declines",
        "decline",
        "decreased",
        "decreases",
        "decrease",
        "shrank",
        "shrunk",
        "shrinks",
        "shrink",
        "lost",
        "loses",
        "lose",
        "cut",
        "cuts",
    ),
    "world": ("global", "worldwide"),
    "country": ("nation", "nations", "countries"),
    "every": ("each",),
    "year": ("years", "yearly", "annually", "annual"),
    "month": ("months", "monthly"),
    "kilometre": ("kilometres", "kilometers", "kilometer", "km"),
    "person": ("people", "persons", "capita"),
    "farming": ("agriculture", "agricultural"),
    "export": ("exports", "exported", "exporting"),
    "import": ("imports", "imported", "importing"),
    "young": ("youth",),
    "price": ("prices", "cost", "costs"),
}
MONTHS = {
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
    "jul": "july", "aug": "august", "sep": "september", "sept": "september",
    "oct": "october", "nov": "november", "dec": "december",
}  # fmt: skip

# Which way a claim says something went: opposite directions make different claims.
UP, DOWN = "up", "down"
DIRECTIONS = {
    UP: {"grow", "up", "more", "higher", "highest", "doubled", "tripled", "record", "reach",
         "gone", "build", "built", "opened", "export", "signed", "gained", "most"},
    DOWN: {"fall", "down", "less", "lower", "lowest", "fewer", "halved", "below", "under",
           "closed", "import", "vetoed", "missed", "least"},
}  # fmt: skip
OPPOSITES = [
    ({"grow", "up", "more", "higher", "doubled", "tripled", "gained", "built"},
     {"fall", "down", "less", "lower", "fewer", "halved", "closed"}),
    ({"highest", "most"}, {"lowest", "least"}),
    ({"export"}, {"import"}),
]  # fmt: skip

NEGATIONS = {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "cannot",
             "without", "noone"}  # fmt: skip

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "than",
        "then",
        "so",
        "such",
        "into",
        "about",
        "after",
        "before",
        "since",
        "during",
        "within",
        "between",
        "all",
        "any",
        "some",
        "many",
        "much",
        "very",
        "just",
        "only",
        "also",
        "still",
        "now",
        "said",
        "says",
        "say",
        "according",
        "out",
        "per",
        "cent",
        "percent",
    ]
)

# Number words and fractions read as values.
UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
SCALES = {"thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "mn": 10**6,
          "billion": 10**9, "bn": 10**9, "b": 10**9, "trillion": 10**12, "tn": 10**12}  # fmt: skip
FRACTIONS = {"half": "50", "third": "33", "quarter": "25", "fifth": "20", "tenth": "10"}
ORDINALS = {"first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
            }  # fmt: skip
MULTIPLES = {"doubled": "x2", "tripled": "x3", "halved": "x0.5", "quadrupled": "x4"}

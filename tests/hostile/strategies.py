"""Hypothesis strategies for hostile but ordinary-looking input.

Nothing here is exotic on purpose: numbers a script would send, characters a copy and
paste brings along, addresses that look local. Each kind has broken the desk once.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Values that found a 500 before, or sit on an edge the desk has a rule for.
HOSTILE_TEXT = [
    "",
    " ",
    "0",
    "-1",
    "+1",
    "1_000",
    "1e3",
    "0x1f",
    "9223372036854775807",  # the largest 64-bit id
    "9223372036854775808",  # one past it
    "99999999999999999999",
    "9" * 5000,  # past int()'s own digit limit
    "²",  # passes str.isdigit()
    "١٢",  # Arabic-Indic digits: int() reads them
    "𝟙𝟚",
    "\x00",
    "nul\x00byte",
    "\x1b[31mred",
    "\x7f",
    "\x85",
    "a\rb",
    "\r\n",
    "\t",
    "\u2028",
    "\ufeff",
    "\u200b",
    "x" * 201,  # one past the search cap (past the LIKE limit: tests/*/test_input_rules.py;
    # Hypothesis warns about printing a value that long)
    "%_\\",
    "＝1+1",
    '=HYPERLINK("https://evil.example")',
    "@SUM(A1)",
    "/\t/evil.example/phish",
    "/%09/evil.example",
    "//evil.example",
    "/\nx",
    "https://evil.example/",
    "javascript:alert(1)",
    "http://x\x00y.example/",
    "https://exa mple.org/",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{7*7}}",
    "none",
    "me",
    "true",
    "2024-02-30",
    "Pascal Coppens",
    "pascal",
    "ada",
]

SEEN_BEFORE = st.sampled_from(HOSTILE_TEXT)
# Any characters but lone surrogates, which a form or a URL cannot carry.
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
NUMBERS = st.integers(min_value=-(2**70), max_value=2**70).map(str)


def hostile_text() -> st.SearchStrategy[str]:
    """Return strings as a form or a query string could carry them."""
    return st.one_of(
        SEEN_BEFORE,
        NUMBERS,
        ANY_TEXT,
        st.builds(str.__add__, SEEN_BEFORE, ANY_TEXT),
    )


def json_text() -> st.SearchStrategy[str]:
    """Return strings as JSON can carry them: lone surrogates too ("\\ud800")."""
    lone_surrogates = st.characters(categories=["Cs"])
    return st.one_of(
        hostile_text(), st.text(st.one_of(st.characters(), lone_surrogates), max_size=20)
    )


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([2**63 - 1, 2**63, 2**64, -(2**63) - 1]),
    st.floats(allow_nan=False, allow_infinity=False),
    json_text(),
)


def json_values() -> st.SearchStrategy[object]:
    """Return any JSON value, nested a little."""
    return st.recursive(
        JSON_SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(json_text(), inner, max_size=3)
        ),
        max_leaves=8,
    )


def raw_urlencoded() -> st.SearchStrategy[bytes]:
    """Return URL-encoded bytes, sometimes percent-escapes of bytes that are not UTF-8."""
    escape = st.integers(min_value=0, max_value=255).map(lambda b: f"%{b:02X}".encode())
    plain = st.sampled_from([b"a", b"=", b"&", b"+", b"name", b"q", b"%", b"\xff", b"\xc3"])
    return st.lists(st.one_of(escape, plain), max_size=12).map(b"".join)


# A source an editor would record: forms and the API send it, hostile values replace parts.
NEW_SOURCE = {
    "url": "https://data.example.org/new-report",
    "title": "A new report",
    "publisher": "Statistics Office",
    "published": "2024-01-31",
    "kind": "dataset",
    "archive_url": "https://archive.example.org/new-report",
}

"""Hostile desk data comes out inert in every format, read back with that format's parser.

Every text and address the desk holds may carry markup: a title with a <script>, an
address that closes its attribute (`"><script>`), a `javascript:` link, backticks,
pipes, brackets and line breaks. The values are written straight onto the rows, as an
import or an older version of the desk could have left them, so the reports are tested
on their own escaping, not on the input validation in front of them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, replace
from xml.etree import ElementTree

import html5lib
import pypdf
import pytest
import sqlalchemy as sa
from markdown_it import MarkdownIt

from models import Claim
from models.read.ratings import get_rating
from models.reports.claimreview_check import check_html
from models.reports.csv_export import COLUMNS, neutralise
from models.reports.html import report_css
from models.services import sourcing, workflow
from models.services.speakers import create_speaker

from ..factories import make_article, make_claim, make_source, make_user
from .helpers import render, squash

SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(document.cookie)"
BREAKOUT_URL = 'https://example.org/"><script>alert(2)</script>'
BAD_SOURCE_URL = 'http://evil.example/a b"onmouseover=alert(9)'
MARKUP = "`code` | a | b | [link](javascript:alert(3)) **bold** _em_ ~~del~~ &amp; \\ <!-- c --> #"

QUOTE = "Claims <b>80%</b> | of `cloud` [share](javascript:q)"
BODY = (
    "First paragraph, plain.\n\n"
    f"The analyst said: {QUOTE} in 2023.\n"
    "# not a heading\n<script>alert('body')</script>\n"
)


@dataclass(frozen=True)
class Hostile:
    """The hostile values, as stored, and where they went."""

    article_id: int  # the article holding them; a second one has a javascript: address
    approved_id: int
    values: dict[str, str]


def _hostile_desk(session) -> Hostile:
    """Build a desk with every field a report prints set to markup."""
    v = {
        "title": f"Title {SCRIPT} {MARKUP}",
        "author": f"Author {IMG}",
        "publisher": f"Publisher | {SCRIPT}",
        "speaker": f"Eve {IMG} | [x]",
        "speaker2": f"Mallory {SCRIPT}",
        "summary": f"{SCRIPT} | *x* [y](z) `c`",
        "text": f"Line one\n# not a heading\n{SCRIPT}\n| a | b |\n- item {IMG}",
        "explanation": f"Because:\n\n{SCRIPT}\n> quoted {IMG}\n[x](javascript:e) | pipe",
        "source_title": f"Source {IMG} ] (x) [",
        "source_publisher": f"Office {SCRIPT} | x",
        "excerpt": f"- looks like a list\n> quote\n{IMG} `tick` | pipe",
        "source2_title": "Click me [now]",
        "reviewer": f"Rita {IMG}",
        "approver": f"Eddie {SCRIPT}",
        "reason": f"Newer data:\n{SCRIPT} | {IMG}",
        "rating_label": f"Mixed | {SCRIPT}",
        "rating_description": f"Partly | right {IMG}\nsecond line | x",
    }
    v["source_url"] = 'https://data.example.org/r?a=1&amp;b=<img/src=x/onerror=alert(7)>"'
    v["speaker_same_as"] = "https://people.example.org/eve?x=\"'><script>alert(8)</script>"

    reviewer = make_user(session, "reviewer", display_name="Rita")
    editor = make_user(session, "editor", display_name="Eddie")
    article = make_article(session, body=BODY)
    approved = make_claim(session, article, quote=QUOTE, summary="Approved claim")
    corrected = make_claim(session, article, quote="First paragraph", summary="Corrected claim")
    plain = make_claim(session, article, quote="The analyst said", summary="Plain claim")
    source = make_source(session)
    bad_source = make_source(session, title="Click me")
    for claim in (approved, corrected):
        sourcing.link_source(session, claim, source, "supports", "An excerpt.", actor=None)
    sourcing.link_source(session, plain, bad_source, "context", None, actor=None)
    for claim in (approved, corrected):
        workflow.propose_verdict(
            session, claim, get_rating(session, "true"), "Checked.", actor=reviewer
        )
        workflow.approve_verdict(session, claim, actor=editor)
    workflow.reopen(session, corrected, "Newer data.", actor=editor)
    session.flush()

    # Now the markup, straight onto the rows.
    article.title, article.author, article.publisher = v["title"], v["author"], v["publisher"]
    article.url = BREAKOUT_URL
    approved.summary, approved.text = v["summary"], v["text"]
    approved.rating_explanation = v["explanation"]
    corrected.summary = v["summary"]
    approved.speaker = _speaker(session, "Eve", v["speaker"], v["speaker_same_as"])
    plain.speaker = _speaker(session, "Mallory", v["speaker2"], JS_URL)
    source.title, source.publisher = v["source_title"], v["source_publisher"]
    source.url, source.archive_url = v["source_url"], JS_URL
    # sources.url is checked by the database itself (http or https); whitespace still
    # makes it no address to link to.
    bad_source.title, bad_source.url = v["source2_title"], BAD_SOURCE_URL
    for link in approved.sources:
        link.excerpt = v["excerpt"]
    reviewer.display_name, editor.display_name = v["reviewer"], v["approver"]
    [correction] = corrected.corrections
    correction.reason = v["reason"]
    mixed = get_rating(session, "mixed")
    mixed.label, mixed.description = v["rating_label"], v["rating_description"]
    # A second article whose address is no web address at all.
    other = make_article(session, body="Another text, with a claim in it.")
    make_claim(session, other, quote="with a claim", summary="Another claim")
    other.url = JS_URL
    session.commit()
    return Hostile(article.id, approved.id, v)


def _speaker(session, plain_name: str, name: str, same_as: str):
    speaker = create_speaker(session, plain_name, actor=None)
    speaker.name, speaker.same_as = name, same_as
    return speaker


@pytest.fixture
def hostile(session) -> Hostile:
    return _hostile_desk(session)


@pytest.fixture
def hostile_options(options):
    """The whole desk's report, drafts shown, with a hostile organisation name and address."""
    return replace(
        options,
        include_drafts=True,
        organisation_name=f"Desk {SCRIPT} | [x]",
        organisation_url=JS_URL,
    )


# --- reading HTML back -------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def parse_html(text: str) -> ElementTree.Element:
    """Parse HTML the way a browser does (html5lib implements the WHATWG algorithm)."""
    return html5lib.parse(text, namespaceHTMLElements=False)


def text_of(root: ElementTree.Element) -> str:
    """Return the document's text, outside <script> and <style>, whitespace folded."""

    def walk(element: ElementTree.Element):
        if element.tag not in {"script", "style"}:
            yield element.text or ""
            for child in element:
                yield from walk(child)
        yield element.tail or ""

    return squash("".join(walk(root)))


def is_web_link(href: str) -> bool:
    return re.match(r"https?://[^\s]+$", href) is not None


def table_shapes(root: ElementTree.Element) -> list[list[int]]:
    """Return, per table, the number of cells in each row."""
    return [
        [len([c for c in row if c.tag in {"td", "th"}]) for row in table.iter("tr")]
        for table in root.iter("table")
    ]


LINK_ONLY = {"source_url", "speaker_same_as"}  # addresses behind a label, not shown
# Labels whose address is no web address: they must be shown, but not as links.
UNLINKED = ("Click me [now]", "Mallory", "archived copy")


def assert_unlinked(root: ElementTree.Element) -> None:
    """No link leads to an address that is not a web one (javascript:, spaces)."""
    link_texts = " | ".join("".join(a.itertext()) for a in root.iter("a"))
    assert not [label for label in UNLINKED if label in link_texts], link_texts


def assert_shows_as_text(text: str, hostile: Hostile) -> None:
    """Every hostile value appears in the text, character for character."""
    missing = [k for k, v in hostile.values.items() if k not in LINK_ONLY and squash(v) not in text]
    assert not missing, f"values not shown as text: {missing}\n{text[:3000]}"


# --- Markdown ----------------------------------------------------------------------------

# What a CMS does with Markdown: CommonMark with raw HTML allowed, plus GFM tables.
CMS_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
MD_TAGS = {
    "html", "head", "body", "h1", "h2", "h3", "p", "em", "strong", "a",
    "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "blockquote",
}  # fmt: skip


def test_markdown_renders_hostile_data_as_text(session, hostile, hostile_options) -> None:
    source = render(session, "md", hostile_options).decode()
    root = parse_html(CMS_MARKDOWN.render(source))

    for element in root.iter():
        assert element.tag in MD_TAGS, f"unexpected <{element.tag}> {element.attrib}"
        allowed = {"a": {"href", "id"}, "th": {"style"}, "td": {"style"}}.get(element.tag, set())
        assert set(element.attrib) <= allowed, (element.tag, element.attrib)
        if "style" in element.attrib:  # GFM's column alignment, from our own tables
            assert element.attrib["style"] == "text-align:right"
    anchors = [a.attrib["id"] for a in root.iter("a") if "id" in a.attrib]
    assert sorted(anchors) == sorted(f"claim-{i}" for i in _claim_ids(session))
    hrefs = [a.attrib["href"] for a in root.iter("a") if "href" in a.attrib]
    assert hrefs and all(is_web_link(h) or re.fullmatch(r"#claim-\d+", h) for h in hrefs), hrefs
    # The addresses are links, and still lead where they said (quotes, brackets encoded).
    assert "https://example.org/%22%3E%3Cscript%3Ealert(2)%3C/script%3E" in hrefs
    assert "https://data.example.org/r?a=1&amp;b=%3Cimg/src=x/onerror=alert(7)%3E%22" in hrefs

    # Summary, verdicts and scale: each table keeps its columns, one row per line.
    shapes = table_shapes(root)
    assert shapes == [[2] * 5, [3] * 7, [3] * 7], shapes

    text = text_of(root)
    assert_shows_as_text(text, hostile)
    assert JS_URL in text  # the second article's address, as text
    assert_unlinked(root)


def _claim_ids(session) -> list[int]:
    return list(session.scalars(sa.select(Claim.id)))


# --- HTML and PDF ------------------------------------------------------------------------

HTML_TAGS = {
    "html", "head", "body", "meta", "title", "style", "div", "header", "h1", "h2", "h3", "p",
    "a", "time", "strong", "section", "table", "caption", "thead", "tbody", "tr", "th", "td",
    "dl", "dt", "dd", "article", "blockquote", "span", "mark", "ol", "ul", "li", "br", "q",
    "script", "footer", f"{SVG}svg", f"{SVG}title", f"{SVG}text", f"{SVG}rect",
}  # fmt: skip
HTML_ATTRIBUTES = {
    "lang", "charset", "name", "content", "class", "id", "href", "datetime", "scope", "type",
    "role", "aria-label", "aria-labelledby", "xmlns", "width", "height", "viewBox", "x", "y",
    "fill", "stroke", "stroke-dasharray", "font-family", "font-size", "font-weight",
    "aria-hidden", "focusable",
}  # fmt: skip


def check_report_html(html: str, hostile: Hostile) -> ElementTree.Element:
    """Assert the HTML holds only our own markup; return its tree."""
    root = parse_html(html)
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        assert tag in HTML_TAGS, f"unexpected <{tag}> {element.attrib}"
        names = {name.rpartition("}")[2] for name in element.attrib}  # {xmlns ns}xmlns
        assert names <= HTML_ATTRIBUTES, (tag, element.attrib)
        if tag == "script":
            assert element.attrib == {"type": "application/ld+json"}
            json.loads(element.text or "")
        href = element.attrib.get("href")
        if href is not None:
            assert is_web_link(href) or re.fullmatch(r"#claim-\d+", href), href
    assert_shows_as_text(text_of(root), hostile)
    assert JS_URL in text_of(root)
    assert_unlinked(root)
    return root


def test_html_report_holds_only_our_markup(session, hostile, hostile_options) -> None:
    html = render(session, "html", hostile_options).decode()
    root = check_report_html(html, hostile)
    [style] = root.iter("style")  # our own stylesheet, as written (not HTML-escaped)
    assert style.text.strip() == report_css().strip()
    hrefs = {a.attrib["href"] for a in root.iter("a")}
    assert BREAKOUT_URL in hrefs and hostile.values["source_url"] in hrefs  # still links
    assert check_html(html).reviews == 1


def test_html_report_fragment_in_the_desk_holds_only_our_markup(
    session, hostile, hostile_options
) -> None:
    from models.reports.html import iter_html

    fragment = "".join(iter_html(session, hostile_options, standalone=False))
    check_report_html(f"<!doctype html><title>x</title>{fragment}", hostile)


def test_pdf_shows_hostile_text_and_links_only_to_the_web(session, hostile, hostile_options):
    reader = pypdf.PdfReader(io.BytesIO(render(session, "pdf", hostile_options)))
    # Lines wrap anywhere in a PDF: compare without any whitespace.
    text = re.sub(r"\s+", "", " ".join(page.extract_text() for page in reader.pages))
    for key, value in hostile.values.items():
        assert key in LINK_ONLY or re.sub(r"\s+", "", value) in text, key
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    assert uris and all(is_web_link(u) for u in uris), uris


# --- JSON, ClaimReview, CSV --------------------------------------------------------------


def test_json_round_trips_hostile_data(session, hostile, hostile_options) -> None:
    data = json.loads(render(session, "json", hostile_options))
    v = hostile.values
    [article] = [a for a in data["articles"] if a["id"] == hostile.article_id]
    assert (article["title"], article["url"], article["author"], article["publisher"]) == (
        v["title"],
        BREAKOUT_URL,
        v["author"],
        v["publisher"],
    )
    assert article["body"] == BODY
    claims = {c["id"]: c for c in article["claims"]}
    claim = claims[hostile.approved_id]
    assert (claim["summary"], claim["text"], claim["speaker"]) == (
        v["summary"],
        v["text"],
        v["speaker"],
    )
    assert claim["quote"]["exact"] == QUOTE and claim["speaker_same_as"] == v["speaker_same_as"]
    assert claim["verdict"]["explanation"] == v["explanation"]
    assert (claim["proposed_by"], claim["approved_by"]) == (v["reviewer"], v["approver"])
    [source] = claim["sources"]
    assert (source["url"], source["title"], source["excerpt"], source["archive_url"]) == (
        v["source_url"],
        v["source_title"],
        v["excerpt"],
        JS_URL,
    )
    [correction] = data["corrections"]
    assert correction["reason"] == v["reason"]
    assert {"label": v["rating_label"], "description": v["rating_description"]}.items() <= next(
        r for r in data["ratings"] if r["slug"] == "mixed"
    ).items()


def test_claimreview_round_trips_and_embeds_safely(session, hostile, hostile_options) -> None:
    raw = render(session, "claimreview", hostile_options).decode()
    [review] = json.loads(raw)
    v = hostile.values
    assert review["claimReviewed"] == v["summary"]
    assert review["reviewRating"]["ratingExplanation"] == v["explanation"]
    assert review["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": v["speaker"],
        "sameAs": v["speaker_same_as"],
    }
    assert review["itemReviewed"]["appearance"]["url"] == BREAKOUT_URL
    assert review["author"]["name"] == hostile_options.organisation_name
    # The file is made to be pasted into <script type="application/ld+json">: pasted, the
    # page still has exactly that one script, holding exactly this data.
    page = parse_html(
        f'<!doctype html><title>t</title><script type="application/ld+json">{raw}</script><p>end'
    )
    scripts = list(page.iter("script"))
    assert len(scripts) == 1 and json.loads(scripts[0].text or "") == [review]
    assert [p.text for p in page.iter("p")] == ["end"]


def test_csv_round_trips_hostile_data(session, hostile, hostile_options) -> None:
    data = render(session, "csv", hostile_options).decode("utf-8")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    assert rows[0] == COLUMNS and all(len(row) == len(COLUMNS) for row in rows)
    records = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
    [row] = [r for r in records if r["claim_id"] == str(hostile.approved_id)]
    v = hostile.values
    expected = {
        "article_title": v["title"],
        "article_url": BREAKOUT_URL,
        "summary": v["summary"],
        "text": v["text"],
        "quote": QUOTE,
        "speaker": v["speaker"],
        "explanation": v["explanation"],
        "proposed_by": v["reviewer"],
        "approved_by": v["approver"],
        "source_title": v["source_title"],
        "source_url": v["source_url"],
        "source_publisher": v["source_publisher"],
        "source_archive_url": JS_URL,
        "excerpt": v["excerpt"],
    }
    assert {k: row[k] for k in expected} == {k: neutralise(x) for k, x in expected.items()}


def test_hostile_values_are_really_hostile() -> None:
    """The fixtures' markup is live when written raw (so the tests above test something)."""
    root = parse_html(CMS_MARKDOWN.render(f"{SCRIPT}\n\n[x](<{BREAKOUT_URL}>) {IMG}"))
    assert list(root.iter("script")) and list(root.iter("img"))

"""Every status and verdict badge, measured in Chromium: text at 4.5:1 or more against
what is behind it, and each state in a colour of its own.

The badges come from the desk's own macros (every status, every rating of the scale,
drafts and "No verdict") and sit on a card and on the page's background; the report's
verdicts sit in the report preview. Colours are read with getComputedStyle, so whatever
the stylesheets say (custom properties, later rules) is what gets measured.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Page
from sqlalchemy import orm

from models import ClaimStatus, Rating

from .test_review_flow import log_in

AA = 4.5

# For each badge: its text, classes, text colour, background image and the background
# colours of it and its ancestors up to the first opaque one (what shows through).
MEASURE = """
(selector) => [...document.querySelectorAll(selector)].map((badge) => {
  const layers = [];
  for (let node = badge; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    layers.push(style.backgroundColor);
    if (style.backgroundImage !== 'none' && node !== badge) break;
    if (/^rgb\\(/.test(style.backgroundColor)) break;
  }
  const own = getComputedStyle(badge);
  return {text: badge.textContent.trim(), classes: badge.className, color: own.color,
          image: own.backgroundImage, layers};
})
"""


def rgba(css: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)  # type: ignore[return-value]


def flatten(layers: list[str]) -> tuple[float, float, float]:
    """The opaque colour seen through the layers (the element's first), over white."""
    red, green, blue = 255.0, 255.0, 255.0
    for layer in reversed(layers):
        r, g, b, a = rgba(layer)
        red, green, blue = (r * a + red * (1 - a), g * a + green * (1 - a), b * a + blue * (1 - a))
    return red, green, blue


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[float, ...], other: tuple[float, ...]) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def badge_markup(app, session: orm.Session) -> str:
    """Every status and verdict badge as the desk's macros print them."""
    ratings = session.scalars(sa.select(Rating).order_by(Rating.position)).all()
    template = app.jinja_env.from_string(
        '{% from "_macros.html" import status_badge, rating_badge %}'
        "{% for status in statuses %}{{ status_badge(status) }} {% endfor %}"
        "{% for rating in ratings %}{{ rating_badge(rating) }} "
        "{{ rating_badge(rating, draft=True) }} {% endfor %}{{ rating_badge(none) }}"
    )
    return template.render(statuses=list(ClaimStatus), ratings=ratings, none=None)


def measured(page: Page, selector: str) -> list[dict]:
    badges = page.evaluate(MEASURE, selector)
    assert badges, f"no badge matched {selector}"
    return badges


def low_contrast(badges: list[dict]) -> list[str]:
    found = []
    for badge in badges:
        if badge["image"] != "none":
            found.append(f"{badge['text']} ({badge['classes']}): a background image under text")
            continue
        ratio = contrast(rgba(badge["color"]), flatten(badge["layers"]))
        if ratio < AA:
            found.append(f"{badge['text']} ({badge['classes']}): {ratio:.2f}:1")
    return found


def state_colour(badge: dict) -> str:
    """A filled badge's state colour is its background; a draft's is its text."""
    return badge["color"] if "draft" in badge["classes"] else badge["layers"][0]


def test_every_desk_badge_reads_at_aa_contrast_and_each_state_has_its_own_colour(
    live_server: str, new_page, session: orm.Session, app
) -> None:
    page = new_page()
    log_in(page, live_server, "rhea")
    markup = badge_markup(app, session)
    page.evaluate(
        """(markup) => {
          const main = document.querySelector('main');
          main.insertAdjacentHTML('beforeend',
            `<section class="card" id="on-card">${markup}</section><p id="on-page">${markup}</p>`);
        }""",
        markup,
    )
    on_card = measured(page, "#on-card .badge, #on-card .verdict")
    on_page = measured(page, "#on-page .badge, #on-page .verdict")
    ratings = session.scalars(sa.select(Rating)).all()
    assert len(on_card) == len(ClaimStatus) + 2 * len(ratings) + 1

    assert low_contrast(on_card + on_page) == []

    states = {}
    for badge in on_card:
        if "verdict--none" in badge["classes"]:
            continue
        state = re.search(r"(?:badge|verdict)--(?!draft)[\w-]+", badge["classes"]).group(0)
        states.setdefault(state, set()).add(rgba(state_colour(badge)))
    # A draft is drawn in its verdict's colour...
    assert all(len(colours) == 1 for colours in states.values()), states
    # ...and no two states, statuses and verdicts together, share one.
    colours = [next(iter(c)) for c in states.values()]
    assert len(set(colours)) == len(states) == len(ClaimStatus) + len(ratings), states


def test_every_report_verdict_reads_at_aa_contrast_in_a_colour_of_its_own(
    live_server: str, new_page, session: orm.Session
) -> None:
    page = new_page()
    log_in(page, live_server, "rhea")
    page.goto(f"{live_server}/reports/preview")
    ratings = session.scalars(sa.select(Rating).order_by(Rating.position)).all()
    # The markup models/reports/html_claim.py writes for a claim's verdict.
    markup = "".join(
        f'<span class="verdict verdict--{r.slug}">{r.label}</span> '
        f'<span class="verdict verdict--{r.slug} verdict--draft">{r.label} (draft)</span> '
        for r in ratings
    )
    page.evaluate(
        """(markup) => document.querySelector('.cd-report')
             .insertAdjacentHTML('beforeend', `<p id="every-verdict">${markup}</p>`)""",
        markup,
    )
    badges = measured(page, "#every-verdict .verdict")
    assert low_contrast(badges) == []
    filled = {rgba(b["layers"][0]) for b in badges if "draft" not in b["classes"]}
    assert len(filled) == len(ratings)

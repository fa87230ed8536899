"""What the web edge accepts before any view runs: ids in URLs, UTF-8, numbers, search words.

Numbers and text themselves follow models.text.inputs; this module applies those rules to
what only the web has: URL path segments, raw query strings and form bodies.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter
from wtforms import IntegerField, StringField
from wtforms.validators import Length, Optional

from models.errors import ValidationError
from models.read.search import check_search
from models.text.inputs import ID_MAX, parse_whole_number, whole_number

FORM_MIMETYPE = "application/x-www-form-urlencoded"


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: at most 18 ASCII digits, so always inside 64 bits.

    Werkzeug's own reads any Unicode digit ("١٢" is 12) and any size, and a number past
    64 bits made the database driver fail. Here such a path matches no route: 404, and
    under /api/v1 the API's catch-all answers it in JSON. (Refusing in the regex, not in
    to_python, is what lets the catch-all see it; 10**18 ids are more than a desk needs.)
    """

    regex = r"[0-9]{1,18}"


class WholeNumberField(IntegerField):
    """A form's whole number (a claim version, an offset): ASCII digits, 0 to ID_MAX.

    WTForms' IntegerField takes whatever int() takes: "+1", "1_000", Arabic-Indic digits,
    and numbers no database column can hold.
    """

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return
        self.data = whole_number(valuelist[0])
        if self.data is None:
            raise ValueError(f"Write a whole number from 0 to {ID_MAX} in the digits 0–9.")


def init_app(app: Flask) -> None:
    """Replace the `int` URL converter, and refuse bytes that are not UTF-8 before any view.

    Call before blueprints are registered (their rules use the converter) and before CSRF
    protection (whose check reads the form).
    """
    app.url_map.converters["int"] = IdConverter
    app.before_request(_refuse_invalid_utf8)


def _is_utf8(raw: bytes) -> bool:
    """Tell whether a URL-encoded string decodes to UTF-8 text (its separators are ASCII)."""
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _refuse_invalid_utf8() -> None:
    # Werkzeug would keep such bytes as "%FF" or U+FFFD and a form would store that text.
    if not _is_utf8(request.query_string):
        abort(400, description="The address's query string is not valid UTF-8 text.")
    if request.mimetype == FORM_MIMETYPE and not _is_utf8(request.get_data(cache=True)):
        abort(400, description="The form data is not valid UTF-8 text; nothing was saved.")


def query_number(name: str, *, minimum: int = 0) -> int | None:
    """Return the query parameter `name` as a whole number, None when absent; else 400."""
    value = request.args.get(name, "")
    if not value.strip():
        return None
    try:
        return parse_whole_number(value, name, minimum=minimum)
    except ValidationError as exc:
        abort(400, description=exc.message)


def list_search(value: str | None) -> tuple[str | None, str | None]:
    """Return a list page's search words on one line, and a note when they cannot be used.

    A list shows everything rather than an error page: words it cannot search with
    (too long, or with control characters) are dropped, and the note says so.
    """
    words = " ".join((value or "").split())
    if not words:
        return None, None
    try:
        return check_search(words), None
    except ValidationError as exc:
        return None, f"Not searched: {exc.message}."


SPEAKER_HINT = "Type a name or alias and pick the speaker; leave empty if nobody is quoted."


def speaker_field() -> StringField:
    """Return the claim's speaker field, the same on the new-claim and edit-claim forms.

    Typed (a name, an alias or an id) with the speakers type-ahead picker (lookup.js);
    the service resolves what was typed and refuses a name that matches nobody.
    """
    return StringField(
        "Speaker",
        validators=[Optional(), Length(max=200)],
        description=SPEAKER_HINT,
        render_kw={"data-lookup": "speakers", "autocomplete": "off"},
    )

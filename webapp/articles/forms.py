"""Forms for bringing in articles and logging claims in them."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    RadioField,
    SelectChoice,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional
from wtforms.widgets import HiddenInput

from models.tables.claim import SUMMARY_MAX
from models.text.inputs import normalise_newlines

from ..inputs import WholeNumberField, speaker_field
from ..versions import VersionedEditForm


def _crlf_to_lf(value: str | None) -> str | None:
    # browsers send line breaks in form fields as CRLF; the stored body uses LF
    return normalise_newlines(value) if isinstance(value, str) else value


class ArticleMetaForm(FlaskForm):
    """An article's metadata; the service checks required fields and addresses."""

    title = StringField("Title")
    url = StringField("Web address", render_kw={"type": "url", "inputmode": "url"})
    author = StringField("Author")
    publisher = StringField("Publisher")
    published = DateField("Published on", validators=[Optional()])
    language = StringField(
        "Language",
        render_kw={"autocomplete": "off", "spellcheck": "false", "placeholder": "en"},
    )
    submit = SubmitField("Save changes")


class ArticleEditForm(VersionedEditForm, ArticleMetaForm):
    """An article's metadata as shown for editing, with the version it showed."""


class ArticleForm(ArticleMetaForm):
    """A new article: its metadata and the full text claims will anchor in."""

    body = TextAreaField(
        "Article text", filters=[_crlf_to_lf], render_kw={"rows": 16, "spellcheck": "false"}
    )
    submit = SubmitField("Add article")


class QuoteSelection(FlaskForm):
    """Words of an article: typed (and which occurrence), or a selection's offsets and context.

    The server checks either against the article's text; the forms that place words
    (a new claim, a lost claim placed again) share these fields.
    """

    quote = TextAreaField(
        "Quote, word for word from the article", filters=[_crlf_to_lf], render_kw={"rows": 3}
    )
    occurrence = WholeNumberField(
        "Which occurrence (if the words appear more than once)",
        validators=[Optional(), NumberRange(min=1, message="Count from 1.")],
        render_kw={"min": 1, "inputmode": "numeric"},
    )
    # Filled from a selection in the page's text: the server re-checks them against the body.
    start = WholeNumberField(widget=HiddenInput(), validators=[Optional()])
    prefix = HiddenField(filters=[_crlf_to_lf])
    suffix = HiddenField(filters=[_crlf_to_lf])


class ClaimForm(QuoteSelection):
    """A claim: its exact words (typed, or a selection's offsets and context), and more."""

    summary = StringField(
        f"Summary (at most {SUMMARY_MAX} characters)",
        render_kw={"data-counter": SUMMARY_MAX, "autocomplete": "off"},
    )
    text = TextAreaField("Claim text (leave empty to use the quote)", render_kw={"rows": 3})
    speaker = speaker_field()
    # Offered only when the speaker typed is new to the desk (with the closest names).
    new_speaker = BooleanField("Add this name as a new speaker")
    # The suggested claim this one was logged from, its words edited first.
    suggestion = WholeNumberField(widget=HiddenInput(), validators=[Optional()])
    submit = SubmitField("Add claim")


class SuggestionForm(FlaskForm):
    """Accept a suggested claim: its summary and speaker as the editor confirms them."""

    summary = StringField(
        f"Summary (at most {SUMMARY_MAX} characters)",
        render_kw={"data-counter": SUMMARY_MAX, "autocomplete": "off"},
    )
    speaker = speaker_field()
    new_speaker = BooleanField("Add this name as a new speaker")


class AcceptAboveForm(FlaskForm):
    """Accept every open suggestion of an article scoring at least this much."""

    score = DecimalField(
        "Accept every suggestion scoring at least",
        places=2,
        validators=[NumberRange(min=0, max=1, message="A score is between 0 and 1.")],
        render_kw={"min": 0, "max": 1, "step": 0.05, "inputmode": "decimal"},
    )


class PlaceClaimForm(QuoteSelection, VersionedEditForm):
    """Where a lost claim's words are in the current text: a selection's, or typed ones."""

    quote = TextAreaField(
        "Its words in the current text", filters=[_crlf_to_lf], render_kw={"rows": 3}
    )
    submit = SubmitField("Place it here")


class ReplaceTextForm(FlaskForm):
    """An article's new text (pasted, uploaded, or read again from its address) and why."""

    source = RadioField(
        "Where the new text comes from",
        choices=[
            SelectChoice("paste", "Pasted below"),
            SelectChoice("file", "A file: plain text, Markdown or a saved web page"),
            SelectChoice("address", "Read again from the article's address"),
        ],
        default="paste",
    )
    body = TextAreaField(
        "New text", filters=[_crlf_to_lf], render_kw={"rows": 16, "spellcheck": "false"}
    )
    file = FileField("File")
    reason = TextAreaField(
        "Why the text changes",
        validators=[InputRequired("Say why the text changes (readers of the history need it).")],
        render_kw={"rows": 2, "placeholder": "The publisher corrected the figure in paragraph 3"},
    )
    version = WholeNumberField(
        widget=HiddenInput(),
        validators=[InputRequired("This form lost track of what it showed; reload the page.")],
    )
    submit = SubmitField("Replace the text")

"""Forms of the claim list and the claim page.

Every form that changes a claim carries the claim version the page was rendered with, so
the service can refuse a change made on top of someone else's unseen one. Choices that
come from the database (ratings, members) are filled in by the view; speakers and
sources, too many to list, are typed (a name, a title, an address or an id) and picked
from a lookup as one types.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Form,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from models.read.search import SEARCH_MAX
from models.services.sourcing import EXCERPT_MAX
from models.services.workflow import COMMENT_MAX, EXPLANATION_MAX, REASON_MAX
from models.tables.claim import SUMMARY_MAX, TEXT_MAX
from models.tables.enums import ClaimStatus, SourceKind, Stance
from models.text.urls import URL_MAX

from ..inputs import WholeNumberField, speaker_field


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Return (value, label) pairs as the options of a select field."""
    return [SelectChoice(value, label) for value, label in pairs]


SORT_CHOICES = options(
    [
        ("position", "Article order"),
        ("updated", "Recently updated"),
        ("created", "Recently logged"),
        ("status", "Status"),
    ]
)
STANCE_CHOICES = options((s.value, s.value.capitalize()) for s in Stance)


class ClaimFilterForm(Form):
    """The claim list's filter bar: a GET form, so its URL can be shared (no CSRF).

    Article, speaker and assignee are typed (a name or an id), not picked from a list of
    the whole desk; `data-lookup` lets the type-ahead script offer matches as one types.
    """

    q = SearchField("Words", validators=[Optional(), Length(max=SEARCH_MAX)])
    article = StringField(
        "Article",
        render_kw={"data-lookup": "articles", "placeholder": "Title or id", "autocomplete": "off"},
    )
    speaker = StringField(
        "Speaker",
        render_kw={"data-lookup": "speakers", "placeholder": "Name or id", "autocomplete": "off"},
    )
    status = SelectField(
        "Status",
        choices=options([("", "Any status"), *((s.value, s.label) for s in ClaimStatus)]),
        validate_choice=False,
    )
    rating = SelectField("Verdict", choices=options([("", "Any verdict")]), validate_choice=False)
    assignee = StringField(
        "Assignee",
        render_kw={
            "data-lookup": "members",
            "placeholder": "me, none, a username or id",
            "autocomplete": "off",
        },
    )
    stance = SelectField(
        "Has a source that",
        choices=options([("", "Any sources"), *((s.value, s.value) for s in Stance)]),
        validate_choice=False,
    )
    sort = SelectField("Sort by", choices=SORT_CHOICES, validate_choice=False)


class VersionedForm(FlaskForm):
    """A form that changes a claim: it remembers which version of the claim it was shown."""

    version = WholeNumberField(
        widget=HiddenInput(),
        validators=[InputRequired("This form lost track of the claim; reload the page.")],
    )


class StartReviewForm(VersionedForm):
    pass


class MatchDecisionForm(FlaskForm):
    """Confirm or reject a possible match (the button pressed says which)."""


class ReuseVerdictForm(VersionedForm):
    """Propose a confirmed match's approved verdict, with its sources."""


class VerdictForm(VersionedForm):
    """A verdict, and optionally the source it rests on, linked in the same step.

    The source part's fields carry a cite_ prefix: the page's own link form has fields of
    the same names, and ids must stay unique on the page.
    """

    rating = SelectField("Verdict", validators=[InputRequired("Choose a verdict.")])
    explanation = TextAreaField(
        "Explanation",
        validators=[
            DataRequired("Explain the verdict: what do the sources show?"),
            Length(max=EXPLANATION_MAX),
        ],
    )
    cite_source = StringField(
        "Recorded source",
        validators=[Optional(), Length(max=URL_MAX)],
        render_kw={"data-lookup": "sources", "autocomplete": "off"},
    )
    cite_url = StringField("Or a new address (URL)", validators=[Optional(), Length(max=URL_MAX)])
    cite_title = StringField("Its title", validators=[Optional(), Length(max=500)])
    cite_stance = SelectField(
        "Stance", choices=[SelectChoice("", "Choose a stance…"), *STANCE_CHOICES], default=""
    )
    cite_excerpt = TextAreaField(
        "Excerpt that bears on the claim", validators=[Optional(), Length(max=EXCERPT_MAX)]
    )

    def cites(self) -> bool:
        """Tell whether a source was given with the verdict."""
        return bool((self.cite_source.data or "").strip() or (self.cite_url.data or "").strip())

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, then that the source part is whole or left empty."""
        valid = super().validate(extra_validators)
        described = [self.cite_title, self.cite_stance, self.cite_excerpt]
        if self.cites() and not self.cite_stance.data:
            self.cite_stance.errors.append("Choose the stance the source takes.")
            valid = False
        elif not self.cites() and any((f.data or "").strip() for f in described):
            self.cite_url.errors.append("Give the new source's address, or pick a recorded source.")
            valid = False
        return valid


class ApproveForm(VersionedForm):
    pass


class ReopenForm(VersionedForm):
    reason = TextAreaField(
        "Reason for reopening",
        validators=[DataRequired("Say why the verdict is reopened."), Length(max=REASON_MAX)],
    )
    # Reopening a published verdict writes a public correction: the view asks for this
    # box then (the page's script also asks, and takes a ticked box as the answer).
    confirm = BooleanField(
        "Yes, withdraw the published verdict and publish a correction",
        render_kw={"data-confirms": ""},
    )


class AssignForm(VersionedForm):
    assignee = SelectField("Assign to", choices=options([("", "Nobody")]), default="")


class CommentForm(FlaskForm):
    # Comments are only ever added, never change the claim: no version to check.
    comment = TextAreaField(
        "Comment",
        validators=[DataRequired("Write the comment first."), Length(max=COMMENT_MAX)],
    )


class LinkSourceForm(VersionedForm):
    source = StringField(
        "Recorded source",
        validators=[Optional(), Length(max=URL_MAX)],
        render_kw={"data-lookup": "sources", "autocomplete": "off"},
    )
    url = StringField("Address (URL)", validators=[Optional(), Length(max=URL_MAX)])
    title = StringField("Title", validators=[Optional(), Length(max=500)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=200)])
    published = DateField("Published", validators=[Optional()])
    kind = SelectField(
        "Kind",
        choices=options((k.value, k.label) for k in SourceKind),
        default=SourceKind.OTHER.value,
    )
    archive_url = StringField("Archived copy (URL)", validators=[Optional(), Length(max=URL_MAX)])
    stance = SelectField(
        "Stance", choices=STANCE_CHOICES, validators=[InputRequired("Choose a stance.")]
    )
    excerpt = TextAreaField(
        "Excerpt that bears on the claim", validators=[Optional(), Length(max=EXCERPT_MAX)]
    )


class UnlinkSourceForm(VersionedForm):
    pass


class EditClaimForm(VersionedForm):
    summary = StringField(
        "Summary",
        validators=[DataRequired("A claim needs a summary."), Length(max=SUMMARY_MAX)],
    )
    text = TextAreaField(
        "Claim text",
        validators=[DataRequired("A claim needs its text."), Length(max=TEXT_MAX)],
    )
    speaker = speaker_field()

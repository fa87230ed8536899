"""Forms for recording and editing sources."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, StringField, SubmitField, URLField
from wtforms.validators import DataRequired, Length, Optional

from models.tables.enums import SourceKind
from models.text.urls import URL_MAX

from ..versions import VersionedEditForm

KIND_CHOICES = [SelectChoice(kind.value, kind.label) for kind in SourceKind]


class SourceForm(FlaskForm):
    # The address's scheme, host and uniqueness are checked by models.services.sourcing, not here.
    url = URLField("Address (URL)", validators=[DataRequired(), Length(max=URL_MAX)])
    title = StringField("Title", validators=[DataRequired(), Length(max=500)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=200)])
    published = DateField("Published", validators=[Optional()])
    kind = SelectField("Kind", choices=KIND_CHOICES, default=SourceKind.OTHER.value)
    archive_url = URLField("Archived copy (URL)", validators=[Optional(), Length(max=URL_MAX)])
    submit = SubmitField("Save source")


class SourceEditForm(VersionedEditForm, SourceForm):
    """A source as shown for editing, with the version it showed."""

"""Forms for adding and editing speakers."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField

from ..versions import VersionedEditForm


class SpeakerForm(FlaskForm):
    """A speaker; the service checks the name, the address and the aliases."""

    name = StringField("Name")
    description = TextAreaField("Description", render_kw={"rows": 3})
    same_as = StringField(
        "Identifier URL (e.g. Wikidata)", render_kw={"type": "url", "inputmode": "url"}
    )
    aliases = StringField("Aliases, separated by commas")
    submit = SubmitField("Save speaker")


class SpeakerEditForm(VersionedEditForm, SpeakerForm):
    """A speaker as shown for editing, with the version it showed."""

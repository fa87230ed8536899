"""Forms for creating and revoking API tokens."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from models.tables.api_token import NAME_MAX

# (days, label); "0" means the token lasts until it is revoked
LIFETIMES = [
    SelectChoice("0", "Until revoked"),
    SelectChoice("30", "30 days"),
    SelectChoice("90", "90 days"),
    SelectChoice("365", "One year"),
]


class TokenForm(FlaskForm):
    name = StringField(
        "Name", validators=[DataRequired(message="Give the token a name."), Length(max=NAME_MAX)]
    )
    lifetime = SelectField("Expires", choices=LIFETIMES, default="90")
    submit = SubmitField("Create token")


class RevokeForm(FlaskForm):
    submit = SubmitField("Revoke")

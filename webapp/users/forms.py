"""Forms for managing desk members (admins only)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from models.tables.enums import Role

from ..versions import VersionedEditForm

ROLE_CHOICES = [
    SelectChoice(
        Role.REVIEWER.value, "Reviewer: researches claims, proposes and approves verdicts"
    ),
    SelectChoice(Role.EDITOR.value, "Editor: also adds articles, claims, speakers and sources"),
    SelectChoice(Role.ADMIN.value, "Admin: also manages users"),
]

# Username shape and password length are checked by models.services.accounts, one rule in one place.


class NewUserForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=40)])
    display_name = StringField("Display name", validators=[Optional(), Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.REVIEWER.value)
    password = PasswordField("Initial password", validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo("password", "Does not match.")],
    )
    submit = SubmitField("Add user")


class EditUserForm(VersionedEditForm):
    display_name = StringField("Display name", validators=[DataRequired(), Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES)
    active = BooleanField("Active (may log in)")
    submit = SubmitField("Save changes")


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("password", "Does not match.")],
    )
    submit = SubmitField("Set password")

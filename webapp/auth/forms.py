"""Forms for logging in and changing one's password."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from models.services.accounts import PASSWORD_MIN


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=40)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    submit = SubmitField("Log in")


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired()])
    new = PasswordField("New password", validators=[DataRequired(), Length(min=PASSWORD_MIN)])
    confirm = PasswordField(
        "Repeat the new password", validators=[DataRequired(), EqualTo("new", "Does not match.")]
    )
    submit = SubmitField("Change password")


class LogoutForm(FlaskForm):
    submit = SubmitField("Log out")

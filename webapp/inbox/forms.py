"""The inbox's one form: mark everything read."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SubmitField


class MarkAllReadForm(FlaskForm):
    submit = SubmitField("Mark all read")

"""Forms to withdraw and restore an article, a claim or a source."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import HiddenInput

from models.services.withdrawals import REASON_MAX

from ..inputs import WholeNumberField


class RestoreForm(FlaskForm):
    """Bring a withdrawn record back; it remembers the version it was shown."""

    version = WholeNumberField(widget=HiddenInput())


class WithdrawForm(RestoreForm):
    """Set a record aside, saying why (the reason goes into the audit trail)."""

    reason = TextAreaField(
        "Why is it withdrawn?",
        validators=[
            DataRequired("Say why it is withdrawn: the reason stays in the audit trail."),
            Length(max=REASON_MAX),
        ],
    )

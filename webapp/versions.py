"""Edit forms that remember the version of the record they showed (optimistic locking).

Two editors saving one article, speaker, source or member no longer undo each other:
the second save is refused (409) with the values saved meanwhile shown beside what was
typed, which is kept; saving once more then knowingly replaces the other person's values.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from models.errors import DomainError, StaleVersion

from .errors import form_error
from .inputs import WholeNumberField


class VersionedEditForm(FlaskForm):
    """Mixed into an edit form: the record's version, sent back with the changes."""

    version = WholeNumberField(
        widget=HiddenInput(),
        validators=[InputRequired("This form lost track of what it showed; reload the page.")],
    )


def saved_meanwhile(form: FlaskForm, record: Any, exc: StaleVersion) -> list[tuple[str, str]]:
    """Return (label, saved value) for each field someone else saved differently.

    Call after the refused change was rolled back, so `record` shows what is stored.
    The form's version moves to the stored one, so that saving again keeps the typed
    values on purpose.
    """
    form.version.data = exc.current_version
    form.version.raw_data = [str(exc.current_version)]
    differences = []
    for field in form:
        if field.name in {"version", "csrf_token", "submit"} or not hasattr(record, field.name):
            continue
        stored = getattr(record, field.name)
        stored_text = "" if stored is None else getattr(stored, "value", stored)
        typed = "" if field.data is None else field.data
        if str(stored_text).strip() != str(typed).strip():
            differences.append((str(field.label.text), str(stored_text) or "(empty)"))
    return differences


def refuse_edit(
    form: FlaskForm, record: Any, exc: DomainError, default_field: str
) -> tuple[int, list[tuple[str, str]]]:
    """Show a refused edit in its form; return the status and what was saved meanwhile."""
    status = form_error(form, exc, default_field)
    meanwhile = saved_meanwhile(form, record, exc) if isinstance(exc, StaleVersion) else []
    return status, meanwhile

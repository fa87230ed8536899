"""Find the record a URL names, or answer 404: the one lookup every blueprint uses.

The HTML pages show the message on the desk's error page; the API answers it as JSON
(its blueprint renders every HTTP error that way).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from flask import abort

from .db import get_session

T = TypeVar("T")


def get_or_404(model: type[T], record_id: int, noun: str, *, options: Sequence[Any] = ()) -> T:
    """Return the `noun` with `record_id` (relations loaded per `options`), or answer 404."""
    record = get_session().get(model, record_id, options=options)
    if record is None:
        abort(404, description=f"There is no {noun} {record_id}.")
    return record

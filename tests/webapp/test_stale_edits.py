"""Two people saving one article, speaker, source or member form: the second is refused.

The refused form keeps what its author typed, shows what was saved meanwhile, and a
second save then knowingly replaces it. Nothing is silently undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from models import Article, Source, Speaker, User
from models.services.speakers import create_speaker

from ..factories import make_article, make_source
from .conftest import post


@dataclass
class Case:
    model: type
    role: str
    make: Any  # (session, members) -> record
    path: str  # edit form path, {id} filled in
    form: Any  # (record, title) -> the form's fields
    field: str  # the attribute the form changes


CASES = {
    "article": Case(
        Article,
        "editor",
        lambda session, members: make_article(session),
        "/articles/{id}/edit",
        lambda record, text: {"title": text, "url": record.url or ""},
        "title",
    ),
    "source": Case(
        Source,
        "editor",
        lambda session, members: make_source(session),
        "/sources/{id}/edit",
        lambda record, text: {"url": record.url, "title": text, "kind": "other"},
        "title",
    ),
    "speaker": Case(
        Speaker,
        "editor",
        lambda session, members: create_speaker(session, "Ada Lovelace", actor=None),
        "/speakers/{id}/edit",
        lambda record, text: {"name": text},
        "name",
    ),
    "member": Case(
        User,
        "admin",
        lambda session, members: members.reviewer2,
        "/users/{id}",
        lambda record, text: {"display_name": text, "role": "reviewer", "active": "y"},
        "display_name",
    ),
}


@pytest.mark.parametrize("kind", CASES)
def test_a_stale_save_is_refused_and_loses_nothing(app, client, session, members, kind) -> None:
    case = CASES[kind]
    record = case.make(session, members)
    session.commit()
    path = case.path.format(id=record.id)
    first, second = app.test_client(), client
    for browser in (first, second):
        from .conftest import login

        login(browser, getattr(members, case.role))
    # Both open the form at version 1; the first saves.
    shown = str(record.version)
    assert (
        post(first, path, {**case.form(record, "First edit"), "version": shown}).status_code == 302
    )

    response = post(second, path, {**case.form(record, "Second edit"), "version": shown})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone saved this" in page and "Nothing was changed" in page
    assert "Saved meanwhile" in page and "First edit" in page  # theirs, shown
    assert 'value="Second edit"' in page  # mine, kept in the form
    stored = session.scalar(sa.select(case.model).where(case.model.id == record.id))
    assert getattr(stored, case.field) == "First edit"

    # Saving again (the form now carries the current version) keeps my value on purpose.
    current = str(stored.version)
    assert f'name="version" type="hidden" value="{current}"' in page
    again = post(second, path, {**case.form(record, "Second edit"), "version": current})
    assert again.status_code == 302
    session.expire_all()
    assert getattr(session.get(case.model, record.id), case.field) == "Second edit"

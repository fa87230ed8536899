"""Editing speakers after they were brought in: name, description, identifier, aliases."""

from __future__ import annotations

from sqlalchemy import orm

from .article import Speaker
from .errors import NotFound
from .intake import add_alias, alias_key, check_speaker_name, clean_text
from .locking import check_version
from .permissions import Action, require
from .urls import check_url
from .user import User


def split_aliases(text: str | None) -> list[str]:
    """Return the names in a comma-separated list, stripped, without empty ones."""
    return [name.strip() for name in (text or "").split(",") if name.strip()]


def update_speaker(
    session: orm.Session,
    speaker: Speaker,
    *,
    actor: User | None,
    name: str,
    description: str | None = None,
    same_as: str | None = None,
    aliases: list[str] | None = None,
    expected_version: int | None = None,
) -> None:
    """Change a speaker's details; `aliases`, when given, becomes the full alias list.

    The name itself always stays an alias, so claims can keep naming the speaker by it.
    """
    require(actor, Action.EDIT_SPEAKER)
    check_version(speaker, expected_version, "speaker")
    name = clean_text(name, "name", limit=200) or ""
    check_speaker_name(session, name, speaker=speaker)
    speaker.name = name
    speaker.description = clean_text(description, "description", limit=2000, required=False)
    speaker.same_as = check_url(same_as, field="same_as") if same_as and same_as.strip() else None
    wanted = [name, *(aliases if aliases is not None else [a.alias for a in speaker.aliases])]
    keys = {alias_key(alias) for alias in wanted}
    for row in list(speaker.aliases):
        if row.alias_key not in keys:
            speaker.aliases.remove(row)
    for alias in wanted:
        add_alias(session, speaker, alias, actor=actor)
    session.flush()


def require_speaker(session: orm.Session, speaker_id: int) -> Speaker:
    """Return the speaker with `speaker_id` or raise NotFound."""
    speaker = session.get(Speaker, speaker_id)
    if speaker is None:
        raise NotFound(f"no speaker {speaker_id}")
    return speaker

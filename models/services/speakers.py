"""Speakers: find them by any of their names, add them, edit them and their aliases."""

from __future__ import annotations

import sqlalchemy as sa
from rapidfuzz import fuzz, process, utils
from sqlalchemy import orm

from ..errors import Conflict, NotFound
from ..permissions import Action, require
from ..tables.speaker import Speaker, SpeakerAlias, alias_key
from ..tables.user import User
from ..text.inputs import clean_text, control_character, whole_number
from ..text.urls import check_url
from .locking import check_version


def find_speaker(session: orm.Session, name: str) -> Speaker | None:
    """Return the speaker whose name or alias is `name` (any case), or None."""
    key = alias_key(name or "")
    if not key or control_character(key):  # no stored alias holds one
        return None
    return session.scalar(
        sa.select(Speaker).join(SpeakerAlias).where(SpeakerAlias.alias_key == key)
    )


class UnknownSpeaker(NotFound):
    """A claim names a speaker the desk does not know; `closest` are the nearest names.

    Shown next to the speaker field with an offer to add the name as a new speaker, so
    "Whole Foods" does not silently become a second "Whole Foods Market".
    """

    def __init__(self, name: str, closest: list[str]) -> None:
        hint = f"; closest: {', '.join(closest)}" if closest else ""
        super().__init__(f"no speaker called {name!r}{hint}", field="speaker")
        self.name = name
        self.closest = closest


# How alike two names must be (rapidfuzz's WRatio, 0-100) to be offered as "did you mean".
CLOSE_NAME_SCORE = 70
# Names compared per lookup: a desk's speakers are hundreds to a few thousand.
_CLOSE_NAME_POOL = 20_000


def closest_speakers(session: orm.Session, name: str, *, limit: int = 3) -> list[str]:
    """Return the names of up to `limit` speakers whose name or alias is closest to `name`."""
    rows = session.execute(
        sa.select(SpeakerAlias.alias, Speaker.name)
        .join(Speaker, Speaker.id == SpeakerAlias.speaker_id)
        .limit(_CLOSE_NAME_POOL)
    ).all()
    if not rows or not name.strip():
        return []
    matches = process.extract(
        name,
        [alias for alias, _ in rows],
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        score_cutoff=CLOSE_NAME_SCORE,
        limit=limit * 4,
    )
    names: list[str] = []
    for _alias, _score, index in matches:
        speaker_name = rows[index][1]
        if speaker_name not in names:
            names.append(speaker_name)
    return names[:limit]


def resolve_speaker(session: orm.Session, name: str) -> Speaker:
    """Return the speaker that `name` names (a name, an alias, or an id in digits, as a
    picker sends it), or refuse with a clear message and the closest names."""
    number = whole_number(name, minimum=1)
    speaker = session.get(Speaker, number) if number is not None else None
    speaker = speaker or find_speaker(session, name)
    if speaker is None:
        raise UnknownSpeaker(name, closest_speakers(session, name))
    return speaker


def speaker_for_claim(
    session: orm.Session, name: str, *, actor: User | None, create: bool = False
) -> Speaker:
    """Return the speaker a claim names; with `create`, add an unknown name as a new one.

    A name in digits is a picker's id and is never created as a name.
    """
    try:
        return resolve_speaker(session, name)
    except UnknownSpeaker:
        if not create or whole_number(name, minimum=1) is not None:
            raise
    return create_speaker(session, name, actor=actor)


def check_speaker_name(session: orm.Session, name: str, *, speaker: Speaker | None = None) -> None:
    """Refuse `name` when it names a speaker other than `speaker` (as a name or an alias).

    Checked before the speaker is added: a duplicate must be a clear refusal, not the
    unique key's error when the session next flushes.
    """
    owner = find_speaker(session, name)
    if owner is not None and owner is not speaker:
        raise Conflict(f"{name!r} already names {owner.name}", field="name")
    namesake = session.scalar(sa.select(Speaker).where(Speaker.name == name))
    if namesake is not None and namesake is not speaker:
        raise Conflict(f"another speaker is called {name!r}", field="name")


def create_speaker(
    session: orm.Session,
    name: str,
    *,
    actor: User | None,
    description: str | None = None,
    same_as: str | None = None,
    aliases: list[str] | tuple[str, ...] = (),
) -> Speaker:
    """Add a speaker with its aliases; each name can point at one speaker only."""
    require(actor, Action.EDIT_SPEAKER)
    name = clean_text(name, "name", limit=200)
    check_speaker_name(session, name)
    speaker = Speaker(
        name=name,
        description=clean_text(description, "description", limit=2000, required=False),
        same_as=check_url(same_as, field="same_as") if same_as and same_as.strip() else None,
    )
    session.add(speaker)
    for alias in [name, *aliases]:
        add_alias(session, speaker, alias, actor=actor)
    session.flush()
    return speaker


def add_alias(session: orm.Session, speaker: Speaker, alias: str, *, actor: User | None) -> None:
    """Let `alias` name `speaker`; refuse it when it already names someone else."""
    require(actor, Action.EDIT_SPEAKER)
    alias = clean_text(alias, "alias", limit=200)
    key = alias_key(alias)
    if any(a.alias_key == key for a in speaker.aliases):
        return
    owner = find_speaker(session, alias)
    if owner is not None and owner is not speaker:
        raise Conflict(f"{alias!r} already names {owner.name}", field="aliases")
    speaker.aliases.append(SpeakerAlias(alias=alias, alias_key=key))


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

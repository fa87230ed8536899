"""Turn a report request's words (CLI options, URL parameters) into a ClaimFilter.

Only parses and validates; the filtering itself is models.read.claim_filter.ClaimFilter, the one
the claim list and the API use.
"""

from __future__ import annotations

from sqlalchemy import orm

from ..errors import NotFound, ValidationError
from ..read.claim_filter import ClaimFilter
from ..services.accounts import get_user
from ..services.speakers import find_speaker
from ..tables.article import Article
from ..tables.enums import Stance
from ..tables.speaker import Speaker
from ..tables.user import User
from ..text.inputs import is_digits, parse_whole_number
from .model import parse_rating, parse_status

UNASSIGNED = "none"


def report_filter(
    session: orm.Session,
    *,
    article: str | int | None = None,
    speaker: str | None = None,
    status: str | None = None,
    rating: str | None = None,
    assignee: str | int | None = None,
    stance: str | None = None,
    text: str | None = None,
) -> ClaimFilter:
    """Return the ClaimFilter these criteria describe; refuse unknown values clearly.

    `speaker` is a speaker id or a name/alias; `assignee` a user id, a username, or
    "none" for unassigned claims.
    """
    criteria: dict[str, object] = {}
    if article not in (None, ""):
        article_id = parse_whole_number(str(article), "article")
        if session.get(Article, article_id) is None:
            raise NotFound(f"there is no article {article_id}", field="article")
        criteria["article_id"] = article_id
    if speaker and speaker.strip():
        speaker = speaker.strip()
        if is_digits(speaker):
            speaker_id = parse_whole_number(speaker, "speaker")
            if session.get(Speaker, speaker_id) is None:
                raise NotFound(f"there is no speaker {speaker}", field="speaker")
            criteria["speaker_id"] = speaker_id
        elif find_speaker(session, speaker) is None:
            raise NotFound(f"no speaker is called {speaker!r}", field="speaker")
        else:
            criteria["speaker"] = speaker
    if status:
        criteria["status"] = parse_status(status)
    if rating:
        criteria["rating"] = parse_rating(session, rating)
    if assignee not in (None, ""):
        assignee = str(assignee).strip()
        if assignee.lower() == UNASSIGNED:
            criteria["unassigned"] = True
        else:
            user = (
                session.get(User, parse_whole_number(assignee, "assignee"))
                if is_digits(assignee)
                else get_user(session, assignee)
            )
            if user is None:
                raise NotFound(f"there is no member {assignee!r}", field="assignee")
            criteria["assignee_id"] = user.id
    if stance:
        try:
            criteria["stance"] = Stance(stance.strip().lower())
        except ValueError:
            valid = ", ".join(s.value for s in Stance)
            raise ValidationError(
                f"unknown stance {stance!r}; choose one of {valid}", field="stance"
            ) from None
    if text and text.strip():
        criteria["text"] = text.strip()
    return ClaimFilter(**criteria)  # type: ignore[arg-type]

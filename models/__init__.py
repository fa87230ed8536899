"""Claimdesk's domain: the tables, the rules, and the services that change them.

Plain SQLAlchemy 2.x; nothing here imports Flask, WTForms or webapp.
"""

from .article import Article, Speaker, SpeakerAlias
from .base import Base
from .claim import Claim, ClaimEvent, Comment, Correction, Rating
from .enums import ClaimStatus, Role, SourceKind, Stance
from .source import ClaimSource, Source
from .throttle import ThrottleCounter
from .tokens import ApiToken
from .user import User

__all__ = [
    "ApiToken",
    "Article",
    "Base",
    "Claim",
    "ClaimEvent",
    "ClaimSource",
    "ClaimStatus",
    "Comment",
    "Correction",
    "Rating",
    "Role",
    "Source",
    "SourceKind",
    "Speaker",
    "SpeakerAlias",
    "Stance",
    "ThrottleCounter",
    "User",
]

"""The tables: one declarative class per table (or close family), and the enums they store.

Importing this package maps every table, so relationships named by string resolve.
"""

from .api_token import ApiToken
from .article import Article
from .base import Base
from .claim import Claim
from .claim_counts import ClaimTally
from .claim_event import ClaimEvent
from .claim_match import ClaimMatch, MatchState
from .comment import Comment
from .correction import Correction
from .desk_event import DeskEvent
from .enums import ClaimStatus, Role, SourceKind, Stance
from .notification import Notification, NotificationKind
from .rating import Rating
from .revision import AnchorMethod, ArticleRevision, ClaimPlacement
from .source import ClaimSource, Source
from .speaker import Speaker, SpeakerAlias
from .suggestion import ClaimSuggestion, SuggestionState
from .throttle_counter import ThrottleCounter
from .user import User
from .withdrawal import withdrawn_index

for _model in (Article, Claim, Source):
    withdrawn_index(_model.__tablename__, _model.withdrawn_at)

__all__ = [
    "AnchorMethod",
    "ApiToken",
    "Article",
    "ArticleRevision",
    "Base",
    "Claim",
    "ClaimEvent",
    "ClaimMatch",
    "ClaimPlacement",
    "ClaimSource",
    "ClaimStatus",
    "ClaimSuggestion",
    "ClaimTally",
    "Comment",
    "Correction",
    "DeskEvent",
    "MatchState",
    "Notification",
    "NotificationKind",
    "Rating",
    "Role",
    "Source",
    "SourceKind",
    "Speaker",
    "SpeakerAlias",
    "Stance",
    "SuggestionState",
    "ThrottleCounter",
    "User",
]

"""The closed vocabularies of Claimdesk, stored as their string values."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    """What a desk member may do; each role includes the one before it."""

    REVIEWER = "reviewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _ROLE_RANK[self]

    def at_least(self, other: Role) -> bool:
        """Tell whether this role includes everything `other` may do."""
        return self.rank >= other.rank


_ROLE_RANK = {Role.REVIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


class ClaimStatus(enum.StrEnum):
    """Where a claim stands in the review workflow (apart from its verdict)."""

    UNREVIEWED = "unreviewed"
    IN_REVIEW = "in_review"
    VERDICT_PROPOSED = "verdict_proposed"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Stance(enum.StrEnum):
    """How a source bears on a claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


class SourceKind(enum.StrEnum):
    """What sort of document a source is."""

    DATASET = "dataset"
    OFFICIAL_REPORT = "official_report"
    NEWS = "news"
    INTERVIEW = "interview"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

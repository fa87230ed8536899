"""What the API answers: each record as plain JSON values.

A claim is the JSON export's claim record (models.reports.json_export.claim_record)
with keys added, never removed or renamed, so a client can read both the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from models import Article, Claim, ClaimSource, Source, Speaker, User
from models.reports.json_export import article_head, claim_record


def iso(moment: dt.date | dt.datetime | None) -> str | None:
    """Return a date or time in ISO 8601, or None."""
    return moment.isoformat() if moment is not None else None


def person(user: User | None) -> dict[str, Any] | None:
    """Return a desk member as id, username and display name."""
    if user is None:
        return None
    return {"id": user.id, "username": user.username, "display_name": user.display_name}


def source_resource(source: Source) -> dict[str, Any]:
    """Return a source's own fields."""
    return {
        "id": source.id,
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "published": iso(source.published),
        "kind": source.kind.value,
        "archive_url": source.archive_url,
        "accessed_at": iso(source.accessed_at),
        "created_at": iso(source.created_at),
    }


def _link(link: ClaimSource, *, full: bool) -> dict[str, Any]:
    record = {
        # the export's keys first, then the rest of the source
        "url": link.source.url,
        "title": link.source.title,
        "stance": link.stance.value,
        "excerpt": link.excerpt,
        "link_id": link.id,
        "source_id": link.source_id,
        "publisher": link.source.publisher,
        "published": iso(link.source.published),
        "kind": link.source.kind.value,
        "archive_url": link.source.archive_url,
        "added_at": iso(link.added_at),
    }
    if full:
        record["added_by"] = person(link.added_by)
    return record


def claim_resource(claim: Claim, *, full: bool = False) -> dict[str, Any]:
    """Return a claim: the export's record plus workflow fields; `full` adds comments.

    A list item (full=False) reads only what `claims_after` loads with the page.
    """
    record = claim_record(claim)
    record.update(
        {
            "article_id": claim.article_id,
            "speaker_id": claim.speaker_id,
            "version": claim.version,
            "rating_label": claim.rating.label if claim.rating else None,
            "rating_explanation": claim.rating_explanation,
            "assignee": person(claim.assignee),
            "proposed_at": iso(claim.proposed_at),
            "approved_at": iso(claim.approved_at),
            "created_at": iso(claim.created_at),
            "updated_at": iso(claim.updated_at),
            "sources": [_link(link, full=full) for link in claim.sources],
        }
    )
    if full:
        record.update(
            {
                "article": {"id": claim.article.id, "title": claim.article.title},
                "proposed_by": person(claim.proposed_by),
                "approved_by": person(claim.approved_by),
                "comments": [
                    {
                        "id": comment.id,
                        "author": person(comment.author),
                        "body": comment.body,
                        "created_at": iso(comment.created_at),
                    }
                    for comment in claim.comments
                ],
            }
        )
    return record


def article_resource(
    article: Article,
    *,
    claim_ids: list[int] | None = None,
    status_counts: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Return an article; with `claim_ids` it is the full record, body included."""
    if claim_ids is None:
        return {
            "id": article.id,
            "title": article.title,
            "url": article.url,
            "author": article.author,
            "publisher": article.publisher,
            "published": iso(article.published),
            "language": article.language,
            "created_at": iso(article.created_at),
            "version": article.version,
        }
    record = article_head(article)
    record.update(
        {
            "publisher": article.publisher,
            "created_at": iso(article.created_at),
            "claim_ids": claim_ids,
            "claims_by_status": status_counts or {},
            "version": article.version,
        }
    )
    return record


def speaker_resource(
    speaker: Speaker,
    *,
    claim_ids: list[int] | None = None,
    verdicts: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Return a speaker with aliases; the full record adds claims and verdict record."""
    record: dict[str, Any] = {
        "id": speaker.id,
        "name": speaker.name,
        "aliases": [alias.alias for alias in speaker.aliases if alias.alias != speaker.name],
        "description": speaker.description,
        "same_as": speaker.same_as,
    }
    if claim_ids is not None:
        record["claim_ids"] = claim_ids
        record["approved_verdicts"] = verdicts or {}
    return record


def source_detail(source: Source, links: list[ClaimSource]) -> dict[str, Any]:
    """Return a source with the claims it bears on (stance and excerpt for each)."""
    record = source_resource(source)
    record["claims"] = [
        {"claim_id": link.claim_id, "stance": link.stance.value, "excerpt": link.excerpt}
        for link in links
    ]
    return record

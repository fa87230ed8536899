"""The API's OpenAPI 3.1 description, built as a plain dict and served without a token.

A test checks that every /api/v1 route is described here and nothing else is, so the
document cannot drift from the code.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify
from werkzeug.wrappers import Response

from models import AnchorMethod, ClaimStatus, NotificationKind, SourceKind, Stance
from models.read.claims import ORDERS
from models.read.similar import SHOWN, SHOWN_MAX
from models.read.similar import TEXT_MAX as SIMILAR_TEXT_MAX
from models.text.inputs import ID_MAX

from .core import DEFAULT_LIMIT, MAX_LIMIT, bp

JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


STR = {"type": "string"}
INT = {"type": "integer"}
# An id or a version as the API reads it: a whole number the database can hold.
WHOLE = {**INT, "minimum": 1, "maximum": ID_MAX}
DATE = {"type": "string", "format": "date"}
TIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}
IDS = {"type": "array", "items": INT}


def _page(item: str) -> dict[str, Any]:
    return _obj(
        {
            "items": {"type": "array", "items": _ref(item)},
            "next_cursor": {
                **_nullable(STR),
                "description": "Pass as ?cursor= for the next page; null on the last page.",
            },
        },
        ["items", "next_cursor"],
    )


SCHEMAS: dict[str, Any] = {
    "Error": _obj(
        {
            "error": _obj(
                {
                    "status": INT,
                    "message": STR,
                    "field": {
                        **_nullable(STR),
                        "description": "The input the message is about, when there is one.",
                    },
                },
                ["status", "message", "field"],
            ),
            "needed_role": {**STR, "description": "On 403: the role the action needs."},
        },
        ["error"],
    ),
    "StaleVersion": {
        "description": "409 on a stale version: nothing was changed. Read the other "
        "person's change, then send again with current_version.",
        "allOf": [
            _ref("Error"),
            _obj(
                {
                    "current_version": INT,
                    "changes": _obj(
                        {
                            "version": INT,
                            "events": {
                                "type": "array",
                                "items": _obj(
                                    {
                                        "action": STR,
                                        "by": _nullable(STR),
                                        "at": TIME,
                                        "before": _nullable({"type": "object"}),
                                        "after": _nullable({"type": "object"}),
                                    }
                                ),
                            },
                        }
                    ),
                    "claim": _ref("Claim"),
                },
                ["current_version"],
            ),
        ],
    },
    "Notification": _obj(
        {
            "id": INT,
            "kind": {"enum": [k.value for k in NotificationKind]},
            "claim_id": INT,
            "claim_summary": STR,
            "actor": _ref("Person"),
            "comment_id": _nullable(INT),
            "created_at": TIME,
            "read_at": _nullable(TIME),
        },
        ["id", "kind", "claim_id", "claim_summary", "actor", "created_at", "read_at"],
    ),
    "NotificationPage": _obj(
        {
            "items": {"type": "array", "items": _ref("Notification")},
            "next_cursor": {
                **_nullable(STR),
                "description": "Pass as ?cursor= for the next page; null on the last page.",
            },
            "unread": {
                **INT,
                "description": f"Unread notifications, counted up to {MAX_LIMIT + 1}.",
            },
        },
        ["items", "next_cursor", "unread"],
    ),
    "Person": _nullable(
        _obj({"id": INT, "username": STR, "display_name": STR}, ["id", "username"])
    ),
    "Quote": {
        "description": "A W3C TextQuoteSelector plus offsets: body[start:end] == exact.",
        **_obj(
            {"exact": STR, "prefix": STR, "suffix": STR, "start": INT, "end": INT},
            ["exact", "prefix", "suffix", "start", "end"],
        ),
    },
    "LinkedSource": _obj(
        {
            "url": URL,
            "title": STR,
            "stance": {"enum": [s.value for s in Stance]},
            "excerpt": _nullable(STR),
            "link_id": INT,
            "source_id": INT,
            "publisher": _nullable(STR),
            "published": _nullable(DATE),
            "kind": {"enum": [k.value for k in SourceKind]},
            "archive_url": _nullable(URL),
            "added_at": TIME,
            "added_by": {**_ref("Person"), "description": "Only on a single claim."},
        },
        ["url", "title", "stance", "excerpt", "source_id"],
    ),
    "Comment": _obj(
        {"id": INT, "author": _ref("Person"), "body": STR, "created_at": TIME},
        ["id", "author", "body", "created_at"],
    ),
    "Claim": {
        "description": "The JSON export's claim record with workflow fields added. "
        "article, proposed_by, approved_by and comments come only with a single claim.",
        **_obj(
            {
                "id": INT,
                "text": STR,
                "summary": {**STR, "maxLength": 75},
                "speaker": {
                    **_nullable(STR),
                    "description": "The speaker's name; null for a claim with no speaker "
                    "(shown as 'No speaker' on pages and in reports).",
                },
                "status": {"enum": [s.value for s in ClaimStatus]},
                "rating": {**_nullable(STR), "description": "The verdict's slug."},
                "quote": _ref("Quote"),
                "sources": {"type": "array", "items": _ref("LinkedSource")},
                "article_id": INT,
                "speaker_id": _nullable(INT),
                "version": {**INT, "description": "Send it back with every change."},
                "rating_label": _nullable(STR),
                "rating_explanation": _nullable(STR),
                "assignee": _ref("Person"),
                "proposed_at": _nullable(TIME),
                "approved_at": _nullable(TIME),
                "created_at": TIME,
                "updated_at": TIME,
                "article": _obj({"id": INT, "title": STR}),
                "proposed_by": _ref("Person"),
                "approved_by": _ref("Person"),
                "comments": {"type": "array", "items": _ref("Comment")},
            },
            ["id", "text", "summary", "status", "rating", "quote", "sources", "version"],
        ),
    },
    "ArticleSummary": _obj(
        {
            "id": INT,
            "title": STR,
            "url": _nullable(URL),
            "author": _nullable(STR),
            "publisher": _nullable(STR),
            "published": _nullable(DATE),
            "language": {**_nullable(STR), "description": "A BCP 47 tag (en, zh-Hans), or null."},
            "created_at": TIME,
            "version": {**INT, "description": "Send it back with a change."},
        },
        ["id", "title"],
    ),
    "Article": {
        "allOf": [
            _ref("ArticleSummary"),
            _obj(
                {
                    "body": STR,
                    "claim_ids": {**IDS, "description": "In reading order."},
                    "claims_by_status": {"type": "object", "additionalProperties": INT},
                },
                ["body", "claim_ids"],
            ),
        ]
    },
    "Source": _obj(
        {
            "id": INT,
            "url": URL,
            "title": STR,
            "publisher": _nullable(STR),
            "published": _nullable(DATE),
            "kind": {"enum": [k.value for k in SourceKind]},
            "archive_url": _nullable(URL),
            "accessed_at": _nullable(TIME),
            "created_at": TIME,
        },
        ["id", "url", "title", "kind"],
    ),
    "SourceDetail": {
        "allOf": [
            _ref("Source"),
            _obj(
                {
                    "claims": {
                        "type": "array",
                        "items": _obj(
                            {
                                "claim_id": INT,
                                "stance": {"enum": [s.value for s in Stance]},
                                "excerpt": _nullable(STR),
                            }
                        ),
                    }
                },
                ["claims"],
            ),
        ]
    },
    "Speaker": _obj(
        {
            "id": INT,
            "name": STR,
            "aliases": {"type": "array", "items": STR},
            "description": _nullable(STR),
            "same_as": _nullable(URL),
        },
        ["id", "name", "aliases"],
    ),
    "SpeakerDetail": {
        "allOf": [
            _ref("Speaker"),
            _obj(
                {
                    "claim_ids": IDS,
                    "approved_verdicts": {
                        "type": "object",
                        "additionalProperties": INT,
                        "description": "Approved verdicts by rating slug.",
                    },
                },
                ["claim_ids", "approved_verdicts"],
            ),
        ]
    },
    "ArticlePage": _page("ArticleSummary"),
    "ClaimPage": _page("Claim"),
    "SimilarClaims": _obj(
        {
            "items": {
                "type": "array",
                "items": _obj(
                    {
                        "claim": _ref("Claim"),
                        "score": {
                            "type": "number",
                            "minimum": 0,
                            "maximum": 1,
                            "description": "How alike: 1.0 is the same words.",
                        },
                        "match": {
                            "type": "boolean",
                            "description": "The score passes the threshold the claim page "
                            "uses for 'possibly the same claim'.",
                        },
                    },
                    ["claim", "score", "match"],
                ),
            }
        },
        ["items"],
    ),
    "SourcePage": _page("Source"),
    "SpeakerPage": _page("Speaker"),
    "VerdictInput": _obj(
        {
            "rating": {**STR, "description": "A rating slug, e.g. mostly-true."},
            "explanation": STR,
            "version": WHOLE,
        },
        ["rating", "explanation", "version"],
    ),
    "ApproveInput": _obj({"version": WHOLE}, ["version"]),
    "ArticleTextInput": {
        "description": "The article's new text, why it changes, and the version read. The "
        "old text is kept as a revision; every claim is found again in the new one.",
        **_obj({"body": STR, "reason": STR, "version": WHOLE}, ["body", "reason", "version"]),
    },
    "TextReplaced": _obj(
        {
            "article_id": INT,
            "revision": {**INT, "description": "The new text's revision number."},
            "version": INT,
            "claims": {
                "type": "array",
                "items": _obj(
                    {
                        "claim_id": INT,
                        "method": {
                            # a replacement finds every claim again: none is placed by hand
                            "enum": [m.value for m in AnchorMethod if m is not AnchorMethod.HAND],
                            "description": "exact: its words and their context; moved: its "
                            "words alone; fuzzy: words close to the old ones (score); lost.",
                        },
                        "score": {"type": "number", "minimum": 0, "maximum": 1},
                        "start": _nullable(INT),
                        "end": _nullable(INT),
                        "quote": _nullable(STR),
                        "recheck": {
                            "type": "boolean",
                            "description": "An approved verdict whose words changed: an "
                            "editor must say it stands, or reopen it.",
                        },
                    },
                    ["claim_id", "method", "score", "recheck"],
                ),
            },
            "suggestions_added": INT,
        },
        ["article_id", "revision", "version", "claims"],
    ),
    "ArticleChange": {
        "description": "The fields to change; those left out keep their value, and null "
        "(or an empty string) clears an optional one. The text itself never changes.",
        **_obj(
            {
                "title": STR,
                "url": _nullable(URL),
                "author": _nullable(STR),
                "publisher": _nullable(STR),
                "published": _nullable(DATE),
                "language": {**_nullable(STR), "description": "A BCP 47 tag: en, pt-BR, zh-Hans."},
                "version": WHOLE,
            },
            ["version"],
        ),
    },
    "ArticleImport": {
        "description": "Either the article's text (body, read as format says) or its "
        "address (url, fetched: public http(s) addresses only, size and time limited). "
        "With a body, url is only the article's address. Metadata sent replaces what was "
        "found in the text or page; a title is needed when none is found.",
        **_obj(
            {
                "body": {**STR, "minLength": 1},
                "format": {"enum": ["text", "markdown", "html"], "default": "text"},
                "url": URL,
                "title": STR,
                "author": STR,
                "publisher": STR,
                "published": DATE,
                "language": {**STR, "description": "A BCP 47 tag: en, pt-BR, zh-Hans."},
            }
        ),
        "anyOf": [{"required": ["body"]}, {"required": ["url"]}],
    },
    "DuplicateArticle": {
        "description": "409: the desk holds the article already (the same text, whatever "
        "its whitespace, quotes and dashes, or the same address); nothing was added.",
        "allOf": [
            _ref("Error"),
            _obj(
                {
                    "article": _obj(
                        {
                            "id": INT,
                            "title": STR,
                            "href": {**STR, "description": "The article in this API."},
                            "page": {**STR, "description": "The article's page in the desk."},
                        },
                        ["id", "title", "href", "page"],
                    )
                },
                ["article"],
            ),
        ],
    },
    "LinkSourceInput": _obj(
        {
            "url": URL,
            "title": {**STR, "description": "Needed when the address is new to the desk."},
            "publisher": STR,
            "published": DATE,
            "kind": {"enum": [k.value for k in SourceKind], "default": "other"},
            "archive_url": URL,
            "stance": {"enum": [s.value for s in Stance]},
            "excerpt": STR,
            "version": WHOLE,
        },
        ["url", "stance", "version"],
    ),
    "CommentInput": _obj({"body": STR}, ["body"]),
}


def _error(description: str, schema: str = "Error") -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": _ref(schema)}}}


RESPONSES = {
    "Unauthorized": _error("No token, or an unknown, revoked or expired one."),
    "Forbidden": _error("The token's member lacks the role; needed_role names it."),
    "NotFound": _error("No such record."),
    "Conflict": {
        "description": "A workflow rule refuses the change, or the claim was saved by "
        "someone else since `version` (then current_version and their change come too).",
        "content": {JSON: {"schema": {"anyOf": [_ref("StaleVersion"), _ref("Error")]}}},
    },
    "Invalid": _error("Invalid input: a missing or malformed field, or a body that is not JSON."),
}


def _param(name: str, where: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": schema,
        "description": description,
    }


PAGE_PARAMS = [
    _param(
        "limit",
        "query",
        {**INT, "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        "Rows per page.",
    ),
    _param("cursor", "query", STR, "The next_cursor of the previous page."),
]
CLAIM_FILTERS = [
    _param("article", "query", STR, "An article's id or exact title: only its claims."),
    _param("speaker", "query", STR, "A speaker id, or a name or alias (any case)."),
    _param(
        "status",
        "query",
        STR,
        f"A workflow status, as a slug or a label in any case ({', '.join(ClaimStatus)}).",
    ),
    _param("rating", "query", STR, "A rating slug or label, or `none` for no verdict yet."),
    _param("assignee", "query", STR, "A member's id or username, `me`, or `none` for unassigned."),
    _param("stance", "query", {"enum": [s.value for s in Stance]}, "Has a source with it."),
    _param(
        "q",
        "query",
        STR,
        "Words in the claim's text, summary or quote, its speaker's names or its article's "
        "title; every word must match, whole (a trailing * matches a word's start).",
    ),
    _param(
        "sort",
        "query",
        {"enum": list(ORDERS), "default": "id"},
        "The order (and the order of the cursor): id, or the claim list's position, "
        "updated, created or status.",
    ),
]


def _id(name: str) -> dict[str, Any]:
    return _param(name, "path", WHOLE, "The record's id.")


def _ok(description: str, schema: str, status: str = "200") -> dict[str, Any]:
    return {status: {"description": description, "content": {JSON: {"schema": _ref(schema)}}}}


def _errors(*names: str) -> dict[str, Any]:
    codes = {"Unauthorized": "401", "Forbidden": "403", "NotFound": "404"}
    codes |= {"Conflict": "409", "Invalid": "422"}
    return {codes[n]: {"$ref": f"#/components/responses/{n}"} for n in names}


def _read(
    summary: str, schema: str, params: list, tag: str, *, also: tuple[str, ...] = ()
) -> dict[str, Any]:
    names = (
        ("Unauthorized", "Forbidden", "NotFound")
        if any(p["in"] == "path" for p in params)
        else ("Unauthorized", "Forbidden", "Invalid")
    ) + also
    return {
        "get": {
            "summary": summary,
            "tags": [tag],
            "parameters": params,
            "responses": _ok("OK", schema) | _errors(*names),
        }
    }


def _write(
    summary: str, description: str, body: str, *, role: str, created: bool = False
) -> dict[str, Any]:
    status = "201" if created else "200"
    return {
        "post": {
            "summary": summary,
            "description": f"{description} Needs the {role} role or higher.",
            "tags": ["claims"],
            "parameters": [_id("claim_id")],
            "requestBody": {"required": True, "content": {JSON: {"schema": _ref(body)}}},
            "responses": _ok("The claim as it now stands.", "Claim", status)
            | _errors("Unauthorized", "Forbidden", "NotFound", "Conflict", "Invalid"),
        }
    }


def build_document() -> dict[str, Any]:
    """Return the OpenAPI 3.1 document that describes /api/v1."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Claimdesk API",
            "version": "1.0.0",
            "description": "Read the desk's articles, claims, sources and speakers; propose "
            "and approve verdicts, link sources and comment with the same permissions, "
            "rules and version check as the review desk. Lists are pages in id order: "
            "follow next_cursor until it is null.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerToken": []}],
        "tags": [
            {"name": n} for n in ("articles", "claims", "sources", "speakers", "inbox", "meta")
        ],
        "paths": {
            "/openapi.json": {
                "get": {
                    "summary": "This document (no token needed).",
                    "tags": ["meta"],
                    "security": [],
                    "responses": {"200": {"description": "The OpenAPI document."}},
                }
            },
            "/articles": _read("List articles", "ArticlePage", PAGE_PARAMS, "articles")
            | {
                "post": {
                    "summary": "Add an article from its text or its address",
                    "description": "Plain text, Markdown or HTML (main text and metadata "
                    "extracted; nothing kept as HTML). Needs the editor role or higher.",
                    "tags": ["articles"],
                    "requestBody": {
                        "required": True,
                        "content": {JSON: {"schema": _ref("ArticleImport")}},
                    },
                    "responses": {
                        "201": {
                            "description": "Added; Location names it.",
                            "headers": {"Location": {"schema": STR}},
                            "content": {JSON: {"schema": _ref("Article")}},
                        },
                        "409": _error("The article is in the desk already.", "DuplicateArticle"),
                    }
                    | _errors("Unauthorized", "Forbidden", "Invalid"),
                }
            },
            "/articles/{article_id}": _read(
                "Get an article with its body and claim ids",
                "Article",
                [_id("article_id")],
                "articles",
            )
            | {
                "patch": {
                    "summary": "Change an article's metadata (language included)",
                    "description": "Every field sent is checked, and all problems are "
                    "answered at once. Needs the editor role or higher.",
                    "tags": ["articles"],
                    "parameters": [_id("article_id")],
                    "requestBody": {
                        "required": True,
                        "content": {JSON: {"schema": _ref("ArticleChange")}},
                    },
                    "responses": _ok("The article as it now stands.", "ArticleSummary")
                    | _errors("Unauthorized", "Forbidden", "NotFound", "Conflict", "Invalid"),
                }
            },
            "/articles/{article_id}/text": {
                "put": {
                    "summary": "Replace an article's text, keeping the old one as a revision",
                    "description": "Every claim is looked for in the new text (its words and "
                    "context, its words alone, then small edits allowed) and the answer says "
                    "how; a claim not found is lost, keeping its old words. Refused when the "
                    "text is unchanged or another article's (409 with that article). Needs "
                    "the editor role or higher.",
                    "tags": ["articles"],
                    "parameters": [_id("article_id")],
                    "requestBody": {
                        "required": True,
                        "content": {JSON: {"schema": _ref("ArticleTextInput")}},
                    },
                    "responses": _ok("What became of each claim.", "TextReplaced")
                    | _errors("Unauthorized", "Forbidden", "NotFound", "Conflict", "Invalid"),
                }
            },
            "/claims": _read(
                "List claims (the claim list's filters and orders)",
                "ClaimPage",
                CLAIM_FILTERS + PAGE_PARAMS,
                "claims",
                also=("NotFound",),  # a filter naming an article, speaker or member not there
            ),
            "/claims/similar": _read(
                "Claims the desk holds that possibly say what a sentence says, best first",
                "SimilarClaims",
                [
                    {
                        **_param(
                            "text",
                            "query",
                            {**STR, "minLength": 1, "maxLength": SIMILAR_TEXT_MAX},
                            "The sentence to look for (a claim heard or read); numbers, "
                            "negations and names count.",
                        ),
                        "required": True,
                    },
                    _param(
                        "limit",
                        "query",
                        {**INT, "minimum": 1, "maximum": SHOWN_MAX, "default": SHOWN},
                        "Claims to list at most.",
                    ),
                ],
                "claims",
            ),
            "/claims/{claim_id}": _read(
                "Get a claim with sources, comments and version",
                "Claim",
                [_id("claim_id")],
                "claims",
            ),
            "/claims/{claim_id}/verdict": _write(
                "Propose a verdict",
                "Needs an explanation and, unless the rating is off the scale, a linked source.",
                "VerdictInput",
                role="reviewer",
            ),
            "/claims/{claim_id}/approve": _write(
                "Approve the proposed verdict",
                "The approver must not be the proposer.",
                "ApproveInput",
                role="reviewer",
            ),
            "/claims/{claim_id}/sources": _write(
                "Link a source (recorded first if its address is new)",
                "A known address, in any spelling (http or https, with or without www., "
                "a trailing slash or tracking parameters), reuses the desk's source as it "
                "is. Not on a published (approved) verdict.",
                "LinkSourceInput",
                role="reviewer",
                created=True,
            ),
            "/claims/{claim_id}/comments": _write(
                "Comment on the claim",
                "Comments do not change the claim's version.",
                "CommentInput",
                role="reviewer",
                created=True,
            ),
            "/sources": _read("List sources", "SourcePage", PAGE_PARAMS, "sources"),
            "/sources/{source_id}": _read(
                "Get a source with the claims it bears on",
                "SourceDetail",
                [_id("source_id")],
                "sources",
            ),
            "/speakers": _read("List speakers", "SpeakerPage", PAGE_PARAMS, "speakers"),
            "/inbox": _read(
                "List my notifications, newest first (reading them does not mark them read)",
                "NotificationPage",
                PAGE_PARAMS,
                "inbox",
            ),
            "/speakers/{speaker_id}": _read(
                "Get a speaker with their claims and verdict record",
                "SpeakerDetail",
                [_id("speaker_id")],
                "speakers",
            ),
        },
        "components": {
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token from Account → API tokens.",
                }
            },
            "schemas": SCHEMAS,
            "responses": RESPONSES,
        },
    }


@bp.get("/openapi.json")
def openapi_document() -> Response:
    """Serve the OpenAPI document."""
    return jsonify(build_document())

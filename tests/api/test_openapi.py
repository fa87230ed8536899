"""The OpenAPI document describes exactly the routes the API serves."""

from __future__ import annotations

import re

import pytest

from webapp.api.openapi import build_document

PREFIX = "/api/v1"
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}
NOT_AN_ENDPOINT = {"api.unknown_path"}  # answers JSON 404/405 for paths nothing serves


def _served(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX + "/") or rule.endpoint in NOT_AN_ENDPOINT:
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule[len(PREFIX) :])
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((method.lower(), path))
    return routes


def _documented(document) -> set[tuple[str, str]]:
    return {
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }


def test_every_api_route_is_documented_and_nothing_else(app) -> None:
    served = _served(app)
    assert len(served) >= 13
    documented = _documented(build_document())
    assert served - documented == set(), "routes missing from the OpenAPI document"
    assert documented - served == set(), "documented routes the API does not serve"


def test_the_served_document_is_the_built_one(client) -> None:
    response = client.get(PREFIX + "/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document == build_document()
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": PREFIX}]


def test_the_document_is_valid_openapi_3_1() -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(build_document())


def test_every_path_parameter_is_declared_and_every_operation_secured() -> None:
    document = build_document()
    assert document["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    for path, item in document["paths"].items():
        for method, operation in item.items():
            names = set(re.findall(r"{(\w+)}", path))
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert names == declared, (method, path)
            open_ = operation.get("security") == []
            assert open_ == (path == "/openapi.json"), (method, path)
            if not open_:
                assert "401" in operation["responses"], (method, path)
            if method == "post":
                assert {"403", "409", "422"} <= set(operation["responses"]), path


def test_the_claim_list_documents_the_claim_list_filters() -> None:
    operation = build_document()["paths"]["/claims"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names == {"article", "speaker", "status", "rating", "assignee", "stance", "q"} | {
        "sort",
        "limit",
        "cursor",
    }


def test_a_text_replacement_documents_only_the_ways_it_finds_claims_again() -> None:
    """An editor places a lost claim by hand later, on its own page; a replacement never
    answers "hand" for a claim, so the document must not promise it."""
    replaced = build_document()["components"]["schemas"]["TextReplaced"]
    method = replaced["properties"]["claims"]["items"]["properties"]["method"]
    assert method["enum"] == ["exact", "moved", "fuzzy", "lost"]

"""Schemathesis against /api/v1/openapi.json: every operation, valid and invalid input.

Schemathesis reads the API's own description from the real app (through WSGI, no
server) and generates requests for each operation: ones the schema allows and ones it
does not. The property checked is the hostile-input one: no answer is a server error.
Each example that may change the desk runs on a fresh copy of the seeded desk; every
request carries an editor's token.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from .conftest import Desk


@pytest.fixture
def api_schema(desk: Desk):
    """The OpenAPI document as the app serves it, bound to the app itself."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", desk.app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_operation_answers_a_server_error(case, desk: Desk) -> None:
    if case.method.upper() not in ("GET", "HEAD"):
        desk.reset()  # a read leaves the desk as it was; only a change needs a fresh copy
    response = case.call(headers=desk.bearer("editor"))
    assert response.status_code < 500, (case.as_curl_command(), response.text[-2000:])

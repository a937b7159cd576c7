"""Every operation in the OpenAPI document at /api/v1/openapi.json, fuzzed with schemathesis from the
document itself: whatever is sent, the API never answers with a server error, and what it answers
matches the document. The token belongs to a user who may do everything the API offers at Trust A,
so generated requests reach the endpoints' own checks, not only the sign-in.

(schemathesis's own pytest plugin does not run under pytest 9, so each operation is a parameter and
its hypothesis strategy is driven here.)"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from rampart.accounts.services import create_api_token
from tests.factories import MembershipFactory, UserFactory

SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go straight to the WSGI application, not through Django's test client, so do what
    the client does: keep Django from closing the test's database connection (and its transaction)
    at the start and end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(orgs):
    user = UserFactory(email="fuzz@trust-a.nhs.uk")
    for role in ("case_handler", "clinician", "privacy_officer", "administrator"):
        MembershipFactory(user=user, organisation=orgs["trust_a"], role=role)
    return create_api_token(user, "fuzz")[1]


def test_the_document_lists_every_endpoint():
    assert {op.label for op in OPERATIONS} >= {
        "GET /api/v1/organisations",
        "POST /api/v1/reports",
        "GET /api/v1/reports/inbox",
        "POST /api/v1/reports/inbox/messages",
        "GET /api/v1/me",
        "GET /api/v1/cases",
        "GET /api/v1/cases/{reference}",
        "POST /api/v1/chaperone-records",
        "POST /api/v1/access-alerts/imports",
        "POST /api/v1/onboarding-checks",
    }


POSITIVE, NEGATIVE = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
# Negative requests need something that can be wrong: a body, a query or a path parameter (an
# optional text header, such as X-Receipt-Code, accepts anything).
RUNS = [(op, POSITIVE) for op in OPERATIONS] + [
    (op, NEGATIVE) for op in OPERATIONS if len(op.body) or len(op.query) or len(op.path_parameters)
]


def test_every_operation_with_inputs_is_also_fuzzed_with_bad_input():
    negative = {op.label for op, mode in RUNS if mode == NEGATIVE}
    assert {"POST /api/v1/reports", "GET /api/v1/cases", "POST /api/v1/onboarding-checks"} <= negative
    assert len(negative) == 8


@pytest.mark.django_db
@pytest.mark.parametrize(("operation", "mode"), RUNS, ids=lambda v: getattr(v, "label", None) or str(v.value))
def test_no_request_makes_the_api_fail(operation, mode, token):
    """Positive: requests the document allows. Negative: requests it does not (wrong types, missing
    fields, bad JSON), which must be refused with a 4xx, never a 5xx."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
    def run(case):
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"},
            checks=[not_a_server_error, response_schema_conformance],
        )

    run()


@pytest.mark.django_db
def test_an_unexpected_error_behind_a_token_is_a_plain_500(token, monkeypatch):
    """The error page must not fail itself for a user signed in by token (no two-factor state)."""
    from django.test import Client

    from rampart.cases import selectors

    def broken(user):
        raise RuntimeError("database went away")

    monkeypatch.setattr(selectors, "visible_cases", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 500

"""The public reporting API exactly as the contract says, and that no input makes it fail."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rampart.reporting.models import Report

pytestmark = pytest.mark.django_db

ANONYMOUS = {
    "organisation": "RA1",
    "anonymity": "anonymous",
    "about": "staff",
    "what_happened": "He keeps messaging me at night.",
    "when": "2026-10-01",
    "where": "Ward 3",
}


def post(client, body, **headers):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post("/api/v1/reports", data, content_type="application/json", headers=headers)


def test_anonymous_report_returns_reference_and_receipt_code(client, orgs):
    response = post(client, ANONYMOUS)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"reference", "receipt_code"}
    assert len(body["receipt_code"]) == 16
    assert Report.objects.get(reference=body["reference"]).where == "Ward 3"


def test_named_report_has_no_receipt_code(client, orgs):
    response = post(
        client,
        {
            **ANONYMOUS,
            "anonymity": "named",
            "reporter": {"name": "Sam", "email": "sam@example.com", "phone": None},
        },
    )
    assert response.status_code == 201
    assert set(response.json()) == {"reference"}
    assert Report.objects.get().reporter_email == "sam@example.com"


def test_the_inbox_reads_status_and_messages_and_takes_replies(client, orgs, alice):
    from rampart.reporting import services

    code = post(client, ANONYMOUS).json()["receipt_code"]
    report = Report.objects.get()
    services.send_case_team_message(actor=alice, report=report, text="Thank you. Is it still happening?")
    inbox = client.get("/api/v1/reports/inbox", headers={"X-Receipt-Code": code}).json()
    assert inbox["reference"] == report.reference
    assert inbox["status"] == "received"
    assert inbox["messages"][0]["from"] == "case_team"
    assert inbox["messages"][0]["text"] == "Thank you. Is it still happening?"
    assert "receipt_code" not in json.dumps(inbox)
    reply = client.post(
        "/api/v1/reports/inbox/messages",
        json.dumps({"text": "Yes, every week."}),
        content_type="application/json",
        headers={"X-Receipt-Code": code},
    )
    assert reply.status_code == 201
    assert reply.json()["from"] == "reporter"


def test_a_wrong_receipt_code_is_404(client, orgs):
    post(client, ANONYMOUS)
    assert (
        client.get("/api/v1/reports/inbox", headers={"X-Receipt-Code": "0000000000000000"}).status_code == 404
    )
    assert client.get("/api/v1/reports/inbox").status_code == 404


def test_repeated_wrong_codes_are_slowed_down(client, orgs, monkeypatch):
    from rampart.reporting import services

    monkeypatch.setattr(services, "INBOX_GLOBAL_LIMIT", 2)
    slept = []
    monkeypatch.setattr(services.time, "sleep", slept.append)
    for _ in range(3):
        assert (
            client.get("/api/v1/reports/inbox", headers={"X-Receipt-Code": "1234123412341234"}).status_code
            == 404
        )
    assert slept == [services.INBOX_SLOW_SECONDS]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**ANONYMOUS, "anonymity": "secret"}, "anonymity"),
        ({**ANONYMOUS, "about": 3}, "about"),
        ({**ANONYMOUS, "what_happened": "   "}, "what_happened"),
        ({**ANONYMOUS, "what_happened": "x" * 10_001}, "what_happened"),
        ({**ANONYMOUS, "when": "2999-01-01"}, "when"),
        ({**ANONYMOUS, "when": "yesterday"}, "when"),
        ({**ANONYMOUS, "categories": ["nonsense"]}, "categories"),
        ({**ANONYMOUS, "organisation": "NOPE"}, "organisation"),
        ({**ANONYMOUS, "anonymity": "named"}, "body"),
        ({**ANONYMOUS, "reporter": {"name": "A", "email": "a@example.com"}}, "body"),
        (
            {**ANONYMOUS, "anonymity": "named", "reporter": {"name": "A", "email": "not-an-email"}},
            "reporter.email",
        ),
        ({**ANONYMOUS, "anonymity": "named", "reporter": {"name": "A"}}, "reporter"),
    ],
)
def test_bad_input_gets_a_message_per_field_and_stores_nothing(client, orgs, body, field):
    response = post(client, body)
    assert response.status_code in (400, 422)
    assert field in response.json()["errors"]
    assert not Report.objects.exists()


def test_malformed_json_is_400(client, orgs):
    assert post(client, "{not json").status_code == 400


def test_organisation_list_is_searchable_for_reporters(client, orgs):
    assert {o["code"] for o in client.get("/api/v1/organisations?search=Trust").json()["results"]} >= {"RA1"}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
bodies = st.fixed_dictionaries(
    {},
    optional={
        "organisation": st.sampled_from(["RA1", "NOPE", ""]) | json_values,
        "anonymity": st.sampled_from(["named", "confidential", "anonymous"]) | json_values,
        "about": st.sampled_from(["staff", "patient"]) | json_values,
        "what_happened": st.text(max_size=50) | json_values,
        "when": st.sampled_from(["2026-01-01", "2026-13-01"]) | json_values,
        "reporter": json_values,
        "categories": json_values,
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies | json_values)
def test_no_input_makes_the_api_fail(client, orgs, body):
    response = post(client, body)
    assert response.status_code in (201, 400, 422)

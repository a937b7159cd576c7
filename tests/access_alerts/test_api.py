"""`POST /api/v1/access-alerts/imports`: a scheduled scan sends its output with a privacy officer's
personal token; the same checks and messages as the import page, all or nothing, audited."""

from __future__ import annotations

import io
import json

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rampart.access_alerts.models import AccessAlert, AlertEvidence, AlertImport
from rampart.accounts.services import create_api_token
from rampart.core.models import AuditEntry
from tests.access_alerts.conftest import ALERTS_CSV, EVENTS_CSV
from tests.api import bearer

pytestmark = pytest.mark.django_db
URL = "/api/v1/access-alerts/imports"


def file(name: str, data: str | bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data.encode() if isinstance(data, str) else data)


def post(data: dict, token: str | None = None):
    return Client().post(URL, data, **bearer(token))


@pytest.fixture
def token(priya):
    return create_api_token(priya, "nightly scan")[1]


def test_a_scan_with_its_events_fills_the_queue(token, priya):
    response = post(
        {
            "organisation": "ra1",
            "alerts": file("alerts.csv", ALERTS_CSV),
            "events": file("events.csv", EVENTS_CSV),
        },
        token,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["alerts_in_file"] == 3
    assert (body["new"], body["already_imported"], body["evidence_attached"]) == (3, 0, 2)
    assert body["queue"].endswith("/access-alerts/")
    assert AccessAlert.objects.filter(organisation__ods_code="RA1").count() == 3
    assert AlertEvidence.objects.count() == 2
    scan = AlertImport.objects.get()
    assert scan.imported_by == priya
    assert scan.source.startswith("API upload alerts.csv")
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.actor, entry.object_id) == ("create", priya, str(scan.pk))


def test_sending_the_same_scan_again_adds_nothing(token):
    post({"organisation": "RA1", "alerts": file("alerts.csv", ALERTS_CSV)}, token)
    # The Parquet of the same scan is the same alerts.
    sink = io.BytesIO()
    pq.write_table(pacsv.read_csv(io.BytesIO(ALERTS_CSV.encode())), sink)
    response = post({"organisation": "RA1", "alerts": file("alerts.parquet", sink.getvalue())}, token)
    assert response.status_code == 201
    assert (response.json()["new"], response.json()["already_imported"]) == (0, 3)
    assert AccessAlert.objects.count() == 3


def test_a_summary_is_kept_with_the_import(token):
    summary = json.dumps(
        {
            "events": 1200,
            "explained_share": 0.96,
            "alerts": 3,
            "seconds": 1.0,
            "peak_rss_mb": 1,
            "engine": "duckdb",
        }
    )
    response = post(
        {
            "organisation": "RA1",
            "alerts": file("alerts.csv", ALERTS_CSV),
            "summary": file("summary.json", summary),
        },
        token,
    )
    assert response.status_code == 201
    scan = AlertImport.objects.get()
    assert (scan.events_scanned, scan.explained_share, scan.engine) == (1200, 0.96, "duckdb")


BAD_LINE = ALERTS_CSV + '4,"1","2","2025-01-15T12:00:00Z","2025-01-15T12:00:00Z",many,false,"VIP",1\n'


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"alerts": file("alerts.csv", ALERTS_CSV)}, "organisation", "Enter the organisation's ODS code"),
        (
            {"organisation": "ZZ9", "alerts": file("alerts.csv", ALERTS_CSV)},
            "organisation",
            "No organisation has this ODS code",
        ),
        ({"organisation": "RA1"}, "alerts", "Select the alerts file"),
        (
            {"organisation": "RA1", "alerts": file("alerts.csv", BAD_LINE)},
            "alerts",
            "Nothing was imported. alerts.csv: line 5: column 'events': 'many' is not a whole number",
        ),
        (
            {
                "organisation": "RA1",
                "alerts": file("alerts.csv", ALERTS_CSV),
                "events": file("events.csv", "event_id,ts\n1,2\n"),
            },
            "events",
            "column 'user_id' is missing",
        ),
        (
            {
                "organisation": "RA1",
                "alerts": file("alerts.csv", ALERTS_CSV),
                "summary": file("summary.json", "[1]"),
            },
            "summary",
            "Nothing was imported. summary.json",
        ),
    ],
)
def test_bad_input_gets_a_message_on_its_field_and_imports_nothing(token, data, field, message):
    response = post(data, token)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert message in errors[field]
    assert not AlertImport.objects.exists()
    assert not AccessAlert.objects.exists()


def test_a_file_over_the_size_limit_is_refused(token, monkeypatch):
    from rampart.access_alerts import forms

    monkeypatch.setattr(forms.UploadForm.base_fields["alerts"], "max_bytes", 10)
    response = post({"organisation": "RA1", "alerts": file("alerts.csv", ALERTS_CSV)}, token)
    assert response.status_code == 422
    assert response.json()["errors"]["alerts"].startswith("The selected file must be smaller than")
    assert not AccessAlert.objects.exists()


def test_no_token_is_401(priya):
    assert post({"organisation": "RA1", "alerts": file("alerts.csv", ALERTS_CSV)}).status_code == 401
    assert not AlertImport.objects.exists()


@pytest.mark.parametrize("persona", ["pete", "alice", "bob"])
def test_only_a_privacy_officer_of_the_organisation_may_send(request, persona):
    """Pete is Trust B's privacy officer; Alice handles cases and Bob administers Trust A."""
    user = request.getfixturevalue(persona)
    response = post(
        {"organisation": "RA1", "alerts": file("alerts.csv", ALERTS_CSV)}, create_api_token(user, "x")[1]
    )
    assert response.status_code == 403
    assert not AlertImport.objects.exists()


def test_the_endpoint_is_in_the_openapi_schema():
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    form = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert {"organisation", "alerts", "events", "summary"} <= set(form["properties"])
    assert {"201", "422"} <= set(operation["responses"])


def test_an_empty_parquet_file_is_refused(token):
    sink = io.BytesIO()
    pq.write_table(pa.table({"rank": pa.array([], pa.int64())}), sink)
    response = post({"organisation": "RA1", "alerts": file("alerts.parquet", sink.getvalue())}, token)
    assert response.status_code == 422
    assert "alerts.parquet" in response.json()["errors"]["alerts"]

"""The case handlers' side: Alice handles reports at Trust A, Bob administers Trust A,
Charlie handles reports at Trust B and must see nothing of Trust A's."""

import pytest

from rampart.core.models import AuditEntry
from rampart.reporting import services
from rampart.reporting.models import ReportStatusChange


@pytest.fixture
def confidential(orgs):
    return services.submit_report(
        {
            "organisation": "RA1",
            "anonymity": "confidential",
            "about": "staff",
            "affected": "me",
            "what_happened": "My supervisor touched my leg in a meeting.",
            "still_happening": "no",
            "reporter_name": "Sam Reporter",
            "reporter_email": "sam@example.com",
        },
        receipt_for_everyone=True,  # as the web pages send it: the reporter has an inbox
    ).report


def test_alice_sees_new_reports_in_her_queue(alice, as_user, confidential):
    body = as_user(alice).get("/triage/").content.decode()
    assert confidential.reference in body


def test_reading_a_report_is_audited(alice, as_user, confidential):
    body = as_user(alice).get(f"/triage/{confidential.reference}/").content.decode()
    assert "touched my leg" in body
    assert "Sam Reporter" not in body
    assert AuditEntry.objects.filter(actor=alice, action="read", object_id=str(confidential.pk)).exists()


def test_revealing_a_confidential_reporter_needs_a_reason_and_is_audited(alice, as_user, confidential):
    client = as_user(alice)
    refused = client.post(f"/triage/{confidential.reference}/reveal/", {"reason": ""}).content.decode()
    assert "Enter why you need to see who sent it" in refused
    assert "Sam Reporter" not in refused
    shown = client.post(
        f"/triage/{confidential.reference}/reveal/", {"reason": "Need to arrange a support meeting"}
    ).content.decode()
    assert "Sam Reporter" in shown
    entry = AuditEntry.objects.filter(actor=alice, detail__what="reporter identity").get()
    assert entry.detail["reason"] == "Need to arrange a support meeting"


def test_status_change_is_a_new_row_the_reporter_sees(alice, as_user, confidential):
    as_user(alice).post(
        f"/triage/{confidential.reference}/status/", {"status": "under_review", "reason": "triage"}
    )
    confidential.refresh_from_db()
    assert confidential.status == "under_review"
    assert list(ReportStatusChange.objects.filter(report=confidential).values_list("status", flat=True)) == [
        "received",
        "under_review",
    ]


def test_case_team_message_reaches_the_reporter(alice, as_user, confidential):
    as_user(alice).post(f"/triage/{confidential.reference}/messages/", {"text": "Thank you for telling us."})
    assert confidential.messages.get().text == "Thank you for telling us."


@pytest.mark.parametrize("path", ["", "reveal/", "messages/", "status/"])
def test_charlie_cannot_reach_trust_a_reports(charlie, as_user, confidential, path):
    client = as_user(charlie)
    url = f"/triage/{confidential.reference}/{path}"
    response = client.post(url, {"reason": "x", "text": "x", "status": "closed"}) if path else client.get(url)
    assert response.status_code == 404


def test_an_administrator_is_not_a_case_handler(bob, as_user, confidential):
    client = as_user(bob)
    assert client.get("/triage/").status_code == 403
    assert client.get(f"/triage/{confidential.reference}/").status_code == 404


def test_queue_filters_by_status(alice, as_user, confidential):
    client = as_user(alice)
    assert confidential.reference not in client.get("/triage/?status=closed").content.decode()
    assert confidential.reference in client.get("/triage/?status=all").content.decode()


def test_an_administrator_sets_the_signposting_reporters_see(bob, alice, as_user, orgs):
    client = as_user(bob)
    bad = client.post(
        "/triage/signposting/", {"name": "", "description": "x", "website": "nope"}
    ).content.decode()
    assert "Enter the name of the service" in bad
    assert "Enter a web address starting with https://" in bad
    client.post(
        "/triage/signposting/",
        {
            "name": "Trust A ISVA",
            "description": "Independent support",
            "phone": "020 7946 0001",
            "website": "",
        },
    )
    submitted = services.submit_report(
        {
            "organisation": "RA1",
            "anonymity": "anonymous",
            "about": "staff",
            "what_happened": "x",
            "still_happening": "no",
        }
    )
    from django.test import Client

    inbox = Client()
    inbox.post("/report/inbox/", {"code": submitted.receipt_code})
    assert "Trust A ISVA" in inbox.get("/report/inbox/messages/").content.decode()
    assert as_user(alice).get("/triage/signposting/").status_code == 403

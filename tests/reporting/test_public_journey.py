"""The public journey through the test client: three ways to be known, back and forth, bad input."""

import pytest
from django.db import connection
from django.test import Client

from rampart.core.models import AuditEntry
from rampart.reporting.models import Receipt, Report, ReportDraft
from tests.dates import date_post

IP = "203.0.113.77"
AGENT = "RampartTestAgent/9.9 (identifying)"

pytestmark = pytest.mark.django_db


def walk(client, *, anonymity, contact=None, danger="no"):
    """Answer every page in order, as a reporter would."""
    assert client.post("/report/organisation/", {"organisation": "RA1"}).status_code == 302
    client.post("/report/about/", {"about": "staff"})
    client.post("/report/affected/", {"affected": "me"})
    client.post(
        "/report/what-happened/",
        {"what_happened": "He touched my back in the lift twice.", "categories": ["unwanted_touching"]},
    )
    client.post(
        "/report/when-where/",
        {**date_post("happened_on", "2026-11-03"), "where": "Lift B"},
    )
    client.post("/report/safety/", {"still_happening": "no", "someone_in_danger": danger})
    client.post("/report/anonymity/", {"anonymity": anonymity})
    if contact is not None:
        client.post("/report/contact/", contact)
    return client.get("/report/check/")


def reporter():
    return Client(REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT)


def test_anonymous_report_gives_a_receipt_code_once_and_keeps_no_identity(orgs):
    client = reporter()
    check = walk(client, anonymity="anonymous")
    assert "Check your answers" in check.content.decode()
    done = client.post("/report/check/")
    body = done.content.decode()
    report = Report.objects.get()
    assert report.reference in body
    assert 'data-testid="receipt-code"' in body
    assert (report.reporter_name, report.reporter_email, report.reporter_phone) == ("", "", "")
    assert Receipt.objects.filter(report=report).exists()
    assert not ReportDraft.objects.exists()
    assert AuditEntry.objects.filter(object_type="reporting.report", action="create").exists()


def test_no_ip_address_user_agent_or_session_is_stored_anywhere(orgs, caplog):
    client = reporter()
    walk(client, anonymity="anonymous")
    client.post("/report/check/")
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            text = repr(cursor.fetchall())
            assert IP not in text, table
            assert "RampartTestAgent" not in text, table
    assert _session_rows() == 0
    assert IP not in caplog.text
    assert "RampartTestAgent" not in caplog.text


def _session_rows():
    from django.contrib.sessions.models import Session

    return Session.objects.count()


def test_confidential_report_keeps_the_identity_encrypted(orgs):
    client = reporter()
    walk(
        client,
        anonymity="confidential",
        contact={"reporter_name": "Sam Reporter", "reporter_email": "sam@example.com", "reporter_phone": ""},
    )
    body = client.post("/report/check/").content.decode()
    assert "Only the case handler can see who you are" in body
    report = Report.objects.get()
    assert report.reporter_name == "Sam Reporter"
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_name, what_happened FROM reporting_report")
        stored = " ".join(cursor.fetchone())
    assert "Sam" not in stored
    assert "lift" not in stored


def test_named_report_needs_contact_details(orgs):
    client = reporter()
    walk(client, anonymity="named")
    body = client.post(
        "/report/contact/", {"reporter_name": "Nia", "reporter_email": "", "reporter_phone": ""}
    )
    assert "Enter an email address or a phone number" in body.content.decode()
    client.post(
        "/report/contact/", {"reporter_name": "Nia", "reporter_email": "", "reporter_phone": "07700 900 982"}
    )
    client.post("/report/check/")
    assert Report.objects.get().reporter_phone == "07700 900 982"


def test_answers_are_kept_when_going_back(orgs):
    client = reporter()
    walk(client, anonymity="anonymous")
    page = client.get("/report/what-happened/").content.decode()
    assert "He touched my back in the lift twice." in page
    assert 'value="unwanted_touching" checked' in page or "checked" in page
    when = client.get("/report/when-where/").content.decode()
    assert 'value="2026"' in when


def test_switching_to_anonymous_forgets_details_already_typed(orgs):
    client = reporter()
    walk(client, anonymity="named", contact={"reporter_name": "Nia", "reporter_email": "nia@example.com"})
    client.post("/report/anonymity/?change=1", {"anonymity": "anonymous"})
    client.post("/report/check/")
    report = Report.objects.get()
    assert (report.anonymity, report.reporter_name, report.reporter_email) == ("anonymous", "", "")


def test_errors_keep_what_was_typed(orgs):
    client = reporter()
    client.post("/report/organisation/", {"organisation": "RA1"})
    body = client.post(
        "/report/what-happened/", {"what_happened": "", "categories": ["stalking"]}
    ).content.decode()
    assert "Tell us what happened" in body
    assert "There is a problem" in body
    assert 'value="stalking" checked' in body or "checked" in body
    long = client.post("/report/what-happened/", {"what_happened": "x" * 10_001}).content.decode()
    assert "10,000 characters or fewer" in long


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "The date must be a real date"),
        ("1", "", "2026", "The date must include a month"),
        ("1", "1", "2099", "The date must be today or in the past"),
        ("x", "1", "2026", "The date must be a real date"),
        ("1", "1", "99999999999999999999", "Year must include 4 numbers"),
    ],
)
def test_bad_dates_are_explained(orgs, day, month, year, message):
    client = reporter()
    client.post("/report/organisation/", {"organisation": "RA1"})
    body = client.post(
        "/report/when-where/", {"happened_on_day": day, "happened_on_month": month, "happened_on_year": year}
    ).content.decode()
    assert message in body


def test_unknown_organisation_is_refused(orgs):
    body = reporter().post("/report/organisation/", {"organisation": "NOPE"}).content.decode()
    assert "Select the organisation where it happened" in body
    assert not ReportDraft.objects.exists()


def test_someone_in_danger_shows_999_straight_away(orgs):
    client = reporter()
    client.post("/report/organisation/", {"organisation": "RA1"})
    response = client.post("/report/safety/", {"still_happening": "no", "someone_in_danger": "yes"})
    assert response["Location"] == "/report/get-help-now/"
    assert "call 999" in client.get(response["Location"]).content.decode()


def test_check_page_sends_you_back_to_a_missing_answer(orgs):
    client = reporter()
    client.post("/report/organisation/", {"organisation": "RA1"})
    assert client.get("/report/check/")["Location"] == "/report/about/"


def test_later_pages_need_a_started_report(db):
    assert Client().get("/report/about/")["Location"] == "/report/organisation/"


def test_organisation_search_finds_by_name(orgs):
    body = Client().get("/report/organisation/?q=trust").content.decode()
    assert "Trust A" in body
    assert "Trust B" in body


def test_an_error_while_sending_stores_nothing(orgs, monkeypatch):
    client = reporter()
    walk(client, anonymity="anonymous")
    from rampart.reporting import services

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.Receipt.objects, "create", broken)
    client.raise_request_exception = False
    response = client.post("/report/check/")
    assert response.status_code == 500
    assert not Report.objects.exists()
    assert ReportDraft.objects.count() == 1  # the answers are still there to try again
    monkeypatch.undo()
    assert 'data-testid="receipt-code"' in client.post("/report/check/").content.decode()


def test_handlers_are_emailed_without_the_content_a_while_later(
    orgs, alice, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.core import mail
    from django.utils import timezone

    from rampart.reporting import services

    client = reporter()
    walk(client, anonymity="anonymous")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/report/check/")
    assert mail.outbox == []  # not at the moment it was sent (tests/reporting/test_anonymous_times.py)
    services.send_due_notices(now=timezone.now() + timedelta(hours=1))
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert "lift" not in mail.outbox[0].body

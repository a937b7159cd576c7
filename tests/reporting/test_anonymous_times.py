"""An anonymous report keeps only the day of everything about it, and its handlers' e-mails leave at
a random later moment, so no time of day points at who was on shift, on the ward or at a keyboard."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from rampart.core.models import AuditEntry
from rampart.reporting import journey, services
from rampart.reporting.models import HandlerNotice, Message, Report, ReportStatus
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db

# 14:23:45.678 UK time (GMT in December).
MOMENT = datetime(2026, 12, 2, 14, 23, 45, 678000, tzinfo=UTC)
ANSWERS = {
    "organisation": "RA1",
    "about": "staff",
    "affected": "me",
    "what_happened": "Comments on every night shift.",
    "still_happening": "yes",
}


def _submit(anonymity: str, **more):
    extra = {"reporter_name": "Sam", "reporter_email": "sam@example.com"} if anonymity != "anonymous" else {}
    with time_machine.travel(MOMENT, tick=False):
        return services.submit_report({**ANSWERS, "anonymity": anonymity, **extra}, **more)


def _is_a_day(at: datetime) -> bool:
    return timezone.localtime(at, journey.UK).time() == time(0)


def test_an_anonymous_report_stores_only_the_day_of_its_times(orgs, alice):
    submitted = _submit("anonymous")
    report = submitted.report
    with time_machine.travel(MOMENT + timedelta(hours=3, minutes=7), tick=False):
        services.add_reporter_message(report, "It was on Ward 7.")
        services.send_case_team_message(actor=alice, report=report, text="Thank you.")
        services.change_status(actor=alice, report=report, status=ReportStatus.UNDER_REVIEW)
    report.refresh_from_db()
    assert report.received_at == datetime(2026, 12, 2, tzinfo=journey.UK)
    assert all(_is_a_day(change.at) for change in report.status_changes.all())
    assert all(_is_a_day(message.sent_at) for message in Message.objects.filter(report=report))
    reporter_entries = AuditEntry.objects.filter(actor_label="reporter")
    assert reporter_entries.count() == 2
    assert all(_is_a_day(entry.at) for entry in reporter_entries)


def test_a_named_report_keeps_its_moments(orgs):
    report = _submit("named").report
    assert report.received_at == MOMENT


def test_a_named_reports_page_shows_its_time_of_day(orgs, alice):
    report = _submit("named").report
    staff = signed_in_client(alice).get(f"/triage/{report.reference}/").content.decode()
    assert "2 December 2026, 14:23" in staff


def test_kept_time_is_the_uk_day_in_summer_too():
    late_summer_evening = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 July in London
    assert journey.kept_time(late_summer_evening, anonymous=True) == datetime(2026, 7, 2, tzinfo=journey.UK)
    assert journey.kept_time(late_summer_evening, anonymous=False) == late_summer_evening


def test_pages_and_the_inbox_api_show_only_the_day(orgs, alice):
    submitted = _submit("anonymous")
    with time_machine.travel(MOMENT, tick=False):
        services.send_case_team_message(actor=alice, report=submitted.report, text="Which ward was it?")
    api = Client().get("/api/v1/reports/inbox", headers={"X-Receipt-Code": submitted.receipt_code}).json()
    assert api["messages"][0]["sent_at"] == "2026-12-02"
    reporter = Client()
    reporter.post("/report/inbox/", {"code": submitted.receipt_code})
    conversation = reporter.get("/report/inbox/messages/").content.decode()
    assert "2 December 2026" in conversation
    staff = signed_in_client(alice).get(f"/triage/{submitted.report.reference}/").content.decode()
    queue = signed_in_client(alice).get("/triage/").content.decode()
    for page in (conversation, staff, queue):
        assert not re.search(r"\b\d{1,2}:\d{2}\b", page)


def test_the_handlers_e_mail_after_a_public_report_leaves_5_to_60_minutes_later(orgs, alice):
    submitted = _submit("anonymous", from_public=True)
    assert mail.outbox == []
    notice = HandlerNotice.objects.get(report=submitted.report)
    assert MOMENT + timedelta(minutes=5) <= notice.due_at <= MOMENT + timedelta(minutes=60)
    assert services.send_due_notices(now=notice.due_at - timedelta(seconds=1)) == 0
    assert services.send_due_notices(now=notice.due_at) == 1
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert "night shift" not in mail.outbox[0].body
    assert services.send_due_notices(now=notice.due_at + timedelta(days=1)) == 0
    assert not HandlerNotice.objects.exists()


def test_the_delay_is_chosen_at_random(orgs):
    dues = set()
    for _ in range(5):
        dues.add(HandlerNotice.objects.get(report=_submit("anonymous", from_public=True).report).due_at)
    assert len(dues) > 1


def test_a_reporters_message_is_told_to_the_handlers_later_once(orgs, alice):
    report = _submit("anonymous").report
    with time_machine.travel(MOMENT, tick=False):
        services.add_reporter_message(report, "One more thing.")
        services.add_reporter_message(report, "And another.")
    notice = HandlerNotice.objects.get(report=report)
    assert notice.kind == HandlerNotice.Kind.REPORTER_MESSAGE
    assert notice.due_at >= MOMENT + timedelta(minutes=5)
    mail.outbox.clear()
    services.send_due_notices(now=MOMENT + timedelta(hours=1))
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert "One more thing" not in mail.outbox[0].body
    reference = Report.objects.get().reference
    assert reference in mail.outbox[0].subject
    assert f"http://127.0.0.1:8000/triage/{reference}/" in mail.outbox[0].body  # a link to where to act


def test_the_sweeper_sends_due_notices(orgs, alice):
    from django.core.management import call_command

    _submit("anonymous", from_public=True)
    with time_machine.travel(MOMENT + timedelta(hours=1)):
        call_command("sweep")
    assert [m.to for m in mail.outbox] == [[alice.email]]

"""The demo shows each situation of issue 16's "Done when" on its own case (the README's "Joined up"
list), through the pages' own selectors, and loading it twice adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from rampart.accounts.models import User
from rampart.cases import demo, selectors, workflow
from rampart.cases.models import Case
from rampart.duties import DutyCode
from rampart.reporting import services as reporting
from rampart.reporting.demo import DEMO_CONFIDENTIAL_RECEIPT_CODE

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_loaded():
    with override_settings(DEMO=True):
        call_command("demo_data", "--quiet")
        counts = Case.objects.count()
        call_command("demo_data", "--quiet")
        assert Case.objects.count() == counts
    return User.objects.get(email="alice.handler@riverside.example")


def _case(summary):
    (case,) = [c for c in Case.objects.filter(report__isnull=True) if c.summary == summary]
    return case


def _duty(alice, case, code):
    overview = selectors.case_overview(alice, selectors.case_for_page(alice, case.reference))
    return next(d for d in overview.duties if d.code is code)


def test_the_child_assault_case_needs_safeguarding_today(demo_loaded):
    duty = _duty(demo_loaded, _case(demo.CHILD_ASSAULT), DutyCode.SAFEGUARDING_REFERRAL)

    assert (duty.status, duty.due) == ("required", timezone.localdate())


def test_the_dismissed_nurse_needs_dbs_with_a_due_date_and_cannot_close(demo_loaded):
    case = _case(demo.NURSE_DISMISSED)

    duty = _duty(demo_loaded, case, DutyCode.DBS_BARRING_REFERRAL)

    assert duty.status == "required"
    assert duty.due is not None
    closing = workflow.check(workflow.Step.CLOSE, selectors.facts_for(case))
    assert not closing.allowed
    assert closing.overridable
    assert any("DBS" in reason for reason in closing.reasons)


def test_the_sexual_dimension_case_cannot_record_an_outcome_without_the_review_group(demo_loaded):
    case = _case(demo.NEEDS_REVIEW_GROUP)

    check = workflow.check(workflow.Step.RECORD_OUTCOME, selectors.facts_for(case))

    assert not check.allowed
    assert check.overridable
    assert any("review group" in reason for reason in check.reasons)


def test_the_confidential_reporter_reads_the_message_and_outcome_with_the_demo_code(demo_loaded):
    client = Client()
    assert client.post("/report/inbox/", {"code": "2727 2727 2727 2727"}).status_code == 302
    page = client.get("/report/inbox/messages/").content.decode()
    report = reporting.open_inbox(DEMO_CONFIDENTIAL_RECEIPT_CODE)

    assert report is not None
    assert report.anonymity == "confidential"
    assert report.case.state == "closed"
    assert "Did this happen on more than one shift?" in page
    assert "will not work on your rota" in page

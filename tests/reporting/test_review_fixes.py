"""Issue 16 review fixes in reporting: the public "you said, we did" figures count whole calendar
months only (the month under way is left out, so reloading the page never shows when a report
arrived), and nothing is written for a reporter who has no inbox."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rampart.core.errors import Refused
from rampart.reporting import selectors, services
from rampart.reporting.models import Message, OutcomeStatement
from tests.factories import ReportFactory
from tests.reporting.test_way_back import _figures

pytestmark = pytest.mark.django_db


def _page(org) -> str:
    response = Client().get(f"/report/organisations/{org.ods_code}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_figures_run_from_12_months_back_to_the_end_of_last_month():
    assert selectors.figures_since(date(2026, 4, 17)) == date(2025, 4, 1)
    assert selectors.figures_until(date(2026, 4, 17)) == date(2026, 3, 31)
    assert selectors.figures_until(date(2026, 1, 1)) == date(2025, 12, 31)


def test_a_report_made_today_is_not_counted_but_one_made_last_month_is(orgs):
    org = orgs["trust_a"]
    today = timezone.localdate()
    last_month = timezone.now() - timedelta(days=today.day + 1)
    for _ in range(5):
        ReportFactory(organisation=org, received_at=last_month)
    ReportFactory(organisation=org)  # today: the month under way is not counted
    counts = dict(
        selectors.you_said_we_did(
            org, since=selectors.figures_since(today), until=selectors.figures_until(today)
        )
    )
    assert counts["Reports received"] == "5"
    page = _page(org)
    assert _figures(page[page.index('data-testid="you-said-we-did"') :])["Reports received"] == "5"


def test_the_page_says_which_months_are_counted(orgs):
    today = timezone.localdate()
    first, last = selectors.figures_since(today), selectors.figures_until(today)
    page = _page(orgs["trust_a"])
    said = re.search(r'data-testid="months-counted">(.*?)</p>', page, re.S)
    assert said is not None
    assert f"from {first:%B %Y} to {last:%B %Y}" in said.group(1)
    assert "this month is not included" in said.group(1)


# --- a reporter with no inbox ------------------------------------------------------------------------


def test_a_reporter_without_an_inbox_is_not_offered_send_to_reporter(orgs, alice, as_user):
    without = ReportFactory(organisation=orgs["trust_a"], confidential=True, with_receipt=False)
    with_inbox = ReportFactory(organisation=orgs["trust_a"], confidential=True)
    assert not without.reporter_has_inbox
    client = as_user(alice)
    page = client.get(f"/triage/{without.reference}/").content.decode()
    assert "The reporter has no inbox" in page
    assert "Send to reporter" not in page
    assert "/outcome-statement/" not in page
    assert "Send to reporter" in client.get(f"/triage/{with_inbox.reference}/").content.decode()


def test_the_services_refuse_to_write_for_a_reporter_without_an_inbox(orgs, alice, as_user):
    report = ReportFactory(organisation=orgs["trust_a"], confidential=True, with_receipt=False)
    with pytest.raises(Refused) as refused:
        services.send_case_team_message(actor=alice, report=report, text="Which ward was it?")
    assert refused.value.reasons == (services.NO_INBOX,)
    assert "reported through the API without a receipt code" in services.NO_INBOX
    with pytest.raises(Refused, match="The reporter has no inbox"):
        services.write_outcome_statement(actor=alice, report=report, text="We acted.")
    # Posting the forms anyway is refused too, with the reason shown.
    client = as_user(alice)
    sent = client.post(f"/triage/{report.reference}/messages/", {"text": "Hello"}, follow=True)
    assert "The reporter has no inbox" in sent.content.decode()
    written = client.post(f"/triage/{report.reference}/outcome-statement/", {"text": "We acted."})
    assert written.status_code == 200
    assert "The reporter has no inbox" in written.content.decode()
    assert not Message.objects.filter(report=report).exists()
    assert not OutcomeStatement.objects.exists()

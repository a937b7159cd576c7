"""An organisation's public "you said, we did" page shows what cases and referrals did about its
reports, through their `actions_taken` hooks: cases closed with an outcome, interim measures put in
place, referrals and notifications made; each count under 5 shown as "fewer than 5" (reporting's job:
the hooks give plain counts)."""

from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.utils import timezone

from rampart.reporting.selectors import figures_since
from tests.factories import CaseFactory, InterimMeasureFactory, ReferralFactory, ReportFactory
from tests.reporting.test_way_back import _figures

pytestmark = pytest.mark.django_db

CLOSED = "Cases closed with an outcome"
MEASURES = "Interim measures put in place"
REFERRALS = "Referrals and notifications made"
DUTIES = (
    "DBS_BARRING_REFERRAL",
    "REGULATOR_REFERRAL",
    "POLICE_REPORT",
    "SAFEGUARDING_REFERRAL",
    "CQC_NOTIFICATION",
)


def _from_report(org, **traits):
    return CaseFactory(organisation=org, report=ReportFactory(organisation=org), **traits)


# The public figures count whole months up to the end of last month: what the tests do today is read
# back forty days on, when this month has become a counted one.
LATER = timedelta(days=40)


def _public_figures(org) -> dict[str, str]:
    with time_machine.travel(timezone.now() + LATER, tick=False):
        page = Client().get(f"/report/organisations/{org.ods_code}/")
    assert page.status_code == 200
    body = page.content.decode()
    return _figures(body[body.index('data-testid="you-said-we-did"') :])


@pytest.fixture
def before_the_figures():
    """A day before the first day the public figures count."""
    return figures_since(timezone.localdate()) - timedelta(days=1)


def test_the_public_page_counts_what_was_done_about_the_organisations_reports(orgs, before_the_figures):
    trust_a, trust_b = orgs["trust_a"], orgs["trust_b"]
    closed = [_from_report(trust_a, closed=True) for _ in range(5)]
    # Not counted: a case raised by staff, one closed before the figures start, one not yet closed,
    # and another organisation's.
    CaseFactory(organisation=trust_a, closed=True)
    _from_report(trust_a, closed=True, opened_at=timezone.now() - timedelta(days=800))
    open_case = _from_report(trust_a, outcome_recorded=True)
    _from_report(trust_b, closed=True)
    # Six referrals made on cases from reports (sent, or sent and then acknowledged).
    for n, case in enumerate(closed):
        made = {"acknowledged": True} if n % 2 else {"sent": True}
        ReferralFactory(case=case, duty_code=DUTIES[0], **made)
    ReferralFactory(case=open_case, duty_code=DUTIES[1], sent=True)
    # Not counted: still to do, not needed, sent before the figures start, on a staff-raised case.
    ReferralFactory(case=closed[0], duty_code=DUTIES[2])
    ReferralFactory(case=closed[0], duty_code=DUTIES[3], not_needed=True)
    ReferralFactory(case=closed[1], duty_code=DUTIES[4], sent=True, sent_on=before_the_figures)
    ReferralFactory(case=CaseFactory(organisation=trust_a, outcome_recorded=True), sent=True)
    # Two interim measures put in place on cases from reports; not counted: one begun before the
    # figures start, one not begun yet, three on a staff-raised case.
    InterimMeasureFactory(case=open_case)
    InterimMeasureFactory(case=closed[2])
    InterimMeasureFactory(case=closed[3], starts_on=before_the_figures)
    InterimMeasureFactory(case=closed[4], starts_on=timezone.localdate() + LATER + timedelta(days=3))
    staff_case = CaseFactory(organisation=trust_a, triaged=True)
    for _ in range(3):
        InterimMeasureFactory(case=staff_case)

    figures = _public_figures(trust_a)

    assert figures[CLOSED] == "5"
    assert figures[REFERRALS] == "6"
    assert figures[MEASURES] == "fewer than 5"
    # The hook itself gives the plain count; only the page suppresses it.
    counts = dict(
        apps.get_app_config("cases").actions_taken(
            organisation=trust_a, since=figures_since(timezone.localdate()), until=timezone.localdate()
        )
    )
    assert counts[MEASURES] == 2


def test_an_organisation_with_no_cases_shows_fewer_than_5_for_each_action(orgs):
    figures = _public_figures(orgs["trust_b"])
    assert {figures[label] for label in (CLOSED, MEASURES, REFERRALS)} == {"fewer than 5"}


def test_a_case_reopened_and_closed_again_counts_once(orgs):
    trust_a = orgs["trust_a"]
    cases = [_from_report(trust_a, closed=True) for _ in range(5)]
    again = cases[0]
    again.transitions.create(step="reopen", from_state="closed", to_state="triaged", at=timezone.now())
    again.transitions.create(step="close", from_state="triaged", to_state="closed", at=timezone.now())
    assert _public_figures(trust_a)[CLOSED] == "5"

"""A whole case in the browser: anonymous report → triage → review group → risk and support for every
party → interim measure → a decision not to involve the police → review group decision → investigation
by a trained investigator → outcome → closure refused, then each required referral declined with a
reason → closure. axe-core on every page."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, fill_date
from tests.browser.test_foundation_journeys import sign_in
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def save(page, name="Save"):
    """Submit and wait for the next page, so the next step never races the server."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def open_step(page, link, *, exact=False):
    with page.expect_navigation():
        page.get_by_role("link", name=link, exact=exact).first.click()
    assert_accessible(page)


def test_a_whole_case_from_anonymous_report_to_closure(page, browser, live_server, orgs, alice, bob):
    from rampart.cases.models import ReviewGroupMember
    from rampart.learning import services as learning
    from rampart.referrals.models import Referral
    from rampart.reporting import services as reporting

    reviewer = MembershipFactory(
        user=UserFactory(email="rita@trust-a.nhs.uk", first_name="Rita"),
        organisation=orgs["trust_a"],
        role="review_group_member",
    ).user
    ReviewGroupMember.objects.create(organisation=orgs["trust_a"], user=reviewer, role_in_group="DASV lead")
    ivy = MembershipFactory(
        user=UserFactory(email="ivy@trust-a.nhs.uk", first_name="Ivy", last_name="Inv"),
        organisation=orgs["trust_a"],
        role="investigator",
    ).user
    learning.record_training(
        actor=bob,
        organisation=orgs["trust_a"],
        user=ivy,
        person_name="Ivy Inv",
        course="specialist_investigation",
        completed_on=date(2025, 1, 1),
    )
    report = reporting.submit_report(
        {
            "organisation": "RA1",
            "anonymity": "anonymous",
            "about": "staff",
            "affected": "me",
            "what_happened": "The registrar touched my waist twice.",
            "still_happening": "yes",
        }
    ).report

    # Alice opens a case from the report
    sign_in(page, alice)
    page.goto(f"/triage/{report.reference}/")
    save(page, "Open a case from this report")
    expect(page.get_by_text("opened from report").first).to_be_visible()
    assert_accessible(page)
    case_url = page.url

    # Triage
    open_step(page, "Triage: screen the concern")
    save(page)
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes").first.check()
    page.get_by_label("Why? (screening notes)").fill("Unwanted touching described")
    page.get_by_label("Urgent", exact=True).check()
    save(page)

    # Two parties, each with a risk assessment and support
    for role, name in [("Person affected", "Nurse Affected"), ("Subject of concern", "Dr Subject")]:
        open_step(page, "Add someone involved")
        page.get_by_label(role).check()
        page.get_by_label("Member of staff").check()
        page.get_by_label("Name", exact=True).fill(name)
        save(page)
    for role in ["person affected", "subject of concern"]:
        page.get_by_role("link", name=f"record a risk assessment for {role}").click()
        assert_accessible(page)
        page.get_by_label("Risk to staff").check()
        page.get_by_label("Details").fill("Same ward")
        fill_date(page, "Review date", "2027-01-10")
        save(page)
        page.get_by_role("link", name=f"record support for {role}").click()
        page.get_by_label("Freedom to Speak Up Guardian").check()
        page.get_by_label("Offered", exact=True).check()
        fill_date(page, "Date offered", "2026-11-20")
        save(page)

    # Interim measure
    open_step(page, "Add an interim measure")
    page.get_by_label("Non-patient-facing work").check()
    page.get_by_label("Reason").fill("While the review group considers it")
    fill_date(page, "Start date", "2026-11-20")
    fill_date(page, "Review date", "2027-01-20")
    save(page)

    # Review group
    open_step(page, "Refer to the review group")
    save(page, "Refer to the review group")
    # Since issue 16 the checklist's "police considered" is read from the case: the handler records a
    # decision not to involve the police, with its reason, before the review group decides.
    open_step(page, "record a decision not to involve the police")
    page.get_by_label("Reason").fill("The nurse affected asked for the police not to be involved")
    save(page, "Record the decision")
    expect(
        page.get_by_text("Police liaison recorded, or a decision not to involve the police")
    ).to_be_visible()
    panel = browser.new_context(base_url=live_server.url).new_page()
    sign_in(panel, reviewer)
    panel.goto(case_url)
    assert_accessible(panel)
    open_step(panel, "Record the review group's decision")
    for box in panel.get_by_role("checkbox").all():
        box.check()
    panel.get_by_label("Decision and reasons").fill("Investigate with a specialist investigator")
    fill_date(panel, "Date of the decision", "2026-11-21")
    save(panel)
    expect(panel.get_by_text("Review group decision recorded")).to_be_visible()

    # Investigation by a trained investigator
    page.goto(case_url)
    open_step(page, "Commission an investigation")
    page.get_by_label("Terms of reference").fill("Establish what happened")
    page.get_by_label("Ivy Inv").check()
    save(page)
    investigator = browser.new_context(base_url=live_server.url).new_page()
    sign_in(investigator, ivy)
    investigator.goto(case_url)
    open_step(investigator, "Record the investigation's findings")
    investigator.get_by_label("Findings").fill("Substantiated")
    investigator.get_by_label("Yes").check()
    save(investigator)

    # Outcome and closure
    page.goto(case_url)
    open_step(page, "Record the outcome")
    page.get_by_label("Final written warning").check()
    save(page)

    # Since issue 16 closure is refused while a required referral is still to do: each is sent, or
    # declined with a reason, first.
    open_step(page, "Close the case", exact=True)
    save(page, "Close the case")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("is required and still to do")
    assert_accessible(page)
    page.goto(case_url)
    outstanding = list(Referral.objects.filter(case__report=report, duty_status="required", status="to_do"))
    assert outstanding, "the refused closure should have been for a required referral"
    for record in outstanding:
        open_step(page, f"update the status of the {record.name}")
        page.get_by_label("Not needed", exact=True).check()
        page.get_by_label("Reason or note").fill("Considered with the review group: not needed here")
        save(page)
        page.goto(case_url)
    assert not Referral.objects.filter(case__report=report, duty_status="required", status="to_do").exists()

    open_step(page, "Close the case", exact=True)
    save(page, "Close the case")
    expect(page.get_by_text("Case closed.")).to_be_visible()
    expect(page.get_by_text("Closed", exact=True).first).to_be_visible()
    assert_accessible(page)

    # The case list
    page.goto("/cases/?queue=all")
    assert_accessible(page)

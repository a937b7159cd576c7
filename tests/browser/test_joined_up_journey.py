"""Joined up (issue 16), in the browser: a NAMED report, through every section of the case, to closure and
the reporter's outcome statement. The reporter, the case handler, the review group member and the
investigator each use their own browser; axe-core checks every page visited; the case page is also
checked at phone width."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, fill_date
from tests.browser.test_foundation_journeys import sign_in
from tests.browser.test_reporting_journeys import continue_
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375


def go(page, path):
    page.goto(path)
    assert_accessible(page)


def follow(page, name, *, exact=False):
    """Click a link and check the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=exact).first.click()
    assert_accessible(page)


def save(page, name="Save"):
    """Submit and wait for the next page, then check it."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()
    assert_accessible(page)


def answer(page, legend, choice):
    page.get_by_role("group", name=legend).get_by_label(choice, exact=True).check()


def iso(day: date) -> str:
    return day.isoformat()


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def team(orgs, bob):
    """Trust A's review group member and a trained investigator (Alice, the case handler, is shared)."""
    from rampart.cases.models import ReviewGroupMember
    from rampart.learning import services as learning

    trust = orgs["trust_a"]
    rita = MembershipFactory(
        user=UserFactory(email="rita@trust-a.nhs.uk", first_name="Rita", last_name="Review"),
        organisation=trust,
        role="review_group_member",
    ).user
    ReviewGroupMember.objects.create(organisation=trust, user=rita, role_in_group="DASV lead")
    ivy = MembershipFactory(
        user=UserFactory(email="ivy@trust-a.nhs.uk", first_name="Ivy", last_name="Inv"),
        organisation=trust,
        role="investigator",
    ).user
    learning.record_training(
        actor=bob,
        organisation=trust,
        user=ivy,
        person_name="Ivy Inv",
        course="specialist_investigation",
        completed_on=date(2025, 1, 1),
    )
    return rita, ivy


def test_a_named_report_reaches_closure_through_every_section_and_back_to_the_reporter(
    page, browser, live_server, orgs, alice, team
):
    from rampart.referrals.models import Referral

    rita, ivy = team
    today = timezone.localdate()

    def new_page():
        other = browser.new_context(base_url=live_server.url).new_page()
        other.set_default_timeout(10_000)
        return other

    # The reporter: a named report on the web journey; the confirmation shows a receipt code.
    reporter = page
    go(reporter, "/report/")
    reporter.get_by_role("button", name="Start now").click()
    reporter.get_by_label("Organisation name or code").fill("Trust A")
    reporter.get_by_role("button", name="Search").click()
    assert_accessible(reporter)
    reporter.get_by_label("Trust A").check()
    continue_(reporter)
    assert_accessible(reporter)
    reporter.get_by_label("A member of staff").check()
    continue_(reporter)
    assert_accessible(reporter)
    reporter.get_by_label("Me", exact=True).check()
    continue_(reporter)
    assert_accessible(reporter)
    reporter.get_by_label("What happened?").fill("A staff nurse touched me and an older patient on Ward 4.")
    reporter.get_by_label("Touching without consent").check()
    continue_(reporter)
    assert_accessible(reporter)
    continue_(reporter)  # when and where are optional
    assert_accessible(reporter)
    reporter.locator("#id_still_happening-2").check()
    reporter.locator("#id_someone_in_danger-2").check()
    continue_(reporter)
    assert_accessible(reporter)
    reporter.get_by_label("Named").check()
    continue_(reporter)
    assert_accessible(reporter)
    reporter.get_by_label("Your name").fill("Nia Nurse")
    reporter.get_by_label("Phone number").fill("07700 900 982")
    continue_(reporter)
    assert_accessible(reporter)
    reporter.get_by_role("button", name="Continue").click()
    expect(
        reporter.get_by_role("heading", name="Check your answers before sending your report")
    ).to_be_visible()
    assert_accessible(reporter)
    reporter.get_by_role("button", name="Send report").click()
    expect(reporter.get_by_role("heading", name="Your report has been sent")).to_be_visible()
    assert_accessible(reporter)
    reference = reporter.get_by_test_id("reference").inner_text()
    code = reporter.get_by_test_id("receipt-code").inner_text()
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", code)

    # The case handler opens a case from the report.
    handler = new_page()
    sign_in(handler, alice)
    go(handler, "/triage/")
    follow(handler, reference)
    save(handler, "Open a case from this report")
    case_url = handler.url
    expect(handler.get_by_text(f"from report {reference}").first).to_be_visible()

    # Triage: a sexual dimension.
    follow(handler, "Triage: screen the concern")
    answer(handler, "Could this concern have a sexual dimension?", "Yes")
    handler.get_by_label("Why? (screening notes)").fill("Unwanted touching of a colleague and a patient")
    handler.get_by_label("Urgent", exact=True).check()
    save(handler)

    # The people involved: the patient (an adult at risk) and the nurse, in regulated activity.
    follow(handler, "Add someone involved")
    handler.get_by_label("Person affected").check()
    handler.get_by_label("Patient", exact=True).check()
    handler.get_by_label("Name", exact=True).fill("Edith Barnes")
    answer(handler, "If they are the person affected: are they an adult at risk?", "Yes")
    answer(handler, "If they are the person affected: are they under 18?", "No")
    save(handler)
    follow(handler, "Add someone involved")
    handler.get_by_label("Subject of concern").check()
    handler.get_by_label("Member of staff").check()
    handler.get_by_label("Name", exact=True).fill("Gareth Lloyd")
    save(handler)
    # The subject's facts on their own page.
    follow(handler, "change for subject of concern")
    answer(handler, "If they are the subject of concern: does their work include regulated activity?", "Yes")
    answer(handler, "If they are the subject of concern: do they work with children?", "No")
    save(handler)

    # A risk assessment and support for everyone involved: the reporter (the person affected, as she
    # said "me"), the patient and the nurse.
    risk_links = handler.get_by_role("link", name=re.compile(r"^record a risk assessment for"))
    support_links = handler.get_by_role("link", name=re.compile(r"^record support for"))
    assert risk_links.count() == 3
    for i in range(3):
        with handler.expect_navigation():
            risk_links.nth(i).click()
        assert_accessible(handler)
        handler.get_by_label("Risk to staff").check()
        handler.get_by_label("Details").fill("Works on the same ward")
        fill_date(handler, "Review date", iso(today + timedelta(days=60)))
        save(handler)
        with handler.expect_navigation():
            support_links.nth(i).click()
        assert_accessible(handler)
        handler.get_by_label("Freedom to Speak Up Guardian").check()
        handler.get_by_label("Offered", exact=True).check()
        fill_date(handler, "Date offered", iso(today))
        save(handler)
    expect(handler.get_by_text("Assess risk for everyone involved: done").first).to_be_visible()

    # An interim measure: the nurse is excluded (removed from regulated activity).
    follow(handler, "Add an interim measure")
    handler.get_by_label("Exclusion or suspension").check()
    handler.get_by_label("Reason").fill("Excluded while the allegation is investigated")
    fill_date(handler, "Start date", iso(today))
    fill_date(handler, "Review date", iso(today + timedelta(days=14)))
    save(handler)

    # The review group.
    follow(handler, "Refer to the review group")
    save(handler, "Refer to the review group")
    # While the review group is awaited, the police are considered: a decision not to involve them,
    # with its reason.
    follow(handler, "record a decision not to involve the police")
    handler.get_by_label("Reason").fill("The patient's family asked for the police not to be involved")
    save(handler, "Record the decision")

    reviewer = new_page()
    sign_in(reviewer, rita)
    go(reviewer, "/cases/review-group/")
    go(reviewer, case_url)
    follow(reviewer, "Record the review group's decision")
    for box in reviewer.get_by_role("checkbox").all():
        if box.is_enabled():
            box.check()
    reviewer.get_by_label("Decision and reasons").fill("Investigate with a specialist investigator")
    fill_date(reviewer, "Date of the decision", iso(today))
    save(reviewer)
    expect(reviewer.get_by_text("Review group decision recorded")).to_be_visible()

    # The case team, then the investigation by a trained investigator.
    go(handler, case_url)
    follow(handler, "See or change the case team, or hand the case over")
    go(handler, case_url)
    follow(handler, "Commission an investigation")
    handler.get_by_label("Terms of reference").fill("Establish what happened on Ward 4")
    handler.get_by_label("Ivy Inv").check()
    save(handler)

    investigator = new_page()
    sign_in(investigator, ivy)
    go(investigator, case_url)
    follow(investigator, "Record an interview with the subject of concern")
    fill_date(investigator, "Date of the interview", iso(today))
    investigator.get_by_label("Notes").fill("He accepts he touched the patient's arm.")
    save(investigator)
    follow(investigator, "Add evidence")
    investigator.get_by_label("What this is").fill("Photo of the ward rota")
    investigator.get_by_label("File").set_input_files(
        {"name": "rota.png", "mimeType": "image/png", "buffer": png()}
    )
    save(investigator)
    expect(investigator.get_by_text("He accepts he touched the patient's arm.")).to_be_visible()
    follow(investigator, "Record the investigation's findings")
    investigator.get_by_label("Findings").fill("Substantiated on the balance of probabilities")
    answer(investigator, "Was the concern substantiated?", "Yes")
    save(investigator)

    # The interim measure is reviewed: it stays while the outcome is decided.
    go(handler, case_url)
    follow(handler, "Review exclusion or suspension")
    answer(handler, "What did the review decide?", "Keep the measure as it is")
    handler.get_by_label("What was considered, and why").fill("The investigation found the concern made out")
    fill_date(handler, "Next review date", iso(today + timedelta(days=28)))
    save(handler, "Record the review")

    # The outcome: dismissal, with relevant conduct and the harm test met.
    follow(handler, "Record the outcome")
    handler.get_by_label("Dismissal").check()
    handler.get_by_label("The subject was removed from regulated activity").check()
    handler.get_by_label("The findings describe relevant conduct", exact=False).check()
    handler.get_by_label("The harm test is met", exact=False).check()
    answer(
        handler,
        "Has the subject been cautioned or convicted for an offence that bars automatically?",
        "No",
    )
    handler.get_by_label("Lessons learned (optional)").fill("Chaperones for intimate care")
    save(handler)
    expect(handler.get_by_text(re.compile(r"DBS barring referral: required, due"))).to_be_visible()

    # The case cannot close while the required referrals are neither made nor declined.
    follow(handler, "Close the case")
    save(handler, "Close the case")
    expect(handler.locator(".nhsuk-error-summary")).to_be_visible()
    go(handler, case_url)
    required = Referral.objects.filter(
        case__report__reference=reference, duty_status="required", status="to_do"
    )
    assert "DBS_BARRING_REFERRAL" in set(required.values_list("duty_code", flat=True))
    for record in list(required):
        follow(handler, f"update the status of the {record.name}")
        if record.duty_code == "DBS_BARRING_REFERRAL":
            handler.get_by_label("Sent", exact=True).check()
            fill_date(handler, "Date sent (if sent or acknowledged)", iso(today))
        else:
            handler.get_by_label("Not needed", exact=True).check()
            handler.get_by_label("Reason or note").fill("Considered with the review group: not needed here")
        save(handler)
        go(handler, case_url)

    # The handler messages the reporter from the report's page.
    go(handler, f"/triage/{reference}/")
    handler.get_by_label("Your message").fill("Thank you. Which shift was this?")
    save(handler, "Send to reporter")

    # Closure, then the outcome statement for the reporter.
    go(handler, case_url)
    follow(handler, "Close the case")
    save(handler, "Close the case")
    expect(handler.get_by_text("Closed", exact=True).first).to_be_visible()
    go(handler, f"/triage/{reference}/outcome-statement/")
    handler.get_by_label("Outcome statement for the reporter").fill(
        "We looked into what you told us and took action: the person no longer works here."
    )
    save(handler, "Save the outcome statement")

    # The case page at phone width: nothing scrolls sideways.
    phone = browser.new_context(
        base_url=live_server.url, viewport={"width": PHONE_WIDTH, "height": 800}, is_mobile=True
    ).new_page()
    sign_in(phone, alice)
    go(phone, case_url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

    # The reporter comes back with their receipt code: the message and the outcome statement.
    go(reporter, "/report/inbox/")
    reporter.get_by_label("Receipt code").fill(code)
    continue_(reporter)
    assert_accessible(reporter)
    expect(reporter.get_by_text("Thank you. Which shift was this?")).to_be_visible()
    expect(reporter.get_by_test_id("outcome-statement")).to_contain_text("the person no longer works here")

"""The public reporting journey in a real browser, for each way of being known, and the inbox.
axe-core checks every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_foundation_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def continue_(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Continue", exact=True).click()


def report_up_to_anonymity(page, *, danger=False):
    page.goto("/report/")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    # Organisation, found by name
    page.get_by_label("Organisation name or code").fill("Trust A")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    page.get_by_label("Trust A").check()
    continue_(page)
    # Who it is about, and who was affected
    assert_accessible(page)
    page.get_by_label("A member of staff").check()
    continue_(page)
    assert_accessible(page)
    page.get_by_label("Me", exact=True).check()
    continue_(page)
    # What happened: an empty answer is explained, then answered
    continue_(page)
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What happened?").fill(
        "He commented on my body and blocked the door of the sluice room."
    )
    page.get_by_label("Sexual comments or jokes").check()
    continue_(page)
    # When and where
    assert_accessible(page)
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Where did it happen? (optional)").fill("Ward 9")
    continue_(page)
    # Safety
    assert_accessible(page)
    page.locator("#id_still_happening").check()  # "Yes"
    page.locator("#id_someone_in_danger" if danger else "#id_someone_in_danger-2").check()
    continue_(page)
    expect(page.get_by_role("heading", name="Get help now")).to_be_visible()
    expect(page.get_by_text("call 999").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue with my report").click()
    assert_accessible(page)


def finish(page):
    # Attachments (optional), then check answers and send
    expect(page.get_by_role("heading", name="Add photos or documents")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers before sending your report")).to_be_visible()
    expect(page.get_by_text("blocked the door of the sluice room")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", name="Your report has been sent")).to_be_visible()
    assert_accessible(page)


def test_anonymous_report_and_inbox(page, orgs, alice):
    report_up_to_anonymity(page)
    page.get_by_label("Anonymous").check()
    continue_(page)
    finish(page)
    code = page.get_by_test_id("receipt-code").inner_text()
    reference = page.get_by_test_id("reference").inner_text()
    # The case team asks a question
    from rampart.reporting import services
    from rampart.reporting.models import Report

    services.send_case_team_message(
        actor=alice, report=Report.objects.get(reference=reference), text="Thank you. Which shift was this?"
    )
    # The reporter comes back with the code
    page.goto("/report/inbox/")
    assert_accessible(page)
    page.get_by_label("Receipt code").fill("0000 0000 0000 0000")
    continue_(page)
    expect(page.get_by_text("We could not find a report with that receipt code").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Receipt code").fill(code)
    continue_(page)
    expect(page.get_by_text("Thank you. Which shift was this?")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your message").fill("Night shift, about 2am.")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Night shift, about 2am.")).to_be_visible()
    page.get_by_role("button", name="Leave your inbox").click()
    expect(page.get_by_role("heading", name="You have left your inbox")).to_be_visible()


def test_confidential_report_is_revealed_only_with_a_reason(page, browser, live_server, orgs, alice):
    report_up_to_anonymity(page, danger=True)
    page.get_by_label("Confidential").check()
    continue_(page)
    assert_accessible(page)
    page.get_by_label("Your name").fill("Sam Reporter")
    page.get_by_label("Email address").fill("sam@example.com")
    continue_(page)
    finish(page)
    reference = page.get_by_test_id("reference").inner_text()
    # Alice, the case handler, triages it
    staff = browser.new_context(base_url=live_server.url).new_page()
    sign_in(staff, alice)
    staff.goto("/triage/")
    assert_accessible(staff)
    staff.get_by_role("link", name=reference).click()
    expect(staff.get_by_text("someone is in danger").first).to_be_visible()
    expect(staff.get_by_text("Sam Reporter")).not_to_be_visible()
    assert_accessible(staff)
    staff.get_by_label("Why do you need to know who sent this report?").fill("To offer support in person")
    staff.get_by_role("button", name="Reveal who sent it").click()
    expect(staff.get_by_test_id("identity")).to_have_text(re.compile(r"^\s*Sam Reporter"))
    assert_accessible(staff)


def test_named_report_on_a_phone(phone_page, orgs):
    page = phone_page
    report_up_to_anonymity(page)
    page.get_by_label("Named").check()
    continue_(page)
    page.get_by_label("Your name").fill("Nia Nurse")
    page.get_by_label("Phone number").fill("07700 900 982")
    continue_(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finish(page)
    # Since issue 16 a named reporter gets a receipt code too, and is told how to use it; the case
    # handler still promises to contact them.
    expect(page.get_by_test_id("receipt-code")).to_have_text(re.compile(r"^\d{4} \d{4} \d{4} \d{4}$"))
    expect(page.get_by_text("read messages from the case team")).to_be_visible()
    expect(page.get_by_role("link", name="your inbox")).to_have_attribute("href", "/report/inbox/")
    expect(page.get_by_text("The case handler will contact you using the details you gave.")).to_be_visible()
    # No e-mail address was given, so there is no sign-in link to offer.
    expect(page.get_by_role("link", name="ask for a sign-in link")).to_have_count(0)


def test_reporting_works_without_javascript(no_js_page, orgs):
    page = no_js_page
    page.goto("/report/organisation/?q=RA1")
    page.get_by_label("Trust A").check()
    continue_(page)
    expect(page.get_by_role("heading", name="Who is your concern about?")).to_be_visible()

"""Given/when/then journeys through chaperoning in a real browser, axe-core on every page: a chaperone
records an examination and a concern on a phone, the case handler sees the concern, and the audit
report shows the organisation's gaps."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_foundation_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_the_screen(page) -> bool:
    page.wait_for_load_state()
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def go(page, control):
    """Click a link or button that leads to another page and wait for that page, so the next step never
    reads the page it came from."""
    with page.expect_navigation():
        control.click()


def save(page, name):
    go(page, page.get_by_role("button", name=name))


def fill_record(page, *, concern: str = ""):
    page.get_by_label("The chaperone", exact=True).check()
    page.get_by_label("Name of the clinician who examined").fill("Dr Mark Ellis")
    page.get_by_label("Patient's pseudonymous identifier").fill("PX-41002")
    page.get_by_label("Where did it take place?").select_option("outpatient")
    page.get_by_label("Department or service").fill("Urology")
    page.get_by_label("Examination or procedure").fill("Breast examination")
    page.get_by_label("Intimate: breasts, genitals or rectum").check()
    page.locator("#id_purpose_explained-2").check()  # No
    page.get_by_label("Verbal consent").check()
    page.get_by_label("The patient has capacity to consent").check()
    page.get_by_label("Requested by the clinician").check()
    page.get_by_label("Chaperone's role").fill("Staff nurse")
    page.locator("#id_observed_throughout-2").check()  # No
    page.locator("#id_informal_companion-2").check()  # No
    page.locator("#id_deferred-2").check()  # No
    if concern:
        page.get_by_label("Concern (optional)").fill(concern)
        page.get_by_label("The clinician who examined the patient").check()


def test_a_chaperone_records_an_examination_and_a_concern_on_a_phone_and_the_handler_sees_it(
    phone_page, page, cara, alice, orgs
):
    phone = phone_page
    phone.set_default_timeout(10_000)
    # Given Cara, a trained chaperone at Trust A, on her phone
    sign_in(phone, cara)
    phone.goto("/chaperoning/")
    assert_accessible(phone)
    assert fits_the_screen(phone)
    # When she saves the record without answering, she is told what is missing and keeps what she typed
    go(phone, phone.get_by_role("button", name="Record an examination"))
    expect(phone.get_by_role("heading", name="Record a chaperoned examination")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Patient's pseudonymous identifier").fill("Jane Smith")
    save(phone, "Save record")
    expect(phone.locator(".nhsuk-error-summary")).to_be_visible()
    expect(
        phone.get_by_role("link", name="Select what happened with the offer of a chaperone")
    ).to_be_visible()
    expect(phone.get_by_label("Patient's pseudonymous identifier")).to_have_value("Jane Smith")
    assert_accessible(phone)
    assert fits_the_screen(phone)
    # And when she records the examination with a concern
    fill_record(phone, concern="He sent me behind the curtain and did not explain the examination.")
    save(phone, "Save record")
    # Then the record is saved, its gaps are shown and her concern has gone to the case handlers
    expect(phone.get_by_text("Your concern has been sent to the case handlers")).to_be_visible()
    expect(
        phone.get_by_test_id("gaps").get_by_text("Chaperone could not see the examination throughout")
    ).to_be_visible()
    assert_accessible(phone)
    assert fits_the_screen(phone)
    expect(phone.locator("h1")).to_have_text(re.compile(r"^Chaperone record CHR-"))
    reference = phone.locator("h1").inner_text().removeprefix("Chaperone record ")
    # And she can still change it today
    go(phone, phone.get_by_role("link", name="Change this record"))
    expect(phone.get_by_role("heading", name=f"Change record {reference}")).to_be_visible()
    expect(phone.get_by_label("Department or service")).to_have_value("Urology")
    assert_accessible(phone)
    save(phone, "Save changes")
    expect(phone.get_by_text("Nothing was changed.")).to_be_visible()
    # And raise a further concern from the record
    go(phone, phone.get_by_role("link", name="Raise a concern about this examination"))
    expect(phone.get_by_role("heading", name=f"Raise a concern about record {reference}")).to_be_visible()
    assert_accessible(phone)
    save(phone, "Send concern")
    expect(phone.get_by_role("link", name="Enter your concern")).to_be_visible()
    assert_accessible(phone)

    # Given Alice, the case handler at Trust A
    sign_in(page, alice)
    # When she opens the triage queue, then the concern is there, naming the record
    page.goto("/triage/")
    assert_accessible(page)
    go(page, page.locator("#maincontent").get_by_role("link").filter(has_text="RPT-").first)
    expect(page.get_by_text(f"chaperone record {reference}")).to_be_visible()
    # And she can open the record itself
    page.goto(f"/chaperoning/records/{reference}/")
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Concerns")).to_be_visible()
    # And the audit report shows Trust A's gaps, with charts
    page.goto("/chaperoning/")
    assert_accessible(page)
    go(page, page.get_by_role("link", name="Audit report"))
    expect(page.get_by_text("Chaperone could not see throughout").first).to_be_visible()
    expect(page.get_by_test_id("figures").get_by_text("Without a documented purpose")).to_be_visible()
    expect(page.locator("img.rampart-chart")).to_have_count(2)
    assert_accessible(page)
    # When she asks for a bad period, she is told
    page.get_by_label("From").fill("2026-05-01")
    page.get_by_label("To").fill("2026-04-01")
    save(page, "Show")
    expect(
        page.get_by_role("link", name="The end of the period must be on or after its start")
    ).to_be_visible()
    assert_accessible(page)
    # And the policy check sets the figures beside the principles
    page.goto("/chaperoning/policy/")
    expect(
        page.get_by_role("heading", name="CH2.3 Escalation: chaperones empowered to raise concerns")
    ).to_be_visible()
    assert_accessible(page)


def test_the_audit_report_fits_a_phone(phone_page, alice, cara, orgs):
    from rampart.chaperoning import services
    from tests.chaperoning.factories import answers

    services.record_examination(
        actor=cara, organisation=orgs["trust_a"], answers=answers(offer="not_offered", chaperone_name="")
    )
    phone_page.set_default_timeout(10_000)
    sign_in(phone_page, alice)
    phone_page.goto("/chaperoning/audit/")
    assert_accessible(phone_page)
    assert fits_the_screen(phone_page)


def test_an_addendum_after_24_hours(page, cara, orgs):
    from datetime import timedelta

    from django.utils import timezone

    from rampart.chaperoning import services
    from rampart.chaperoning.models import ChaperoneRecord
    from tests.chaperoning.factories import answers

    made = services.record_examination(actor=cara, organisation=orgs["trust_a"], answers=answers())
    ChaperoneRecord.objects.filter(pk=made.pk).update(recorded_at=timezone.now() - timedelta(hours=25))
    # Given Cara's record made yesterday
    sign_in(page, cara)
    # When she tries to change it, she is sent to add an addendum instead
    page.goto(f"/chaperoning/records/{made.reference}/edit/")
    expect(page.get_by_text("the record cannot change, add an addendum")).to_be_visible()
    assert_accessible(page)
    save(page, "Add addendum")
    expect(page.get_by_role("link", name="Say why you are adding to the record")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why are you adding to the record?").fill("Chaperone's name spelt wrongly")
    page.get_by_label("Addendum").fill("The chaperone was Jo Smyth.")
    save(page, "Add addendum")
    # Then the addendum sits below the unchanged record
    expect(page.get_by_text("The chaperone was Jo Smyth.")).to_be_visible()
    expect(page.get_by_text("Chaperone's name spelt wrongly")).to_be_visible()
    assert_accessible(page)


def test_an_examination_is_recorded_without_javascript(no_js_page, cara, orgs):
    from rampart.chaperoning.models import ChaperoneRecord

    no_js_page.set_default_timeout(10_000)
    sign_in(no_js_page, cara)
    no_js_page.goto("/chaperoning/records/new/")
    fill_record(no_js_page)
    save(no_js_page, "Save record")
    expect(no_js_page.get_by_role("heading", name="Chaperone record CHR-")).to_be_visible()
    assert ChaperoneRecord.objects.get().examiner_name == "Dr Mark Ellis"

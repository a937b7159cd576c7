"""Referrals in the browser: from the case page's duties panel to a referral, its checklist, its
status (with an error first), the packet, and the overdue queue; axe-core on every page, on a phone
and without JavaScript."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rampart.cases.models import Case
from rampart.referrals.models import Referral
from tests.browser.conftest import assert_accessible, fill_date
from tests.browser.test_foundation_journeys import sign_in
from tests.referrals.conftest import add_parties, conclude, screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def overdue_case(alice, orgs):
    from rampart.cases import services as cases

    case = cases.open_case(actor=alice, organisation=orgs["trust_a"], summary="Touching on a ward round.")
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=5))
    case.refresh_from_db()
    screen(case, alice)
    add_parties(case, alice)
    conclude(case, alice)
    return case


def test_a_handler_works_a_referral_from_the_case_page(page, alice, overdue_case):
    sign_in(page, alice)
    page.goto(f"/cases/{overdue_case.reference}/")
    expect(page.get_by_text("Referral record:").first).to_be_visible()
    assert_accessible(page)

    # The DBS referral: checklist, then the status with a mistake first
    page.get_by_role("link", name="view the DBS barring referral record").click()
    assert_accessible(page)
    page.get_by_label("A dated chronology of events, linked to the documents").check()
    page.get_by_role("button", name="Save the checklist").click()
    expect(page.get_by_text("Evidence checklist saved.")).to_be_visible()
    assert page.get_by_label("A dated chronology of events, linked to the documents").is_checked()

    page.get_by_role("link", name="Update the status of the DBS barring referral").click()
    assert_accessible(page)
    page.get_by_label("Sent", exact=True).check()
    page.get_by_label("The recipient's reference (optional)").fill("DBS-REF-1")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.get_by_label("The recipient's reference (optional)").input_value() == "DBS-REF-1"
    assert_accessible(page)
    fill_date(page, "Date sent (if sent or acknowledged)", timezone.localdate().isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("DBS barring referral: status saved.")).to_be_visible()
    assert Referral.objects.get(case=overdue_case, duty_code="DBS_BARRING_REFERRAL").status == "sent"

    # The packet downloads
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the referral packet (PDF)").click()
    assert download.value.suggested_filename == f"{overdue_case.reference}-dbs-barring-referral.pdf"

    # Every referral to do, from the header on the case list; then only the overdue
    page.goto("/cases/")
    page.get_by_role("link", name="Referrals", exact=True).first.click()
    expect(page.get_by_role("heading", name="Referrals to do")).to_be_visible()
    expect(page.get_by_role("link", name=f"CQC notification on {overdue_case.reference}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Show only the overdue").click()
    expect(page.get_by_role("heading", name="Overdue referrals")).to_be_visible()
    expect(page.get_by_role("link", name=f"CQC notification on {overdue_case.reference}")).to_be_visible()
    assert_accessible(page)


def test_referral_pages_work_on_a_phone_without_javascript(browser, live_server, alice, overdue_case):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    sign_in(page, alice)
    page.goto(f"/cases/{overdue_case.reference}/")  # opens the referral records
    for path in ("/referrals/", f"/referrals/{overdue_case.reference}/cqc-notification/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.get_by_role("link", name="Update the status of the CQC notification").click()
    page.get_by_label("Not needed").check()
    page.get_by_label("Reason or note").fill("NHS England was notified through the incident system")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("CQC notification: status saved.")).to_be_visible()
    context.close()


def test_the_overdue_page_on_a_phone_is_accessible(phone_page, alice, overdue_case):
    sign_in(phone_page, alice)
    phone_page.goto(f"/cases/{overdue_case.reference}/")
    phone_page.goto("/referrals/")
    expect(phone_page.get_by_text("CQC notification").first).to_be_visible()
    assert_accessible(phone_page)

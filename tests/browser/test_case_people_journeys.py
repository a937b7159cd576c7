"""In the browser, desktop and phone: a confidential reporter on a case and the audited reveal, linking
a person on a case to a staff account, and an administrator signing a member out everywhere. axe-core
on every page; no page wider than the phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_foundation_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def confidential_case(alice):
    from rampart.cases import services as cases
    from rampart.reporting import services as reporting

    report = reporting.submit_report(
        {
            "organisation": "RA1",
            "anonymity": "confidential",
            "about": "staff",
            "affected": "me",
            "what_happened": "My supervisor touched my leg in a meeting.",
            "still_happening": "no",
            "reporter_name": "Sam Reporter",
            "reporter_email": "sam@example.com",
        }
    ).report
    return cases.open_case_from_report(actor=alice, report=report)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_handler_reveals_a_confidential_reporter_from_the_case(request, width, live_server, orgs, alice):
    page = request.getfixturevalue("page" if width == "desktop" else "phone_page")
    case = confidential_case(alice)
    sign_in(page, alice)
    page.goto(f"/cases/{case.reference}/")
    expect(page.get_by_text("Confidential reporter").first).to_be_visible()
    expect(page.get_by_text("Sam Reporter")).to_have_count(0)
    assert_accessible(page)
    fits(page)
    page.get_by_role("link", name="Reveal who made the report").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Reveal who made the report").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()  # a reason is needed
    assert_accessible(page)
    page.get_by_label("Why").fill("To arrange support the reporter asked for")
    with page.expect_navigation():
        page.get_by_role("button", name="Reveal who made the report").click()
    expect(page.get_by_test_id("identity")).to_have_text("Sam Reporter, sam@example.com")
    assert_accessible(page)
    fits(page)
    page.get_by_role("link", name="Back to the case").click()
    expect(page.get_by_text("To arrange support the reporter asked for").first).to_be_visible()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_handler_links_a_person_on_the_case_to_a_staff_account(
    request, width, live_server, orgs, alice, bob
):
    page = request.getfixturevalue("page" if width == "desktop" else "phone_page")
    case = confidential_case(alice)
    sign_in(page, alice)
    page.goto(f"/cases/{case.reference}/")
    page.get_by_role("link", name="link to a staff account").first.click()
    assert_accessible(page)
    fits(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Find their account").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("e-mail address or their staff number")
    page.get_by_label("Their work e-mail address").fill("nobody@trust-a.nhs.uk")
    with page.expect_navigation():
        page.get_by_role("button", name="Find their account").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("No account of anyone")
    assert_accessible(page)
    page.get_by_label("Their work e-mail address").fill(bob.email)
    with page.expect_navigation():
        page.get_by_role("button", name="Find their account").click()
    page.get_by_label(bob.email, exact=False).check()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm the link").click()
    expect(page.get_by_text("is linked to their staff account")).to_be_visible()
    expect(page.get_by_text("Staff account: linked").first).to_be_visible()
    fits(page)


def test_an_administrator_signs_a_member_out_everywhere_on_a_phone(phone_page, live_server, orgs, alice, bob):
    sign_in(phone_page, bob)
    phone_page.goto("/organisations/RA1/")
    assert_accessible(phone_page)
    fits(phone_page)
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name=f"Sign out everywhere {alice.email}").click()
    expect(phone_page.get_by_text("signed out on every device")).to_be_visible()
    assert_accessible(phone_page)

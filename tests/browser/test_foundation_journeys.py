"""Given/when/then journeys through the foundation pages, with axe-core on every page."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, MembershipFactory, UserFactory, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user, code=None):
    page.goto("/sign-in/")
    page.get_by_label("Work e-mail address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Security code").fill(code or current_code(user))
    # Wait for the signed-in page: a goto straight after the click could overtake the sign-in.
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/sign-in/"))


@pytest.fixture
def admin_user(orgs):
    user = MembershipFactory(
        user=UserFactory(email="bob@trust-a.nhs.uk", first_name="Bob"),
        organisation=orgs["trust_a"],
        role="administrator",
    ).user
    MembershipFactory(user=user, organisation=orgs["gp_a"], role="administrator")
    return user


def test_staff_member_signs_in_with_two_factors_and_every_page_is_accessible(page, admin_user):
    # Given the public pages
    for path in ["/", "/accessibility/", "/privacy/", "/sign-in/"]:
        page.goto(path)
        assert_accessible(page)
    # When Bob gives his password, then the security code page is shown
    page.goto("/sign-in/")
    page.get_by_label("Work e-mail address").fill(admin_user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    assert_accessible(page)
    # And when he gives the code, he reaches his work
    page.get_by_label("Security code").fill(current_code(admin_user))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    assert_accessible(page)
    # Then every staff page is reachable and accessible
    for path, heading in [
        ("/account/", "Your account"),
        ("/account/api-tokens/new/", "Create an API token"),
        ("/account/password/", "Change your password"),
        ("/organisations/RA1/members/add/", "Add someone to Trust A"),
        ("/triage/signposting/", "Support shown to reporters: GP A"),
        ("/training/", "Training: GP A"),
        ("/training/add/", "Record training"),
        ("/training/import/", "Import training records"),
        ("/cases/review-group/", "Review group: GP A"),
        ("/organisations/", "Organisations"),
        ("/organisations/RA1/", "Trust A"),
        ("/organisations/RA1/audit-log/", "Audit log: Trust A"),
        ("/organisations/switch/", "Choose the organisation you are working in"),
        ("/sign-out/", "Sign out"),
        ("/no-such-page/", "Page not found"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", name=heading, exact=True).first, path).to_be_visible()
        assert_accessible(page)
    # And the audit chain can be checked from the page
    page.goto("/organisations/RA1/audit-log/")
    page.get_by_role("button", name="Check the log has not been tampered with").click()
    expect(page.get_by_text("The audit log is intact")).to_be_visible()
    assert_accessible(page)
    # And he can switch organisation
    page.goto("/organisations/switch/")
    page.get_by_label("GP A").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You are now working in GP A")).to_be_visible()
    # And sign out
    page.goto("/sign-out/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
    assert_accessible(page)


def test_administrator_adds_a_colleague_with_a_role(page, admin_user):
    sign_in(page, admin_user)
    page.goto("/organisations/RA1/")
    page.get_by_role("link", name="Add someone to Trust A").click()
    page.get_by_role("button", name="Add").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Work e-mail address").fill("dana@trust-a.nhs.uk")
    page.get_by_label("First name").fill("Dana")
    page.get_by_label("Last name").fill("Scully")
    page.get_by_label("Investigator").check()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("dana@trust-a.nhs.uk is now investigator at Trust A")).to_be_visible()
    assert_accessible(page)


def test_errors_are_summarised_and_linked_to_their_fields(page, db):
    page.goto("/sign-in/")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    assert "Enter your work e-mail address" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your work e-mail address").click()
    assert page.evaluate("document.activeElement.id") == "id_email"


def test_new_user_enrols_an_authenticator_with_the_qr_code(page, orgs):
    user = MembershipFactory(user=UserFactory(with_authenticator=False), organisation=orgs["trust_a"]).user
    page.goto("/sign-in/")
    page.get_by_label("Work e-mail address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    import base64

    from django_otp.oath import TOTP

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Security code").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    assert_accessible(page)


@override_settings(AXES_FAILURE_LIMIT=2)
def test_locked_out_page_is_clear(page, orgs):
    user = MembershipFactory(organisation=orgs["trust_a"]).user
    for _ in range(2):
        page.goto("/sign-in/")
        page.get_by_label("Work e-mail address").fill(user.email)
        page.get_by_label("Password", exact=True).fill("wrong-password-entirely")
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your account is locked")).to_be_visible()
    assert_accessible(page)


def test_pages_work_on_a_phone(phone_page, admin_user):
    sign_in(phone_page, admin_user)
    for path in ["/home/", "/organisations/", "/organisations/RA1/audit-log/", "/account/"]:
        phone_page.goto(path)
        assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
        assert_accessible(phone_page)


def test_sign_in_works_without_javascript(no_js_page, admin_user):
    sign_in(no_js_page, admin_user)
    expect(no_js_page.get_by_role("heading", name="Your work")).to_be_visible()


def test_the_accessibility_check_catches_a_real_violation(page, db):
    page.goto("/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)

"""An onboarding check at a third trust finds a concern held by another trust and leads to a disclosure
that the holder prepares (on public task, with a Data Protection Act 2018 Schedule 1 condition for the
criminal offence data), a second handler approves and the requester reads. axe-core on every page."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible, fill_date
from tests.browser.test_foundation_journeys import sign_in
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.sharing.conftest import held_case, professional

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_TASK = "Public task (UK GDPR Article 6(1)(e))"
PROTECTING_THE_PUBLIC = "Protecting the public against malpractice"


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_onboarding_check_at_a_third_trust_leads_to_a_released_disclosure(
    page, browser, live_server, orgs, alice
):
    from rampart.sharing import services

    trust_c = OrganisationFactory(ods_code="RC1", name="Trust C", parent=orgs["icb_a"])
    erin = MembershipFactory(
        user=UserFactory(email="erin@trust-c.nhs.uk", first_name="Erin"),
        organisation=trust_c,
        role="case_handler",
    ).user
    hana = MembershipFactory(
        user=UserFactory(email="hana@trust-a.nhs.uk", first_name="Hana"),
        organisation=orgs["trust_a"],
        role="case_handler",
    ).user
    admin = MembershipFactory(
        user=UserFactory(email="adam@trust-a.nhs.uk"), organisation=orgs["trust_a"], role="administrator"
    ).user
    services.set_contact(
        actor=admin,
        organisation=orgs["trust_a"],
        name="Rowan Patel",
        role="Safeguarding lead",
        email="rowan@a.nhs.uk",
    )
    held_case(orgs["trust_a"], professional("NMC", "12A3456E"), findings="Touched a patient without consent.")

    # Given Erin at Trust C checks a candidate with a purpose
    sign_in(page, erin)
    page.goto("/sharing/checks/new/")
    assert_accessible(page)
    page.get_by_label("Professional registration number").check()
    page.get_by_label("Regulator", exact=True).select_option("NMC")
    page.get_by_label("Registration number", exact=True).fill("12a3456e")
    page.get_by_label("Candidate's full name").fill("Sam Subject")
    page.get_by_label("Role they are joining as").fill("Staff nurse")
    page.get_by_label("Recruitment: we are offering this person a job").check()
    page.get_by_label("Details of the purpose").fill("Staff nurse, ward 7, vacancy 123")
    submit(page, "Run the check")
    # Then Trust A holds an ongoing investigation; she sees who to contact, not what it is
    expect(page.get_by_test_id("check-found")).to_be_visible()
    expect(page.get_by_text("An ongoing investigation")).to_be_visible()
    expect(page.get_by_role("link", name="rowan@a.nhs.uk")).to_be_visible()
    expect(page.get_by_text("Touched a patient")).to_have_count(0)
    assert_accessible(page)

    # When she asks Trust A for a disclosure
    with page.expect_navigation():
        page.get_by_role("button", name="Ask Trust A for a disclosure").click()
    assert_accessible(page)
    # Since issue 16 an NHS trust is offered only the basis it can rely on: public task, not a legal
    # obligation (no law obliges one employer to share with another).
    bases = page.get_by_role("group", name="Lawful basis you are asking the holder to rely on")
    expect(bases.get_by_role("radio")).to_have_count(1)
    expect(bases.get_by_label("Legal obligation", exact=False)).to_have_count(0)
    bases.get_by_label(PUBLIC_TASK, exact=False).check()
    submit(page, "Send the request")
    expect(page.get_by_text("Request sent to Trust A.")).to_be_visible()
    assert_accessible(page)
    disclosure_url = page.url

    # Alice at Trust A prepares it from her records
    holder = browser.new_context(base_url=live_server.url).new_page()
    sign_in(holder, alice)
    holder.goto("/sharing/")
    assert_accessible(holder)
    with holder.expect_navigation():
        holder.get_by_test_id("incoming").get_by_role("link").first.click()
    assert_accessible(holder)
    with holder.expect_navigation():
        holder.get_by_role("button", name="Prepare the disclosure").click()
    expect(holder.get_by_label("Investigation findings")).to_contain_text(
        "Touched a patient without consent."
    )
    assert_accessible(holder)
    holder.get_by_label("Yes, we have told them what we will share").check()
    fill_date(holder, "Date you told them (if you have)", "2026-11-20")
    holder.get_by_label("The person's comments").fill("I dispute this and the investigation is not finished.")
    # The basis asked for is the one the holder relies on; touching without consent is an allegation of a
    # sexual offence (criminal offence data, proven or not), so a Schedule 1 condition is needed too.
    expect(
        holder.get_by_role("group", name="Lawful basis for this disclosure").get_by_label(
            PUBLIC_TASK, exact=False
        )
    ).to_be_checked()
    holder.get_by_role(
        "group", name="Does the disclosure include special category or criminal offence data?"
    ).get_by_label("Yes", exact=True).check()
    submit(holder, "Save for approval")
    expect(holder.locator(".nhsuk-error-summary")).to_contain_text("Schedule 1 condition you rely on")
    assert_accessible(holder)
    holder.get_by_label(PROTECTING_THE_PUBLIC, exact=False).check()
    submit(holder, "Save for approval")
    expect(holder.get_by_text("a second case handler must approve it", exact=False).first).to_be_visible()
    expect(holder.get_by_role("button", name="Approve and release")).to_have_count(0)
    assert_accessible(holder)

    # Hana, a second case handler, approves
    second = browser.new_context(base_url=live_server.url).new_page()
    sign_in(second, hana)
    second.goto(disclosure_url)
    assert_accessible(second)
    submit(second, "Approve and release")
    expect(second.get_by_text("Disclosure released to Trust C.")).to_be_visible()
    assert_accessible(second)

    # Erin reads it and can download the letter
    page.goto(disclosure_url)
    expect(page.get_by_test_id("disclosure-content")).to_contain_text("Touched a patient without consent.")
    expect(page.get_by_test_id("disclosure-content")).to_contain_text("I dispute this")
    expect(page.get_by_test_id("disclosure-content")).to_contain_text(PUBLIC_TASK)
    expect(page.get_by_test_id("disclosure-content")).to_contain_text(PROTECTING_THE_PUBLIC)
    expect(page.get_by_text("Legal obligation", exact=False)).to_have_count(0)
    letter_link = page.get_by_role("link", name="Download the disclosure letter (PDF)")
    expect(letter_link).to_be_visible()
    assert_accessible(page)
    # The letter records the same basis and condition.
    letter = page.request.get(letter_link.get_attribute("href"))
    assert letter.ok
    assert letter.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.body())).pages).split())
    assert "Public task (UK GDPR Article 6(1)(e))" in text
    assert "(Schedule 1 paragraph 11)" in text
    assert "Legal obligation" not in text


def test_an_onboarding_check_on_a_phone_refuses_no_purpose_then_finds_nothing(phone_page, orgs, charlie):
    page = phone_page
    page.set_default_timeout(10_000)
    sign_in(page, charlie)
    page.goto("/sharing/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Run an onboarding check").click()
    page.get_by_role("radio", name="ESR person number").check()
    page.get_by_role("textbox", name="ESR person number").fill("12345678")
    page.get_by_label("Candidate's full name").fill("Pat Candidate")
    page.get_by_label("Role they are joining as").fill("Porter")
    submit(page, "Run the check")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("no purpose, no search")
    assert_accessible(page)
    page.get_by_role("radio", name="Placement or rotation", exact=False).check()
    page.get_by_label("Details of the purpose").fill("Rotation from August")
    submit(page, "Run the check")
    expect(page.get_by_test_id("check-none")).to_have_text("No organisation on Rampart holds a concern")
    expect(page.get_by_text("This is not a DBS check.", exact=False)).to_be_visible()
    assert_accessible(page)

"""Given/when/then journeys through the assurance pages in a real browser, axe-core on every page."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from rampart.assurance.models import CharterProgress
from tests.browser.conftest import assert_accessible, fill_date
from tests.browser.test_foundation_journeys import sign_in
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out(page):
    page.goto("/sign-out/")
    page.get_by_role("button", name="Sign out").click()


def _answer(page, code, status, owner="Chief People Officer"):
    page.locator("#maincontent").get_by_role("link", name=code).first.click()
    page.get_by_label(status, exact=True).check()
    page.get_by_label("Owner").fill(owner)
    page.get_by_role("button", name="Save", exact=True).click()


def test_trust_completes_submits_and_approves_a_self_assessment(page, admin, board, orgs):
    # Given Bob, an administrator at Trust A
    sign_in(page, admin)
    page.goto("/assurance/")
    assert_accessible(page)
    page.locator("#maincontent").get_by_role("link", name="Trust A").click()
    assert_accessible(page)
    # When he records the workforce figures, first with a mistake
    page.locator("#maincontent").get_by_role("link", name="Add or update workforce figures").click()
    page.get_by_label("Period").fill("2025/26")
    page.get_by_label("Headcount").fill("100")
    page.get_by_label("Staff who completed the sexual misconduct e-learning (optional)").fill("150")
    page.get_by_role("button", name="Save figures").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert page.get_by_label("Headcount").input_value() == "100"
    assert_accessible(page)
    page.get_by_label("Staff who completed the sexual misconduct e-learning (optional)").fill("80")
    page.get_by_role("button", name="Save figures").click()
    # And starts the policy audit for 2025/26
    page.locator("#maincontent").get_by_role("button", name="Start a self-assessment").click()
    assert_accessible(page)
    page.get_by_label("Sexual misconduct policy audit").check()
    page.get_by_label("Period").fill("2025/26")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", name="Sexual misconduct policy audit 2025/26")).to_be_visible()
    assert_accessible(page)
    # Then each item shows evidence from Rampart beside it, honestly
    page.locator("#maincontent").get_by_role("link", name="PA3.2").first.click()
    expect(page.get_by_text("Specially trained investigators in post")).to_be_visible()
    assert_accessible(page)
    # When he says an item does not apply without a reason, he is told and keeps what he typed
    page.get_by_label("Not applicable", exact=True).check()
    page.get_by_label("Owner").fill("Head of HR")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(
        page.locator("#maincontent").get_by_role("link", name="Say why this item does not apply")
    ).to_be_visible()
    assert page.get_by_label("Owner").input_value() == "Head of HR"
    assert_accessible(page)
    # And he adds a link as evidence
    page.get_by_label("Title", exact=True).fill("Investigator pool list")
    page.get_by_label("Web address").fill("https://intranet.example/investigators")
    page.get_by_role("button", name="Add link").click()
    expect(page.locator("#maincontent").get_by_role("link", name="Investigator pool list")).to_be_visible()
    page.get_by_label("Met", exact=True).check()
    page.get_by_label("Owner").fill("Head of HR")
    page.get_by_role("button", name="Save", exact=True).click()
    # And answers the rest, one partly met with an action
    for code in ["PA1.1", "PA1.2", "PA3.1"]:
        _answer(page, code, "Met")
    _answer(page, "PA2.1", "Partly met", owner="Freedom to Speak Up Guardian")
    page.locator("#maincontent").get_by_role("link", name="Add an action to the plan").click()
    assert_accessible(page)
    page.get_by_label("Which item is this action for?").select_option(
        label="PA2.1 Anonymous reporting has been implemented for staff."
    )
    page.get_by_label("Action", exact=True).fill("Publicise the anonymous reporting form")
    page.get_by_label("Owner").fill("Freedom to Speak Up Guardian")
    fill_date(page, "Due date", "2027-06-30")
    page.get_by_role("button", name="Save action").click()
    expect(
        page.locator("#maincontent").get_by_role("link", name="Publicise the anonymous reporting form")
    ).to_be_visible()
    # And submits it for approval
    page.locator("#maincontent").get_by_role("button", name="Submit for approval").click()
    page.get_by_role("button", name="Submit for approval").click()
    expect(
        page.locator("#maincontent").get_by_role(
            "link", name="Confirm the assessment is complete and ready for approval"
        )
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("I confirm this assessment is complete and ready for approval").check()
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("Submitted. An executive board member must now approve it.")).to_be_visible()
    assert_accessible(page)
    _sign_out(page)
    # When Dana, on Trust A's board, approves it as the named executive
    sign_in(page, board)
    page.goto("/assurance/RA1/")
    page.locator("#maincontent").get_by_role("link", name="Sexual misconduct policy audit 2025/26").click()
    page.locator("#maincontent").get_by_role("button", name="Approve or send back").click()
    assert_accessible(page)
    page.get_by_label("Approve and lock the assessment").check()
    page.get_by_label("Your executive role").fill("Chief People Officer")
    page.get_by_role("button", name="Confirm decision").click()
    # Then it is locked
    expect(page.get_by_text("Approved. The assessment is now locked.")).to_be_visible()
    expect(page.get_by_text("Dana Board, Chief People Officer").first).to_be_visible()
    assert_accessible(page)
    # And she reads the board report with charts and downloads the PDF
    page.locator("#maincontent").get_by_role("link", name="View the board report").click()
    expect(
        page.get_by_role("img", name="Items by status: Not started 0, Partly met 1, Met 4")
    ).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.locator("#maincontent").get_by_role("link", name="Download this report as a PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_icb_lead_sees_every_provider_against_the_deadlines(page, icb_lead, orgs):
    # Given practices in ICB A in every state
    states = {
        "GA0001": (date(2026, 1, 5), date(2026, 1, 20), date(2026, 3, 1)),
        "GA0002": (date(2026, 1, 5), date(2026, 2, 20), date(2026, 5, 1)),
        "GA0003": (None, None, None),
    }
    for code, (contacted, signed, checklist) in states.items():
        practice = OrganisationFactory(
            ods_code=code, name=f"Practice {code}", kind="primary_care", parent=orgs["icb_a"]
        )
        CharterProgress.objects.create(
            provider=practice,
            contacted_on=contacted,
            charter_signed_on=signed,
            checklist_completed_on=checklist,
        )
    # When the ICB lead opens the oversight page
    sign_in(page, icb_lead)
    page.goto("/assurance/")
    page.locator("#maincontent").get_by_role("link", name="Providers in ICB A").click()
    # Then every provider is listed with its status
    expect(page.get_by_text("1 red, 1 amber, 1 green.")).to_be_visible()
    expect(page.get_by_text("Completed on 1 May 2026, after 31 March 2026")).to_be_visible()
    assert_accessible(page)
    # And she records contact with the practice that was never contacted
    page.locator("#maincontent").get_by_role("link", name="Record contact with Practice GA0003").click()
    for box in ("Day", "Month", "Year"):
        page.get_by_role("group", name="Date the ICB contacted the provider").get_by_label(box).fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    fill_date(page, "Date the ICB contacted the provider", "2026-06-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Contact with Practice GA0003 recorded.")).to_be_visible()


def test_practice_confirms_on_a_phone(phone_page, gp_staff):
    page = phone_page
    page.set_default_timeout(10_000)
    sign_in(page, gp_staff)
    page.goto("/assurance/GA0001/charter/")
    assert_accessible(page)
    fill_date(page, "Date you signed up to the charter", "2026-01-10")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("ICB A can see this now.")).to_be_visible()
    assert_accessible(page)


def test_analyst_sees_suppressed_aggregates(page, analyst):
    sign_in(page, analyst)
    page.goto("/assurance/")
    page.locator("#maincontent").get_by_role("link", name="Region One").click()
    expect(page.get_by_role("heading", name="Roll-up: Region One")).to_be_visible()
    expect(page.get_by_text("suppressed (fewer than 5)").first).to_be_visible()
    assert_accessible(page)

"""In the browser: a member of staff records a worry about a doctor who is already the subject of a
case; the case handler sees the pattern alert and records a decision. axe-core on every page."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_foundation_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def save(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_a_worry_about_a_doctor_with_an_open_case_raises_an_alert_the_handler_decides(
    page, browser, live_server, orgs, alice, bob
):
    from rampart.cases import services as cases
    from rampart.patterns.models import PatternDecision

    case = cases.open_case(actor=alice, organisation=orgs["trust_a"], summary="Remarks on ward rounds.")
    cases.add_party(
        actor=alice,
        case=case,
        version=None,
        role="subject",
        person=cases.PersonDetails(
            kind="staff", name="Dr Marcus Hale", regulator="GMC", registration_number="7012345"
        ),
    )

    sign_in(page, bob)
    page.goto("/patterns/signals/new/")
    expect(page.get_by_role("heading", name="Record a worry about a colleague")).to_be_visible()
    assert_accessible(page)
    save(page, "Send to the case handlers")
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Their name").fill("Marcus Hale")
    page.get_by_label("Professional regulator (optional)").select_option("GMC")
    page.get_by_label("Registration number (optional)").fill("7012345")
    page.get_by_label("Blurred professional boundaries").check()
    page.get_by_label("What happened?").fill("Asked a patient for her personal number.")
    today = date.today()
    page.locator("#id_seen_day").fill(str(today.day))
    page.locator("#id_seen_month").fill(str(today.month))
    page.locator("#id_seen_year").fill(str(today.year))
    save(page, "Send to the case handlers")
    expect(page.get_by_role("heading", name="Your worry has been recorded")).to_be_visible()
    expect(page.get_by_text("confidential to Trust A's case handlers")).to_be_visible()
    assert_accessible(page)

    handler = browser.new_context(base_url=live_server.url).new_page()
    sign_in(handler, alice)
    handler.goto("/patterns/")
    assert_accessible(handler)
    with handler.expect_navigation():
        handler.get_by_test_id("alerts").get_by_role("link").first.click()
    expect(handler.get_by_text("A weak signal while a case about them is open")).to_be_visible()
    expect(handler.get_by_text("Asked a patient for her personal number.")).to_be_visible()
    expect(handler.get_by_role("link", name=f"Case {case.reference}")).to_be_visible()
    assert_accessible(handler)
    handler.get_by_label("Keep under review").check()
    handler.get_by_label("Your reasons").fill("Added to the case file; the case investigator will ask.")
    save(handler, "Record decision")
    expect(handler.get_by_text("Decision recorded.")).to_be_visible()
    expect(handler.get_by_text("Status: Reviewed")).to_be_visible()
    assert_accessible(handler)
    assert PatternDecision.objects.get().decided_by == alice


def test_a_handler_reads_a_signal_and_confirms_a_possible_match_on_a_phone(phone_page, orgs, alice, bob):
    from rampart.cases import services as cases
    from rampart.patterns import services
    from rampart.patterns.models import MatchCandidate

    page = phone_page
    case = cases.open_case(actor=alice, organisation=orgs["trust_a"], summary="Remarks on ward rounds.")
    cases.add_party(
        actor=alice,
        case=case,
        version=None,
        role="subject",
        person=cases.PersonDetails(kind="staff", name="Jonathan Smith", date_of_birth="1980-04-02"),
    )
    services.record_weak_signal(
        actor=bob,
        organisation=orgs["trust_a"],
        answers={
            "name": "Jonathon Smyth",
            "date_of_birth": "1980-04-02",
            "kinds": ["comments"],
            "description": "Made a joke about a patient's body.",
            "observed_on": date.today(),
        },
    )
    sign_in(page, alice)
    page.goto("/patterns/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Jonathon Smyth", exact=True).click()
    expect(page.get_by_text("Made a joke about a patient's body.")).to_be_visible()
    assert_accessible(page)
    page.goto("/patterns/")
    with page.expect_navigation():
        page.get_by_role("link", name="Possible match for Jonathon Smyth").click()
    expect(page.get_by_text("Jonathan Smith", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes, the same person: link the records").check()
    save(page, "Save")
    expect(page.get_by_text("The records are linked.")).to_be_visible()
    expect(page.get_by_test_id("alerts").get_by_role("link", name="Jonathan Smith")).to_be_visible()
    assert MatchCandidate.objects.get().status == "confirmed"

"""The privacy officer's journey in a real browser, with axe-core on every page: import a scan (a bad
file first), review the queue, dismiss one alert, raise a concern from another; then the case
handler finds the concern in triage. Also on a phone, and without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.access_alerts.conftest import ALERTS_CSV, EVENTS_CSV
from tests.browser.conftest import assert_accessible
from tests.browser.test_foundation_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def files(tmp_path, alerts=ALERTS_CSV):
    (tmp_path / "alerts.csv").write_text(alerts)
    (tmp_path / "events.csv").write_text(EVENTS_CSV)
    return tmp_path / "alerts.csv", tmp_path / "events.csv"


def test_privacy_officer_imports_reviews_and_raises_a_concern(
    page, browser, live_server, priya, alice, tmp_path
):
    # Given Priya, Trust A's privacy officer, is signed in
    sign_in(page, priya)
    page.get_by_role("link", name="Access alerts").first.click()
    expect(page.get_by_role("heading", name="Access alerts: Trust A")).to_be_visible()
    expect(page.get_by_text("No alerts.")).to_be_visible()
    assert_accessible(page)

    # When she uploads a file with a bad line, nothing is imported and the line is named
    page.get_by_role("link", name="Import a scan").click()
    assert_accessible(page)
    bad = ALERTS_CSV + '4,"1","2","2025-01-15T12:00:00Z","2025-01-15T12:00:00Z",many,false,"VIP",1\n'
    (tmp_path / "bad").mkdir()
    alerts, _ = files(tmp_path / "bad", bad)
    page.get_by_label("Alerts file").set_input_files(alerts)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".nhsuk-error-summary").get_by_text("line 5: column 'events'")).to_be_visible()
    assert_accessible(page)

    # And then uploads the scan's alerts and events
    alerts, events = files(tmp_path)
    page.get_by_label("Alerts file").set_input_files(alerts)
    page.get_by_label("Access events file (optional)").set_input_files(events)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("3 new alerts added to the queue.")).to_be_visible()
    assert_accessible(page)

    # Then the best alert is first; she opens it and sees who looked at which record
    page.locator("table a").first.click()
    expect(page.get_by_role("heading", name="Access alert")).to_be_visible()
    expect(page.get_by_text("VIP or sensitive record")).to_be_visible()
    expect(page.get_by_text("Download the 3 access events (CSV)")).to_be_visible()
    assert_accessible(page)

    # She dismisses it, first forgetting to say what she found
    page.get_by_role("button", name="Dismiss").click()
    assert_accessible(page)
    page.get_by_label("Authorised work (audit, coding, research, admin)").check()
    page.get_by_role("button", name="Dismiss alert").click()
    expect(page.locator(".nhsuk-error-summary").get_by_text("Enter what you found")).to_be_visible()
    assert page.get_by_label("Authorised work (audit, coding, research, admin)").is_checked()
    assert_accessible(page)
    page.get_by_label("What did you find?").fill("Clinical coding audit, confirmed with the coding manager.")
    page.get_by_role("button", name="Dismiss alert").click()
    expect(page.get_by_text("The alert has been dismissed.")).to_be_visible()

    # And raises a concern from the next one
    page.locator("table a").first.click()
    page.get_by_role("button", name="Raise a concern").click()
    assert_accessible(page)
    page.get_by_label("Yes, I have confirmed who it is").check()
    page.get_by_label("Their full name").fill("Sam Smith")
    page.get_by_label("Their role").fill("Ward clerk")
    page.get_by_label("What should the case handlers know?").fill("Not rostered that day; no reason found.")
    page.get_by_role("button", name="Send to the case handlers").click()
    expect(page.get_by_text("sent to the case handlers")).to_be_visible()
    page.get_by_role("link", name="Concern raised (1)").click()
    assert_accessible(page)

    # Then Alice, a case handler, finds the concern in triage
    other = browser.new_context(base_url=live_server.url)
    handler = other.new_page()
    sign_in(handler, alice)
    handler.goto("/triage/")
    handler.locator("table a").first.click()
    expect(handler.get_by_text("EPR user 143 looked at", exact=False)).to_be_visible()
    expect(
        handler.get_by_text("confirmed who holds this EPR login: Sam Smith, Ward clerk", exact=False)
    ).to_be_visible()
    expect(handler.get_by_role("link", name="Download the 2 access events (CSV)")).to_be_visible()
    assert_accessible(handler)
    # opens a case from it, and the case links to the same evidence
    with handler.expect_navigation():
        handler.get_by_role("button", name="Open a case from this report").click()
    expect(handler.get_by_role("heading", name="Case ")).to_be_visible()
    expect(handler.get_by_role("link", name="Download the 2 access events (CSV)")).to_be_visible()
    assert_accessible(handler)
    other.close()


def test_the_queue_and_an_alert_work_on_a_phone(phone_page, imported, priya):
    phone_page.set_default_timeout(10_000)
    sign_in(phone_page, priya)
    phone_page.goto("/access-alerts/")
    assert_accessible(phone_page)
    phone_page.locator("table a").first.click()
    expect(phone_page.get_by_text("VIP or sensitive record")).to_be_visible()
    assert_accessible(phone_page)


def test_the_queue_is_filtered_by_reason_without_javascript(no_js_page, imported, priya):
    no_js_page.set_default_timeout(10_000)
    sign_in(no_js_page, priya)
    no_js_page.goto("/access-alerts/")
    no_js_page.get_by_label("Why it was flagged").select_option(label="Many records looked at in one day")
    with no_js_page.expect_navigation():
        no_js_page.get_by_role("button", name="Filter").click()
    expect(no_js_page.locator("table tbody tr")).to_have_count(1)
    expect(no_js_page.locator("table")).to_contain_text("Many records looked at in one day")
    expect(no_js_page.get_by_text("To review (1)")).to_be_visible()


def test_dismissing_works_without_javascript(no_js_page, imported, priya):
    no_js_page.set_default_timeout(10_000)
    sign_in(no_js_page, priya)
    no_js_page.goto("/access-alerts/")
    no_js_page.locator("table a").first.click()
    no_js_page.get_by_role("button", name="Dismiss").click()
    no_js_page.get_by_label("Legitimate care the EPR did not record").check()
    no_js_page.get_by_label("What did you find?").fill("On the ward's rota that night.")
    no_js_page.get_by_role("button", name="Dismiss alert").click()
    expect(no_js_page.get_by_text("The alert has been dismissed.")).to_be_visible()
    # axe-core needs JavaScript: these pages are checked in the journey above.

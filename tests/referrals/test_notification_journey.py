"""In the browser: the region's MDSIPS case handler opens a practice's notification about a performer
from the header, tries a date in the future (the error summary), acknowledges it, and the practice's
handler sees it acknowledged on the referral record; axe-core on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rampart.referrals.models import Notification
from tests.browser.conftest import assert_accessible, fill_date
from tests.browser.test_foundation_journeys import sign_in
from tests.factories import MembershipFactory, UserFactory
from tests.referrals.conftest import practice_case, send_notifications

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_region_acknowledges_a_performer_notification_and_the_practice_sees_it(
    browser, live_server, orgs
):
    gita = MembershipFactory(
        user=UserFactory(email="gita@gp-a.nhs.uk"), organisation=orgs["gp_a"], role="case_handler"
    ).user
    mo = MembershipFactory(
        user=UserFactory(email="mo@region.nhs.uk"), organisation=orgs["region"], role="case_handler"
    ).user
    case = practice_case(gita, orgs["gp_a"], performer=True)
    send_notifications(case, gita)
    notification = Notification.objects.get(case=case)

    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    sign_in(page, mo)
    page.goto("/")
    queue = f"/referrals/notifications/{orgs['region'].ods_code}/"
    expect(page.locator(f'a[href="{queue}"]').first).to_have_text("Notifications")  # in the header
    page.goto(queue)
    expect(page.get_by_role("heading", name="Notifications received")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"{case.reference} from GP A").click()
    expect(page.get_by_text("GMC 7654321")).to_be_visible()
    assert_accessible(page)
    fill_date(page, "Date acknowledged", (timezone.localdate() + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    fill_date(page, "Date acknowledged", timezone.localdate().isoformat())
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text(f"Notification {case.reference} acknowledged.")).to_be_visible()
    context.close()

    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    sign_in(page, gita)
    slug = notification.duties[0].lower().replace("_", "-")
    page.goto(f"/referrals/{case.reference}/{slug}/")
    expect(page.get_by_text("by Region One on")).to_be_visible()
    assert_accessible(page)
    context.close()

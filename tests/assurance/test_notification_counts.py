"""ICB oversight counts the notifications of allegations its providers send through Rampart: received,
acknowledged, not acknowledged past due, by provider; counts only, never which case."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from rampart.assurance.selectors import notification_rows
from rampart.referrals import services
from rampart.referrals.models import Notification
from tests.factories import MembershipFactory
from tests.referrals.conftest import practice_case, send_notifications


def counts_for(orgs, name):
    today = timezone.localdate()
    return next(c for p, c in notification_rows(orgs["icb_a"], today=today) if p.name == name)


def test_a_practices_notification_about_a_performer_is_counted_in_its_icbs_oversight(
    gita, isla, orgs, as_user
):
    case = practice_case(gita, orgs["gp_a"], performer=True)
    send_notifications(case, gita)
    assert Notification.objects.get(case=case).recipient == orgs["region"]  # sent via the region
    body = as_user(isla).get(f"/assurance/icb/{orgs['icb_a'].ods_code}/").content.decode()
    row = re.search(r"<tr[^>]*><td[^>]*>GP A</td>(.*?)</tr>", body, re.S)
    assert row is not None
    assert re.findall(r">(\d+)</td>", row.group(1)) == ["1", "0", "0"]
    assert case.reference not in body  # counts only


def test_acknowledged_and_past_due_notifications_are_counted(gita, orgs):
    mo = MembershipFactory(organisation=orgs["region"], role="case_handler").user
    first = practice_case(gita, orgs["gp_a"], performer=True)
    second = practice_case(gita, orgs["gp_a"], performer=False)
    send_notifications(first, gita)
    send_notifications(second, gita)
    services.acknowledge_notification(
        actor=mo, notification=Notification.objects.get(case=first), acknowledged_on=timezone.localdate()
    )
    Notification.objects.filter(case=second).update(chase_on=timezone.localdate() - timedelta(days=1))
    counts = counts_for(orgs, "GP A")
    assert (counts.received, counts.acknowledged, counts.unacknowledged_past_due) == (2, 1, 1)


def test_another_icbs_providers_are_not_counted(gita, orgs):
    send_notifications(practice_case(gita, orgs["gp_a"], performer=False), gita)
    rows = notification_rows(orgs["icb_b"], today=timezone.localdate())
    assert all(c.received == 0 for _, c in rows)
    assert counts_for(orgs, "Trust A").received == 0

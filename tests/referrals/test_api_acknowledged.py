"""The case API's referral records say whether a notification delivered inside Rampart was
acknowledged by its recipient: to whom and when it went, whether and when it was acknowledged, and
whether it is past its chase date unacknowledged; null for a record that was never delivered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rampart.accounts.services import create_api_token
from rampart.referrals import services
from rampart.referrals.models import Notification
from tests.referrals.conftest import NOTIFICATION_CODES, practice_case, send_notifications

pytestmark = pytest.mark.django_db


def _records(user, case) -> dict[str, dict]:
    _, token = create_api_token(user, "script")
    answer = Client().get(f"/api/v1/cases/{case.reference}", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    return {r["duty"]: r for r in answer.json()["panels"]["referral_records"]}


def test_a_delivered_notification_shows_in_the_api_as_not_yet_acknowledged(performer_case, gita, orgs):
    records = _records(gita, performer_case)
    notification = Notification.objects.get(case=performer_case)
    for code in NOTIFICATION_CODES:
        assert records[code]["status"] == "sent"
        assert records[code]["notification"] == {
            "recipient": orgs["region"].ods_code,
            "delivered_on": timezone.localdate().isoformat(),
            "acknowledged": False,
            "acknowledged_on": None,
            "chase_on": notification.chase_on.isoformat(),
            "not_acknowledged_past_due": False,
        }


def test_once_the_recipient_acknowledges_it_the_api_says_so_with_the_date(gita, mo, orgs):
    case = practice_case(gita, orgs["gp_a"], performer=True)
    send_notifications(case, gita, sent_on=timezone.localdate() - timedelta(days=3))
    notification = Notification.objects.get(case=case)
    acknowledged_on = timezone.localdate() - timedelta(days=1)
    services.acknowledge_notification(actor=mo, notification=notification, acknowledged_on=acknowledged_on)

    records = _records(gita, case)

    for code in NOTIFICATION_CODES:
        assert records[code]["status"] == "acknowledged"
        shown = records[code]["notification"]
        assert (shown["acknowledged"], shown["acknowledged_on"]) == (True, acknowledged_on.isoformat())
        assert shown["not_acknowledged_past_due"] is False


def test_past_its_chase_date_unacknowledged_the_api_says_it_is_overdue(performer_case, gita):
    Notification.objects.filter(case=performer_case).update(chase_on=timezone.localdate() - timedelta(days=1))
    shown = _records(gita, performer_case)["MDSIPS_NOTIFICATION"]["notification"]
    assert (shown["acknowledged"], shown["not_acknowledged_past_due"]) == (False, True)


def test_records_never_delivered_have_no_notification(performer_case, gita):
    records = _records(gita, performer_case)
    others = {code: r for code, r in records.items() if code not in NOTIFICATION_CODES}
    assert others, "the case has other referral records"
    assert all(r["notification"] is None for r in others.values())

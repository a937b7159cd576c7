"""The demo's practice notification about a performer: once in the region's queue, counted in the ICB's
oversight, and loading the demo twice adds nothing."""

from __future__ import annotations

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from rampart.accounts.models import User
from rampart.assurance.selectors import notification_rows
from rampart.organisations.models import Organisation
from rampart.referrals.models import Notification
from rampart.referrals.selectors import notification_queue


@override_settings(DEMO=True)
def test_the_demo_has_a_performer_notification_in_the_regions_queue_and_the_icbs_count(db):
    call_command("demo_data", "--quiet")
    call_command("demo_data", "--quiet")
    region = Organisation.objects.get(ods_code="Y99")
    practice = Organisation.objects.get(ods_code="Z90001")
    today = timezone.localdate()
    mo = User.objects.get(email="mo.mdsips@region.example")
    queue = notification_queue(mo, region, today=today)
    assert [n.sender for n in queue] == [practice]
    assert Notification.objects.filter(sender=practice).count() == 1
    counts = dict(notification_rows(Organisation.objects.get(ods_code="Q9A"), today=today))
    assert counts[practice].received == 1

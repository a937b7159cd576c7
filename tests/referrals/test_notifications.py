"""Commissioner and MDSIPS notifications delivered inside Rampart: a practice's notification about a
performer reaches the region's queue once, is acknowledged there (and the sender sees it), is chased
while not acknowledged, carries only the minimum data set, and no one else can see it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from rampart.core.errors import Refused
from rampart.core.models import AuditEntry, Reminder
from rampart.referrals import services
from rampart.referrals.models import Notification, Referral
from tests.dates import date_post
from tests.factories import CaseFactory, ReferralFactory
from tests.referrals.conftest import practice_case, send_notifications


def queue(org):
    return f"/referrals/notifications/{org.ods_code}/"


def page(org, notification):
    return f"/referrals/notifications/{org.ods_code}/{notification.pk}/"


def test_a_practices_notification_about_a_performer_appears_once_in_the_regions_queue(
    performer_case, mo, orgs, as_user
):
    [notification] = Notification.objects.filter(case=performer_case)
    assert notification.recipient == orgs["region"]
    body = as_user(mo).get(queue(orgs["region"])).content.decode()
    assert body.count(f'href="{page(orgs["region"], notification)}"') == 1
    assert "GP A" in body


def test_a_performers_two_notification_duties_are_one_notification(gita, orgs):
    case = practice_case(gita, orgs["gp_a"], performer=True)
    sent = send_notifications(case, gita)
    [notification] = Notification.objects.filter(case=case)
    assert sorted(notification.duties) == sorted(r.duty_code for r in sent)


def test_a_notification_about_someone_not_on_a_performers_list_goes_to_the_icb(gita, isla, mo, orgs, as_user):
    case = practice_case(gita, orgs["gp_a"], performer=False)
    send_notifications(case, gita)
    [notification] = Notification.objects.filter(case=case)
    assert notification.recipient == orgs["icb_a"]
    assert case.reference in as_user(isla).get(queue(orgs["icb_a"])).content.decode()
    assert case.reference not in as_user(mo).get(queue(orgs["region"])).content.decode()


def test_a_trusts_commissioner_notification_goes_to_its_icb(alice, orgs):
    record = ReferralFactory(
        case=CaseFactory(organisation=orgs["trust_a"]), duty_code="COMMISSIONER_NOTIFICATION"
    )
    services.change_status(
        actor=alice,
        referral=record,
        version=None,
        status="sent",
        sent_on=timezone.localdate(),
        recipient_reference="",
        reason="",
    )
    [notification] = Notification.objects.filter(case=record.case)
    assert notification.recipient == orgs["icb_a"]
    assert notification.asked == "for_information"


def test_other_referrals_marked_sent_are_not_delivered(alice, orgs):
    record = ReferralFactory(case=CaseFactory(organisation=orgs["trust_a"]), duty_code="CQC_NOTIFICATION")
    services.change_status(
        actor=alice,
        referral=record,
        version=None,
        status="sent",
        sent_on=timezone.localdate(),
        recipient_reference="",
        reason="",
    )
    assert not Notification.objects.exists()


def test_acknowledging_it_shows_on_the_senders_record(performer_case, gita, mo, orgs, as_user):
    notification = Notification.objects.get(case=performer_case)
    today = timezone.localdate()
    response = as_user(mo).post(page(orgs["region"], notification), date_post("acknowledged_on", today))
    assert response.status_code == 302
    for record in Referral.objects.filter(case=performer_case, duty_code__in=notification.duties):
        assert record.status == "acknowledged"
        assert record.changes.last().actor == mo
        body = as_user(gita).get(f"/referrals/{performer_case.reference}/{record.slug}/").content.decode()
        assert "Acknowledged" in body
        assert "by Region One" in body
    case_page = as_user(gita).get(f"/cases/{performer_case.reference}/").content.decode()
    assert "by Region One on" in case_page


def test_an_acknowledgement_is_audited(performer_case, mo):
    notification = Notification.objects.get(case=performer_case)
    services.acknowledge_notification(
        actor=mo, notification=notification, acknowledged_on=timezone.localdate()
    )
    entry = AuditEntry.objects.filter(actor=mo, object_id=str(notification.pk), action="update").get()
    assert entry.detail["what"] == "Notification acknowledged"


def test_an_acknowledgement_in_the_future_is_shown_in_the_error_summary(performer_case, mo, orgs, as_user):
    notification = Notification.objects.get(case=performer_case)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = as_user(mo).post(page(orgs["region"], notification), date_post("acknowledged_on", tomorrow))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    notification.refresh_from_db()
    assert notification.acknowledged_on is None


def test_a_notification_is_acknowledged_once(performer_case, mo):
    notification = Notification.objects.get(case=performer_case)
    services.acknowledge_notification(
        actor=mo, notification=notification, acknowledged_on=timezone.localdate()
    )
    with pytest.raises(Refused, match="already been acknowledged"):
        services.acknowledge_notification(
            actor=mo, notification=notification, acknowledged_on=timezone.localdate()
        )


def test_the_sender_cannot_mark_a_delivered_notification_acknowledged_itself(gita, orgs):
    case = practice_case(gita, orgs["gp_a"], performer=False)
    record = Referral.objects.get(case=case, duty_code="COMMISSIONER_NOTIFICATION")
    with pytest.raises(Refused, match="acknowledges this notification in Rampart"):
        services.change_status(
            actor=gita,
            referral=record,
            version=None,
            status="acknowledged",
            sent_on=timezone.localdate(),
            recipient_reference="",
            reason="",
        )


def test_unacknowledged_it_is_chased_with_the_recipient_and_the_sender(mo, performer_case, gita):
    notification = Notification.objects.get(case=performer_case)
    chased = Reminder.objects.filter(topic=f"notification:{notification.pk}", sent_at__isnull=True)
    assert {r.recipient for r in chased} == {mo, gita}
    assert {timezone.localtime(r.due_at).date() for r in chased} == {notification.chase_on}
    assert all("Pat Patient" not in r.body and "Dr Subject" not in r.body for r in chased)
    services.acknowledge_notification(
        actor=mo, notification=notification, acknowledged_on=timezone.localdate()
    )
    assert not chased.all().exists()  # a fresh query: the set above was read once already


def test_past_its_chase_date_both_sides_see_not_acknowledged(performer_case, gita, mo, orgs, as_user):
    notification = Notification.objects.get(case=performer_case)
    Notification.objects.filter(pk=notification.pk).update(chase_on=timezone.localdate() - timedelta(days=1))
    assert "Not acknowledged" in as_user(mo).get(queue(orgs["region"])).content.decode()
    record = Referral.objects.get(case=performer_case, duty_code=notification.duties[0])
    sender = as_user(gita).get(f"/referrals/{performer_case.reference}/{record.slug}/").content.decode()
    assert "Not acknowledged" in sender


def test_the_minimum_data_set_has_no_free_text(performer_case, mo, orgs, as_user):
    notification = Notification.objects.get(case=performer_case)
    body = as_user(mo).get(page(orgs["region"], notification)).content.decode()
    for expected in (performer_case.reference, "GP A", "doctor", "GMC 7654321", "Consider action"):
        assert expected in body
    for free_text in ("Pat Patient", "Dr Subject", "sexual remarks to", "Sexual remarks described"):
        assert free_text not in body
    # What the notification can hold at all: the minimum data set and its delivery, nothing else.
    fields = {f.name for f in Notification._meta.concrete_fields}
    assert fields == {
        "id", "referral", "case", "duties", "sender", "recipient", "case_reference", "sent_on",
        "subject_role", "subject_regulator", "subject_registration_number", "on_performers_list",
        "categories", "sexual_dimension", "asked", "delivered_at", "chase_on", "acknowledged_on",
        "acknowledged_by", "acknowledged_at",
    }  # fmt: skip


def test_reading_a_notification_is_audited(performer_case, mo, orgs, as_user):
    notification = Notification.objects.get(case=performer_case)
    as_user(mo).get(page(orgs["region"], notification))
    assert AuditEntry.objects.filter(actor=mo, action="read", object_id=str(notification.pk)).exists()


@pytest.mark.parametrize("who", ["ian", "isla", "gita", "alice"])
def test_no_one_but_the_recipients_staff_sees_it(performer_case, orgs, as_user, request, who):
    """Another ICB's lead, the sender's own ICB (counts only), the sender and another trust: 404."""
    user = request.getfixturevalue(who)
    notification = Notification.objects.get(case=performer_case)
    assert as_user(user).get(queue(orgs["region"])).status_code == 404
    assert as_user(user).get(page(orgs["region"], notification)).status_code == 404
    assert (
        as_user(user)
        .post(page(orgs["region"], notification), date_post("acknowledged_on", timezone.localdate()))
        .status_code
        == 404
    )
    notification.refresh_from_db()
    assert notification.acknowledged_on is None


def test_another_icbs_lead_cannot_see_a_notification_to_icb_a(gita, ian, orgs, as_user):
    case = practice_case(gita, orgs["gp_a"], performer=False)
    send_notifications(case, gita)
    notification = Notification.objects.get(case=case)
    assert as_user(ian).get(queue(orgs["icb_a"])).status_code == 404
    assert as_user(ian).get(page(orgs["icb_b"], notification)).status_code == 404
    assert as_user(ian).get(page(orgs["icb_a"], notification)).status_code == 404


def test_the_queue_is_in_the_header_for_those_who_receive_notifications(mo, gita, orgs, as_user):
    assert f'href="{queue(orgs["region"])}"' in as_user(mo).get("/").content.decode()
    assert "/referrals/notifications/" not in as_user(gita).get("/").content.decode()


def test_marking_it_sent_on_the_status_page_delivers_it_with_what_the_sender_asks(gita, orgs, as_user):
    case = practice_case(gita, orgs["gp_a"], performer=False)
    record = Referral.objects.get(case=case, duty_code="COMMISSIONER_NOTIFICATION")
    address = f"/referrals/{case.reference}/{record.slug}/status/"
    form = as_user(gita).get(address).content.decode()
    assert "What do you ask of ICB A?" in form
    assert 'value="acknowledged"' not in form  # ICB A acknowledges it, not the practice
    response = as_user(gita).post(
        address,
        {"version": record.version, "status": "sent", "asked": "advice"}
        | date_post("sent_on", timezone.localdate()),
    )
    assert response.status_code == 302
    notification = Notification.objects.get(case=case)
    assert (notification.recipient, notification.asked) == (orgs["icb_a"], "advice")

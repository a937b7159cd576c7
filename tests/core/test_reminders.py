"""core.reminders: dated reminders at 9am local time, immediate ones at the sweeper's next run, each
sent exactly once; unsent ones can be cancelled by topic."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from rampart.core import reminders
from rampart.core.management.commands.sweep import send_due_reminders
from rampart.core.models import Reminder
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_reminder_sent_now_goes_to_each_recipient_at_the_next_sweep_and_only_once():
    ann, ben = UserFactory(email="ann@trust-a.nhs.uk"), UserFactory(email="ben@trust-a.nhs.uk")
    reminders.send_now(topic="t:1", recipients=[ann, ben], subject="Please confirm", body="Sign in.")
    assert send_due_reminders() == 2
    assert send_due_reminders() == 0
    assert sorted((m.to[0], m.subject, m.body) for m in mail.outbox) == [
        ("ann@trust-a.nhs.uk", "Please confirm", "Sign in."),
        ("ben@trust-a.nhs.uk", "Please confirm", "Sign in."),
    ]


def test_a_reminder_sent_now_is_due_no_later_than_the_moment_it_was_queued():
    before = timezone.now()
    reminders.send_now(topic="t:1", recipients=[UserFactory()], subject="s", body="b")
    assert before <= Reminder.objects.get().due_at <= timezone.now()


def test_a_reminder_sent_now_keeps_its_topic_and_a_subject_cut_to_fit():
    reminders.send_now(topic="t:1", recipients=[UserFactory()], subject="x" * 250, body="b")
    assert Reminder.objects.values_list("topic", "subject").get() == ("t:1", "x" * 200)


def test_a_scheduled_reminder_is_due_at_9am_uk_time_on_its_day():
    reminders.schedule(topic="t:1", recipients=[UserFactory()], on=date(2026, 7, 1), subject="s", body="b")
    due = timezone.localtime(Reminder.objects.get().due_at)
    assert (due.date(), due.hour, due.minute) == (date(2026, 7, 1), 9, 0)
    assert due.utcoffset() == timedelta(hours=1)  # British Summer Time


def test_a_scheduled_reminder_waits_for_its_day():
    reminders.schedule(
        topic="t:1",
        recipients=[UserFactory()],
        on=timezone.localdate() + timedelta(days=1),
        subject="s",
        body="b",
    )
    assert send_due_reminders() == 0
    tomorrow_at_9 = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=1), reminders.REMIND_AT)
    )
    assert send_due_reminders(now=tomorrow_at_9) == 1


def test_cancelling_drops_the_topics_unsent_reminders_and_keeps_sent_ones_and_other_topics():
    person = UserFactory()
    reminders.send_now(topic="t:1", recipients=[person], subject="sent", body="b")
    send_due_reminders()
    reminders.send_now(topic="t:1", recipients=[person], subject="unsent", body="b")
    reminders.schedule(topic="t:1", recipients=[person], on=date(2099, 1, 1), subject="later", body="b")
    reminders.send_now(topic="t:2", recipients=[person], subject="other topic", body="b")
    reminders.cancel_unsent("t:1")
    assert sorted(Reminder.objects.values_list("subject", flat=True)) == ["other topic", "sent"]
    assert send_due_reminders() == 1

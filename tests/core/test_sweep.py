from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from rampart.core.management.commands.sweep import free_stuck_tasks, send_due_reminders
from tests.factories import ReminderFactory


@pytest.mark.django_db
def test_a_due_reminder_is_sent_exactly_once():
    reminder = ReminderFactory(due_at=timezone.now() - timedelta(minutes=1))
    assert send_due_reminders() == 1
    assert send_due_reminders() == 0
    assert [m.to for m in mail.outbox] == [[reminder.recipient.email]]
    reminder.refresh_from_db()
    assert reminder.sent_at is not None


@pytest.mark.django_db
def test_a_reminder_not_yet_due_waits():
    ReminderFactory(due_at=timezone.now() + timedelta(hours=1))
    assert send_due_reminders() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_task_stuck_running_is_put_back_in_the_queue():
    from django_tasks_db.models import DBTaskResult

    stuck = DBTaskResult.objects.create(
        status="RUNNING",
        started_at=timezone.now() - timedelta(hours=2),
        args_kwargs={"args": [], "kwargs": {}},
        task_path="rampart.core.tasks.send_email",
        backend_name="default",
        run_after=timezone.now(),
        queue_name="default",
    )
    fresh = DBTaskResult.objects.create(
        status="RUNNING",
        started_at=timezone.now(),
        args_kwargs={"args": [], "kwargs": {}},
        task_path="rampart.core.tasks.send_email",
        backend_name="default",
        run_after=timezone.now(),
        queue_name="default",
    )
    assert free_stuck_tasks() == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert (stuck.status, fresh.status) == ("READY", "RUNNING")


@pytest.mark.django_db
def test_the_sweeper_deletes_unfinished_report_drafts_after_two_hours(capsys):
    from django.core.management import call_command

    from rampart.reporting.models import ReportDraft

    ReportDraft.objects.create(token_hash="a" * 64, updated_at=timezone.now() - timedelta(hours=3))
    ReportDraft.objects.create(token_hash="b" * 64, updated_at=timezone.now())
    call_command("sweep")
    assert list(ReportDraft.objects.values_list("token_hash", flat=True)) == ["b" * 64]
    assert "unfinished report drafts deleted: 1" in capsys.readouterr().out

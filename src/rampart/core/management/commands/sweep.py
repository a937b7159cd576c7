from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from rampart.core import ratelimit
from rampart.core.models import Reminder
from rampart.core.tasks import send_email


def send_due_reminders(now: Any = None) -> int:
    """Queue an e-mail for every due, unsent reminder, exactly once.

    The task row and `sent_at` commit in one transaction, and rows are claimed with
    SELECT ... FOR UPDATE SKIP LOCKED, so two sweepers never send the same reminder.
    """
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = (
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, due_at__lte=now)
            .select_related("recipient")[:500]
        )
        for reminder in due:
            send_email.enqueue(to=[reminder.recipient.email], subject=reminder.subject, body=reminder.body)
            reminder.sent_at = now
            reminder.save(update_fields=["sent_at"])
            sent += 1
    return sent


def free_stuck_tasks(older_than: timedelta = timedelta(minutes=30)) -> int:
    """Tasks left RUNNING by a worker that died are put back in the queue."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - older_than
    return DBTaskResult.objects.filter(status="RUNNING", started_at__lt=cutoff).update(
        status="READY", started_at=None
    )


class Command(BaseCommand):
    help = "Send due reminders exactly once and free stuck background tasks (`--every N` to loop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            done = {
                "reminders queued": send_due_reminders(),
                "stuck tasks freed": free_stuck_tasks(),
                "rate-limit counters pruned": ratelimit.prune(),
            }
            # Each app may tidy its own rows: AppConfig.sweep() -> {what: how many}.
            for config in apps.get_app_configs():
                if hasattr(config, "sweep"):
                    done.update(config.sweep())
            if any(done.values()) or not options["every"]:
                self.stdout.write("; ".join(f"{what}: {n}" for what, n in done.items()))
            if not options["every"]:
                return
            time.sleep(options["every"])

"""Reminder rows for the sweeper (`rampart sweep`) to e-mail once each: at 9am on their day
(`schedule`), or at its next run (`send_now`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from rampart.core.models import Reminder

REMIND_AT = time(9)


def schedule(*, topic: str, recipients: Iterable[Any], on: date, subject: str, body: str) -> None:
    """One reminder per recipient at 9am (local time) on `on`. Callers put no case details in the
    subject or body: the reader signs in to see them."""
    due_at = timezone.make_aware(datetime.combine(on, REMIND_AT))
    _create(topic=topic, recipients=recipients, due_at=due_at, subject=subject, body=body)


def send_now(*, topic: str, recipients: Iterable[Any], subject: str, body: str) -> None:
    """One reminder per recipient, due at once: the sweeper's next run after the caller's transaction
    commits sends it, exactly once, and the row stays as the record. As with `schedule`, no case
    details in the subject or body."""
    _create(topic=topic, recipients=recipients, due_at=timezone.now(), subject=subject, body=body)


def cancel_unsent(topic: str) -> None:
    """Drop the topic's reminders not yet sent (those already sent stay as the record)."""
    Reminder.objects.filter(topic=topic, sent_at__isnull=True).delete()


def _create(*, topic: str, recipients: Iterable[Any], due_at: datetime, subject: str, body: str) -> None:
    Reminder.objects.bulk_create(
        Reminder(recipient=user, due_at=due_at, subject=subject[:200], topic=topic, body=body)
        for user in recipients
    )

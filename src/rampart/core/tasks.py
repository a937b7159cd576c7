"""Background work, run by django-tasks-db's database worker (`rampart db_worker`)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str) -> int:
    return send_mail(subject, body, None, to)

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Bring every open case's referral records into step with the duties engine: once after upgrading "
        "from records made when the case page was shown, and after changing in the database what the "
        "duties depend on. Every write to a case does this itself."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from rampart.referrals.services import sync_open_cases

        self.stdout.write(f"cases whose referral records changed: {sync_open_cases()}")

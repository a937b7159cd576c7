from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rampart.core import audit


class Command(BaseCommand):
    help = "Audit log tools. `rampart audit verify` walks the hash chain and reports the first broken entry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit.verify()
        if broken is not None:
            raise CommandError(
                f"audit log broken at entry {broken.id}: {broken.problem} ({checked} entries checked)",
                returncode=1,
            )
        self.stdout.write(f"audit log intact: {checked} entries verified")

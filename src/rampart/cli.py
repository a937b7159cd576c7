"""The `rampart` command: Django's management commands plus Rampart's own subcommands.

`rampart duties evaluate FILE` runs the pure duties engine without starting Django.
"""

from __future__ import annotations

import os
import sys

# Subcommands people type with hyphens; Django's command modules use underscores.
ALIASES = {
    "demo-data": "demo_data",
    "rotate-data-key": "rotate_data_key",
    "init-local": "init_local",
    "send-reminders": "sweep",
    "sync-referrals": "sync_referrals",
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["duties"]:
        from rampart.duties.cli import main as duties_main

        return duties_main(args[1:])
    if args[:1] == ["init-local"]:
        from rampart.local import init_local

        return init_local(args[1:])
    if args:
        args[0] = ALIASES.get(args[0], args[0])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rampart.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import OperationalError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["rampart", *args])
    except ImproperlyConfigured as exc:
        print(f"rampart: configuration problem: {exc}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        print(
            f"rampart: cannot use the database named by DATABASE_URL: {exc}".strip(),
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from rampart.core import audit

AUDIT_TABLE = "core_auditentry"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grant_statements(role: str) -> list[str]:
    """What the application's role may do: everything on the other tables (the policy decides), but
    on the audit log only INSERT and SELECT. Run as the role that owns the tables (the one that ran
    the migrations); ALTER DEFAULT PRIVILEGES covers tables later migrations create."""
    quoted = connection.ops.quote_name(role)
    database = connection.ops.quote_name(connection.settings_dict["NAME"])
    every_table = "SELECT, INSERT, UPDATE, DELETE"
    return [
        f"GRANT CONNECT ON DATABASE {database} TO {quoted}",
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT {every_table} ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {every_table} ON TABLES TO {quoted}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {quoted}",
        f"REVOKE ALL ON {AUDIT_TABLE} FROM {quoted}",
        f"GRANT SELECT, INSERT ON {AUDIT_TABLE} TO {quoted}",
    ]


class Command(BaseCommand):
    help = (
        "Audit log tools. `verify` checks the keyed chain against the signed checkpoints; `checkpoint` "
        "appends a signed checkpoint outside the database; `grant-app-role --role NAME` (PostgreSQL, "
        "run as the owner role) gives the application's role INSERT and SELECT only on the audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint", "grant-app-role"])
        parser.add_argument(
            "--checkpoint-file",
            help="verify against this file (e.g. checkpoints exported from syslog), "
            "not RAMPART_AUDIT_CHECKPOINT_FILE",
        )
        parser.add_argument("--role", help="grant-app-role: the application's PostgreSQL role")
        parser.add_argument("--sql", action="store_true", help="grant-app-role: print the SQL, run nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "verify":
            self._verify(options["checkpoint_file"])
        elif action == "checkpoint":
            self._checkpoint()
        else:
            self._grant(options["role"], print_only=options["sql"])

    def _verify(self, checkpoint_file: str | None) -> None:
        verdict = audit.check(checkpoint_file=checkpoint_file)
        failures = list(verdict.problems)
        if verdict.broken is not None:
            failures.insert(0, f"audit log broken at entry {verdict.broken.id}: {verdict.broken.problem}")
        if failures:
            raise CommandError(
                "; ".join(failures)
                + f" ({verdict.checked} entries checked, {verdict.checkpoints} checkpoints)",
                returncode=1,
            )
        self.stdout.write(
            f"audit log intact: {verdict.checked} entries verified against {verdict.checkpoints} checkpoints"
        )
        if verdict.note:
            self.stderr.write(f"warning: {verdict.note}")

    def _checkpoint(self) -> None:
        try:
            checkpoint = audit.write_checkpoint()
        except audit.CheckpointNotConfigured as exc:
            raise CommandError(str(exc), returncode=2) from exc
        assert checkpoint is not None
        self.stdout.write(
            f"checkpoint written: {checkpoint.count} entries, last entry {checkpoint.last_id}, "
            f"head {checkpoint.head[:12]}..."
        )

    def _grant(self, role: str | None, *, print_only: bool) -> None:
        if not role or not _ROLE_NAME.match(role):
            raise CommandError("--role must be a PostgreSQL role name (lower-case letters, digits, _)")
        if connection.vendor != "postgresql" and not print_only:
            raise CommandError("grant-app-role is for PostgreSQL (use --sql to see the statements)")
        statements = grant_statements(role)
        if print_only:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.rolsuper, pg_has_role(r.rolname, t.tableowner, 'MEMBER') "
                "FROM pg_roles r, pg_tables t WHERE r.rolname = %s AND t.tablename = %s",
                [role, AUDIT_TABLE],
            )
            found = cursor.fetchone()
            if found is None:
                raise CommandError(
                    f"no role {role!r} (create it first: CREATE ROLE {role} LOGIN PASSWORD ...)"
                )
            superuser, owns = found
            if superuser or owns:
                raise CommandError(
                    f"{role!r} is a superuser or owns the tables, so no grant can limit it: the application "
                    "needs its own role, apart from the owner that runs migrations"
                )
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"{role}: INSERT and SELECT only on {AUDIT_TABLE}; full use of the other tables")

"""`rampart demo-data`: made-up organisations and a user for every role. Safe to run twice."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from rampart.accounts.models import Authenticator, Membership, Role, User, recovery_code_digest
from rampart.organisations.models import OrganisationKind as K
from rampart.organisations.services import upsert_organisation

DEMO_PASSWORD = "Rampart-demo-2026"

# (ODS code, name, kind, parent ODS code, CQC-registered, regulated activity provider)
ORGANISATIONS = [
    ("X24", "NHS England", K.NATIONAL, None, False, False),
    ("Y99", "NHS England — Demo Region", K.REGION, "X24", False, False),
    ("Q9A", "North Riverside Integrated Care Board", K.ICB, "Y99", False, False),
    ("Q9B", "South Hills Integrated Care Board", K.ICB, "Y99", False, False),
    ("R1A", "Riverside University Hospitals NHS Trust", K.NHS_TRUST, "Q9A", True, True),
    ("R1B", "Hillside Mental Health NHS Foundation Trust", K.NHS_TRUST, "Q9B", True, True),
    ("R1C", "Eastmoor Community Health NHS Trust", K.NHS_TRUST, "Q9A", True, True),
    ("Z90001", "Parkview Surgery", K.PRIMARY_CARE, "Q9A", True, True),
    ("Z90002", "Millbrook Medical Centre", K.PRIMARY_CARE, "Q9A", True, True),
    ("Z90003", "Station Road Dental Practice", K.PRIMARY_CARE, "Q9B", True, True),
    ("Z90004", "Harbour Lane Practice", K.PRIMARY_CARE, "Q9B", True, True),
]

# (e-mail, first name, last name, role, ODS code)
USERS = [
    ("alice.handler@riverside.example", "Alice", "Handler", Role.CASE_HANDLER, "R1A"),
    ("bob.reviewer@riverside.example", "Bob", "Reviewer", Role.REVIEW_GROUP_MEMBER, "R1A"),
    ("ivy.investigator@riverside.example", "Ivy", "Investigator", Role.INVESTIGATOR, "R1A"),
    ("cara.clinician@riverside.example", "Cara", "Clinician", Role.CLINICIAN, "R1A"),
    ("priya.privacy@riverside.example", "Priya", "Privacy", Role.PRIVACY_OFFICER, "R1A"),
    ("bea.board@riverside.example", "Bea", "Board", Role.BOARD_MEMBER, "R1A"),
    ("adam.admin@riverside.example", "Adam", "Admin", Role.ADMINISTRATOR, "R1A"),
    ("isla.icb@northriverside.example", "Isla", "Lead", Role.ICB_LEAD, "Q9A"),
    ("nadia.analyst@region.example", "Nadia", "Analyst", Role.ANALYST, "Y99"),
    ("charlie.handler@hillside.example", "Charlie", "Handler", Role.CASE_HANDLER, "R1B"),
    ("hana.handler@hillside.example", "Hana", "Handler", Role.CASE_HANDLER, "R1B"),
    ("erin.handler@eastmoor.example", "Erin", "Handler", Role.CASE_HANDLER, "R1C"),
    ("gp.handler@parkview.example", "Gita", "Partner", Role.CASE_HANDLER, "Z90001"),
]


def demo_totp_key(email: str) -> bytes:
    """A fixed 20-byte TOTP key per demo user, so the documented secrets never change."""
    return hashlib.sha256(f"rampart-demo-totp:{email}".encode()).digest()[:20]


def demo_totp_secret(email: str) -> str:
    return base64.b32encode(demo_totp_key(email)).decode()


def demo_recovery_codes(email: str) -> list[str]:
    digest = hashlib.sha256(f"rampart-demo-recovery:{email}".encode()).hexdigest()
    return [f"{int(digest[i * 6 : (i + 1) * 6], 16) % 10**10:010d}" for i in range(10)]


class Command(BaseCommand):
    help = "Load demo organisations and a user for every role (demo or debug mode only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="do not print the users")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError("Demo users have published passwords: run this only with RAMPART_DEMO=true.")
        with transaction.atomic():
            orgs: dict[str, Any] = {}
            for code, name, kind, parent, cqc, rap in ORGANISATIONS:
                orgs[code] = upsert_organisation(
                    actor=None,
                    ods_code=code,
                    name=name,
                    kind=kind,
                    parent=orgs.get(parent or ""),
                    cqc_registered=cqc,
                    regulated_activity_provider=rap,
                    accepts_reports=kind not in (K.NATIONAL, K.REGION),
                )
            users = {
                email: self._user(email, first, last, role, orgs[code])
                for email, first, last, role, code in USERS
            }
            # Each app may add its own demo records: AppConfig.load_demo_data(orgs=..., users=...).
            for config in apps.get_app_configs():
                loader = getattr(config, "load_demo_data", None)
                if loader is not None:
                    loader(orgs=orgs, users=users)
        if not options["quiet"]:
            self._print()

    def _user(self, email: str, first: str, last: str, role: str, org: Any) -> User:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, "is_demo": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, organisation=org, role=role)
        Authenticator.objects.update_or_create(
            user=user,
            name="Authenticator app",
            defaults={"key": demo_totp_key(email).hex(), "confirmed": True},
        )
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="Recovery codes", defaults={"confirmed": True}
        )
        if not device.token_set.exists():
            StaticToken.objects.bulk_create(
                [
                    StaticToken(device=device, token=recovery_code_digest(user.pk, c))
                    for c in demo_recovery_codes(email)
                ]
            )
        return user

    def _print(self) -> None:
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for email, _first, _last, role, code in USERS:
            self.stdout.write(
                f"  {email:40} {Role(role).label:32} {code:7} TOTP secret {demo_totp_secret(email)}"
            )
        self.stdout.write("In demo mode the security-code page shows each demo user's current code.")

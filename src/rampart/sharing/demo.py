"""Demo sharing contacts for the three demo trusts (loaded by `rampart demo-data`; safe to run twice)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from rampart.sharing.models import SharingContact

CONTACTS = {
    "R1A": (
        "Rowan Patel",
        "Head of Safeguarding and People Services",
        "sharing@riverside.example",
        "0113 496 0000",
    ),
    "R1B": ("Sam Okafor", "Deputy Director of People", "sharing@hillside.example", "0161 496 0000"),
    "R1C": ("Morgan Lee", "Safeguarding Lead", "sharing@eastmoor.example", ""),
}


def load(*, orgs: dict[str, Any], users: dict[str, Any]) -> None:
    for code, (name, role, email, phone) in CONTACTS.items():
        org = orgs.get(code)
        if org is None:
            continue
        SharingContact.objects.update_or_create(
            organisation=org,
            defaults={
                "name": name,
                "role": role,
                "email": email,
                "phone": phone,
                "updated_at": timezone.now(),
            },
        )

"""Watching refusals: someone reaching again and again for records they may not see.

`core.policy` records every refusal in the audit log against the organisation that holds the object
(a 404 on another trust's case included). This module counts them per (organisation, person) in a
ten-minute window; at BURST refusals the organisation's administrators get one e-mail with a link
to their audit log. The count is kept under a hash, so the counter table names nobody."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction

from rampart.accounts.models import Role
from rampart.core import ratelimit

WINDOW_SECONDS = 600
BURST = 10


def _key(user: Any, organisation: Any) -> str:
    who = str(user.pk) if getattr(user, "is_authenticated", False) else "anonymous"
    digest = hashlib.sha256(f"{organisation.pk}:{who}".encode()).hexdigest()
    return f"denied:{digest}"


def watch(user: Any, organisation: Any) -> bool:
    """Count one refusal; on the BURST-th in the window, tell the administrators. True if told."""
    if ratelimit.hit(_key(user, organisation), window_seconds=WINDOW_SECONDS) != BURST:
        return False
    transaction.on_commit(lambda: _tell_administrators(user, organisation))
    return True


def _tell_administrators(user: Any, organisation: Any) -> None:
    from rampart.accounts.services import email_role

    who = user.email if getattr(user, "is_authenticated", False) else "someone not signed in"
    minutes = WINDOW_SECONDS // 60
    link = f"{settings.RAMPART_SITE_URL}/organisations/{organisation.ods_code}/audit-log/"
    email_role(
        organisation,
        Role.ADMINISTRATOR,
        subject=f"Rampart: repeated attempts to reach {organisation.name}'s records",
        body=(
            f"{who} was refused {BURST} times in {minutes} minutes when asking for records that "
            f"{organisation.name} holds. Each attempt is in the audit log (permission denied):\n\n"
            f"{link}\n\nIf you do not recognise this, tell your information governance lead."
        ),
    )

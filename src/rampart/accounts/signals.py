"""Alerting after repeated failed sign-ins (django-axes locks the account; we record and tell)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.db import transaction
from django.dispatch import receiver

from rampart.core import audit
from rampart.core.models import AuditAction


@receiver(user_locked_out)
def alert_on_lockout(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    from rampart.accounts.models import Membership, Role, User
    from rampart.core.tasks import send_email

    user = User.objects.filter(email__iexact=username or "").first()
    # One address trying many accounts: recorded, but nobody's account is locked, so nobody is told so.
    by_address = getattr(request, "rampart_address_locked", False)
    audit.record(
        actor=None,
        action=AuditAction.LOCKED_OUT,
        obj=user,
        actor_label=(username or "")[:254],
        detail={
            "reason": "too many failed sign-ins from one address"
            if by_address
            else "too many failed sign-ins"
        },
    )
    if user is None or by_address:
        return
    admins = set(
        Membership.objects.filter(organisation__memberships__user=user, role=Role.ADMINISTRATOR)
        .exclude(user=user)
        .values_list("user__email", flat=True)
    )
    body = (
        "There were too many failed attempts to sign in to Rampart as {who}, so the account is "
        "locked for 15 minutes. If this was not you, tell your Rampart administrator."
    )
    for address in sorted({user.email, *admins}):
        transaction.on_commit(
            lambda a=address: send_email.enqueue(
                to=[a],
                subject="Rampart: account locked after failed sign-ins",
                body=body.format(who=user.email),
            )
        )

"""Writes to organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from rampart.core import audit
from rampart.core.models import AuditAction
from rampart.core.plugins import implementations
from rampart.organisations.models import ALLOWED_PARENTS, DUTY_DEFAULTS, Organisation

if TYPE_CHECKING:
    from rampart.accounts.models import User


# What the statutory duties read of an organisation (`cases.selectors.duties_facts`).
DUTY_SETTINGS = ("kind", "cqc_registered", "regulated_activity_provider")


def check_parent(*, kind: str, parent: Organisation | None) -> None:
    allowed = ALLOWED_PARENTS[kind]
    if parent is None and allowed:
        raise ValidationError(f"A {kind} must sit under one of: {', '.join(sorted(allowed))}.")
    if parent is not None and parent.kind not in allowed:
        raise ValidationError(f"A {kind} cannot sit under a {parent.kind}.")


def upsert_organisation(
    *,
    actor: User | None,
    ods_code: str,
    name: str,
    kind: str,
    parent: Organisation | None = None,
    cqc_registered: bool | None = None,
    regulated_activity_provider: bool | None = None,
    accepts_reports: bool = True,
) -> Organisation:
    """Create or update an organisation by ODS code, checking where it sits in the hierarchy. A setting
    that changes duties and is not given keeps its value, or for a new organisation its kind's default
    (`models.DUTY_DEFAULTS`: an NHS trust is CQC-registered and provides regulated activity)."""
    check_parent(kind=kind, parent=parent)
    with transaction.atomic():
        before = Organisation.objects.filter(ods_code=ods_code.upper()).values_list(*DUTY_SETTINGS).first()
        cqc_default, rap_default = (before[1], before[2]) if before else DUTY_DEFAULTS[kind]
        cqc_registered = cqc_default if cqc_registered is None else cqc_registered
        if regulated_activity_provider is None:
            regulated_activity_provider = rap_default
        org, created = Organisation.objects.update_or_create(
            ods_code=ods_code.upper(),
            defaults={
                "name": name,
                "kind": kind,
                "parent": parent,
                "cqc_registered": cqc_registered,
                "regulated_activity_provider": regulated_activity_provider,
                "accepts_reports": accepts_reports,
            },
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=org,
            organisation=org,
            actor_label="" if actor else "system",
        )
        if not created and before != tuple(getattr(org, name) for name in DUTY_SETTINGS):
            # Its settings are facts other apps keep in step with (referral records follow the
            # duties, which depend on these): inside this change, and only when one of them changed,
            # so renaming a trust does not lock every open case.
            for changed in implementations("organisation_changed"):
                changed(organisation=org)
    return org

"""Reads of organisations, members and the audit log, scoped by the authorisation policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from rampart.accounts.models import Membership
from rampart.core.models import AuditEntry
from rampart.organisations.models import Organisation
from rampart.organisations.permissions import visible_organisations

if TYPE_CHECKING:
    from rampart.accounts.models import User


def organisation_for(user: User, ods_code: str) -> Organisation | None:
    """The organisation with this ODS code, if the user may see it."""
    return visible_organisations(user).filter(ods_code=ods_code.upper()).select_related("parent").first()


def search_accepting_reports(text: str, *, limit: int = 20) -> QuerySet[Organisation]:
    """Public: organisations that accept reports, by name or ODS code."""
    found = Organisation.objects.filter(
        accepts_reports=True,
        kind__in=["nhs_trust", "primary_care", "independent_provider", "social_care", "icb"],
    )
    text = text.strip()
    if text:
        found = found.filter(Q(name__icontains=text) | Q(ods_code__iexact=text))
    return found.order_by("name")[:limit]


def members_of(org: Organisation) -> QuerySet[Membership]:
    """Everyone who holds a role at the organisation, by e-mail address (the caller records the read)."""
    return Membership.objects.filter(organisation=org).select_related("user").order_by("user__email")


def organisation_by_ods_code(ods_code: str) -> Organisation | None:
    """Any organisation with this ODS code, visible or not: for the API to tell an unknown code from a
    refusal, which the policy then decides."""
    return Organisation.objects.filter(ods_code=ods_code).first()


def audit_entries_for(org: Organisation) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organisation=org).order_by("-id")

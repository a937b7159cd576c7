"""Reads for reporting, scoped by the authorisation policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from rampart.accounts.models import Role
from rampart.accounts.permissions import memberships
from rampart.core import policy
from rampart.organisations.models import Organisation
from rampart.reporting.models import Attachment, Report, ReportDraft, SupportService
from rampart.reporting.permissions import ReportingAction

if TYPE_CHECKING:
    from rampart.accounts.models import User

# Shown to every reporter, whatever the organisation adds.
NATIONAL_SIGNPOSTS = [
    {
        "name": "Emergency: 999",
        "description": "If you or someone else is in danger now, call 999. "
        "If you cannot speak, call 999 and press 55 when asked.",
        "phone": "999",
    },
    {
        "name": "Police non-emergency: 101",
        "description": "To report a crime that is not an emergency, call 101 "
        "or report online to your local police force.",
        "phone": "101",
    },
    {
        "name": "Rape Crisis 24/7 Support Line",
        "description": "Free, confidential support for anyone aged 16 or "
        "over affected by sexual violence, at any time.",
        "phone": "0808 500 2222",
    },
]


def triage_queue(user: User, organisation: Any) -> QuerySet[Report]:
    """Reports for an organisation, for its case handlers only."""
    if not policy.allowed(user, ReportingAction.TRIAGE_REPORTS, organisation):
        return Report.objects.none()
    return _not_about(user).filter(organisation=organisation).order_by("-received_at")


def report_for(user: User, reference: str) -> Report | None:
    """A report the user may see: they handle cases at its organisation, and are not involved in the
    case opened from it."""
    orgs = [o for o, r in memberships(user) if r == Role.CASE_HANDLER]
    return (
        _not_about(user)
        .select_related("organisation")
        .filter(reference=reference, organisation__in=orgs)
        .first()
    )


def _not_about(user: User) -> QuerySet[Report]:
    """Reports that are not about the user (whose case has none of its people linked to their
    account): the policy's `records_about`, the same answer it gives for one report."""
    about = policy.records_about(user, Report._meta.label_lower)
    return Report.objects.exclude(pk__in=about) if about else Report.objects.all()


def draft_attachments(draft: ReportDraft) -> QuerySet[Attachment]:
    """The files on a reporter's draft, without their content."""
    return Attachment.objects.filter(draft=draft).only("id", "name", "size", "content_type")


def accepts_reports(ods_code: str) -> bool:
    """Public: whether an organisation with this ODS code takes reports."""
    return Organisation.objects.filter(ods_code=ods_code, accepts_reports=True).exists()


def support_services_of(organisation: Any) -> QuerySet[SupportService]:
    """The organisation's own signposts (shown to reporters before the national ones)."""
    return SupportService.objects.filter(organisation=organisation)


def support_service_of(organisation: Any, service_id: Any) -> SupportService | None:
    return support_services_of(organisation).filter(pk=service_id or 0).first()


def signposts_for(organisation: Any) -> list[dict[str, str]]:
    local = support_services_of(organisation)
    return [
        {"name": s.name, "description": s.description, "phone": s.phone, "website": s.website} for s in local
    ] + NATIONAL_SIGNPOSTS

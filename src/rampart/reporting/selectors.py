"""Reads for reporting, scoped by the authorisation policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from rampart.accounts.models import Role
from rampart.accounts.permissions import memberships
from rampart.core import policy
from rampart.organisations.models import Organisation
from rampart.reporting import hooks, journey
from rampart.reporting.models import (
    Attachment,
    Message,
    OutcomeStatement,
    Report,
    ReportDraft,
    ReportStatus,
    SupportService,
)
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


# --- what the reporter sees ---------------------------------------------------------------------------


def _case_state(report: Report) -> str | None:
    """The state of the case opened from the report (the reverse one-to-one the policy also reads),
    or None; reporting reads the value and never imports cases."""
    case = getattr(report, "case", None)
    return str(case.state) if case is not None else None


@dataclass(frozen=True)
class InboxView:
    status: str
    status_sentence: str
    closed: bool
    messages: list[Message]
    outcome_statement: OutcomeStatement | None


def inbox_view(report: Report) -> InboxView:
    """A reporter's inbox (for whoever holds its receipt code or sign-in link): the status in plain
    words from the case's state, the messages, and the handler's latest outcome statement, shown
    only once the case (or, with no case, the report) is closed."""
    state = _case_state(report)
    label, sentence = journey.reporter_status(report.status, state)
    closed = journey.is_closed(report.status, state)
    statement = (
        OutcomeStatement.objects.filter(report=report).order_by("-written_at", "-id").first()
        if closed
        else None
    )
    return InboxView(label, sentence, closed, list(report.messages.all()), statement)


def report_opened_by_link(reference: str) -> Report | None:
    """The named report whose inbox a used sign-in link opened (the caller holds the signed cookie
    `services.use_sign_in_link` led to)."""
    return (
        Report.objects.select_related("organisation").filter(reference=reference, anonymity="named").first()
    )


def outcome_statements_of(report: Report) -> list[OutcomeStatement]:
    """Every outcome statement written for a report, latest first (the handler's page)."""
    return list(
        OutcomeStatement.objects.filter(report=report).select_related("author").order_by("-written_at", "-id")
    )


# --- "you said, we did" -------------------------------------------------------------------------------


def accepting_organisation(ods_code: str) -> Organisation | None:
    """Public: the organisation with this ODS code, if it takes reports."""
    return Organisation.objects.filter(ods_code=ods_code.upper(), accepts_reports=True).first()


def figures_since(today: date) -> date:
    """The first day of the month 12 months before `today`'s: the public figures count whole
    calendar months, so they say nothing about a day or time."""
    return date(today.year - 1, today.month, 1)


def figures_until(today: date) -> date:
    """The last day of the month before `today`'s: the month under way is left out, so reloading
    the page never shows when a report arrived (an anonymous report keeps only its day)."""
    return date(today.year, today.month, 1) - timedelta(days=1)


def you_said_we_did(organisation: Organisation, *, since: date, until: date) -> list[tuple[str, str]]:
    """The organisation's public figures for the whole months from `since` to `until` (inclusive):
    reports received in them and what was done with those reports, each count as
    `journey.public_count` shows it ("fewer than 5" under 5). Reporting counts what it holds; the
    apps above add their own (`hooks.actions_taken`)."""
    start = datetime.combine(since, time(0), tzinfo=journey.UK)
    end = datetime.combine(until + timedelta(days=1), time(0), tzinfo=journey.UK)
    reports = Report.objects.filter(organisation=organisation, received_at__gte=start, received_at__lt=end)
    counts = [
        ("Reports received", reports.count()),
        ("Reports looked into as a case", reports.filter(case__isnull=False).count()),
        ("Reports closed", reports.filter(status=ReportStatus.CLOSED).count()),
        (
            "Reporters told the outcome",
            reports.filter(status=ReportStatus.CLOSED, outcome_statements__isnull=False).distinct().count(),
        ),
        *hooks.actions_taken(organisation=organisation, since=since, until=until),
    ]
    return [(label, journey.public_count(n)) for label, n in counts]

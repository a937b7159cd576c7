"""Reads for access alerts, scoped by the authorisation policy."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse

from rampart.access_alerts import rules
from rampart.access_alerts.models import AccessAlert, AlertEvidence, AlertImport, AlertStatus
from rampart.access_alerts.permissions import AccessAlertAction
from rampart.accounts.models import Role
from rampart.accounts.permissions import memberships
from rampart.cases.hooks import CasePanel
from rampart.cases.models import Case
from rampart.cases.permissions import CaseAction
from rampart.core import policy
from rampart.core.plugins import DetailRow
from rampart.reporting.permissions import ReportingAction

if TYPE_CHECKING:
    from rampart.accounts.models import User


def queue(
    user: User, organisation: Any, *, status: str = AlertStatus.NEW, rule: str = ""
) -> QuerySet[AccessAlert]:
    """An organisation's alerts, best first, for its privacy officers only; `rule` keeps those
    flagged for that reason (a rule code)."""
    if not policy.allowed(user, AccessAlertAction.REVIEW_ACCESS_ALERTS, organisation):
        return AccessAlert.objects.none()
    alerts = AccessAlert.objects.filter(organisation=organisation)
    if status in AlertStatus.values:
        alerts = alerts.filter(status=status)
    if rule in rules.RULE_NAMES:
        # `rules` is a JSON list of codes; list containment has no SQLite lookup, so match the
        # quoted code in its text form (no code is a part of another once quoted).
        alerts = alerts.filter(rules__icontains=f'"{rule}"')
    return alerts.order_by("-score", "id")


def counts(user: User, organisation: Any, *, rule: str = "") -> dict[str, int]:
    alerts = queue(user, organisation, status="", rule=rule)
    return {value: alerts.filter(status=value).count() for value in AlertStatus.values}


def recent_imports(user: User, organisation: Any) -> QuerySet[AlertImport]:
    if not policy.allowed(user, AccessAlertAction.REVIEW_ACCESS_ALERTS, organisation):
        return AlertImport.objects.none()
    return AlertImport.objects.filter(organisation=organisation).select_related("imported_by")[:5]


def alert_for(user: User, public_id: Any) -> AccessAlert | None:
    """An alert the user may review: they are a privacy officer at its organisation."""
    orgs = [o for o, r in memberships(user) if r == Role.PRIVACY_OFFICER]
    return (
        AccessAlert.objects.select_related("organisation", "report", "scan")
        .filter(public_id=public_id, organisation__in=orgs)
        .first()
    )


def evidence_alert_for(user: User, public_id: Any) -> AccessAlert | None:
    """An alert whose access events the user may read: its privacy officers, or the case handlers
    who may read the report raised from it."""
    alert = (
        AccessAlert.objects.select_related("organisation", "report", "evidence")
        .filter(public_id=public_id, evidence__isnull=False)
        .first()
    )
    if alert is None:
        return None
    if policy.allowed(user, AccessAlertAction.REVIEW_ACCESS_ALERTS, alert.organisation):
        return alert
    if alert.report is None:
        return None
    if policy.allowed(user, ReportingAction.VIEW_REPORT, alert.report):
        return alert
    # The case opened from the report: its team (an investigator, say) needs the evidence too.
    case = Case.objects.filter(report=alert.report).first()
    if case is not None and policy.allowed(user, CaseAction.VIEW_CASE, case):
        return alert
    return None


@dataclass(frozen=True)
class EvidenceLink:
    public_id: uuid.UUID
    rows: int


def evidence_for_report(report: Any) -> EvidenceLink | None:
    """The access events behind a report raised from an access alert, for the report's page and
    its case's page to link to (the download checks again who may read them, and audits it)."""
    row = AlertEvidence.objects.filter(alert__report=report).values_list("alert__public_id", "rows").first()
    return EvidenceLink(*row) if row else None


def evidence_row(report: Any) -> DetailRow | None:
    """The link to the access events behind a report, as a row of a summary list (the report's
    page, its case's page)."""
    link = evidence_for_report(report)
    if link is None:
        return None
    return DetailRow(
        "Access events",
        f"Download the {link.rows} access event{'s' if link.rows != 1 else ''} (CSV)",
        href=reverse("access_alerts:evidence", args=[link.public_id]),
        download=True,
        after=" found by the EPR access scan",
    )


def case_panels(*, case: Case, user: User) -> list[CasePanel]:
    """On the overview of a case opened from a report raised by the EPR access scan: the link to
    its access events (for whoever may see the case; the download checks again, and audits)."""
    if case.report is None or not policy.allowed(user, CaseAction.VIEW_CASE, case):
        return []
    row = evidence_row(case.report)
    if row is None:
        return []
    return [
        CasePanel(
            key="access_events",
            title="Access events",
            section="summary",
            rows=(row,),
            data={"description": row.text + row.after, "download": row.href},
        )
    ]


def other_alerts_count(alert: AccessAlert) -> int:
    """How many other alerts the organisation holds about the same EPR user."""
    return (
        AccessAlert.objects.filter(organisation_id=alert.organisation_id, user_key=alert.user_key)
        .exclude(pk=alert.pk)
        .count()
    )

"""Writes for access alerts: importing a scan, dismissing an alert, raising a concern from one.

Each runs in one transaction, checks the policy and writes its audit entry in that transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rampart.access_alerts import rules
from rampart.access_alerts.models import (
    AccessAlert,
    AlertDecision,
    AlertEvidence,
    AlertImport,
    AlertStatus,
    DismissalReason,
)
from rampart.access_alerts.permissions import AccessAlertAction
from rampart.core import audit, policy
from rampart.core.crypto import keyed_hash
from rampart.core.errors import Refused
from rampart.core.models import AuditAction
from rampart.organisations.models import Organisation

if TYPE_CHECKING:
    from rampart.accounts.models import User


class AlreadyDecided(Refused):
    """The alert has already been dismissed or turned into a concern: the page goes back to the queue
    with this as a warning, so the caller tells it apart from other refusals."""

    default_reason = "This alert has already been decided."


class NoCaseHandlers(Refused):
    """The organisation does not take reports, so a concern has nowhere to go."""

    default_reason = "The organisation does not take reports in Rampart"


def dedup_key(row: rules.AlertRow) -> str:
    return keyed_hash(row.key_material(), key=settings.RAMPART_INDEX_KEY, purpose="access_alert")


def user_key(epr_user_id: str) -> str:
    return keyed_hash(epr_user_id, key=settings.RAMPART_INDEX_KEY, purpose="access_alert_user")


@dataclass(frozen=True)
class Imported:
    scan: AlertImport
    new: int
    already_imported: int
    evidence_attached: int


def import_scan(
    *,
    actor: User,
    organisation: Organisation,
    source: str,
    alerts: Sequence[rules.AlertRow],
    events: Sequence[rules.AccessEvent] | None = None,
    summary: rules.ScanSummary | None = None,
) -> Imported:
    """Bring a scan's alerts into the organisation's queue, all or nothing. An alert already imported
    (the same user, patient and first access) is not added again; if it has no evidence yet and the
    events are given now, they are attached."""
    policy.require(actor, AccessAlertAction.REVIEW_ACCESS_ALERTS, organisation)
    now = timezone.now()
    with transaction.atomic():
        # One import at a time per organisation, so two uploads of one scan cannot both add it.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        keyed = {dedup_key(row): row for row in alerts}  # a row repeated in the file counts once
        existing = dict(
            AccessAlert.objects.filter(organisation=organisation, dedup_key__in=list(keyed)).values_list(
                "dedup_key", "pk"
            )
        )
        scan = AlertImport.objects.create(
            organisation=organisation,
            imported_by=actor,
            imported_at=now,
            source=source,
            engine=summary.engine if summary else "",
            events_scanned=summary.events if summary else None,
            explained_share=summary.explained_share if summary else None,
            alerts_in_file=len(alerts),
            alerts_new=len(keyed) - len(existing),
        )
        created = AccessAlert.objects.bulk_create(
            [_alert(organisation, scan, key, row) for key, row in keyed.items() if key not in existing]
        )
        attached = 0
        if events is not None:
            targets = [(a, keyed[a.dedup_key]) for a in created] + [
                (a, keyed[a.dedup_key])
                for a in AccessAlert.objects.filter(pk__in=existing.values(), evidence__isnull=True)
            ]
            attached = _attach_evidence(targets, events, now)
            scan.evidence_attached = attached
            scan.save(update_fields=["evidence_attached"])
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=scan,
            organisation=organisation,
            detail={
                "alerts_in_file": len(alerts),
                "new": scan.alerts_new,
                "already_imported": len(existing),
                "evidence_attached": attached,
            },
        )
    return Imported(scan, scan.alerts_new, len(existing), attached)


def _alert(organisation: Organisation, scan: AlertImport, key: str, row: rules.AlertRow) -> AccessAlert:
    return AccessAlert(
        organisation=organisation,
        scan=scan,
        dedup_key=key,
        user_key=user_key(row.user_id),
        epr_user_id=row.user_id,
        patient_id=row.patient_id,
        first_ts=row.first_ts,
        last_ts=row.last_ts,
        events=row.events,
        explained=row.explained,
        rules=list(row.rules),
        score=row.score,
        rank=row.rank,
    )


def _attach_evidence(
    targets: Sequence[tuple[AccessAlert, rules.AlertRow]], events: Sequence[rules.AccessEvent], now: Any
) -> int:
    by_user: dict[str, list[rules.AccessEvent]] = {}
    for event in events:
        by_user.setdefault(event.user_id, []).append(event)
    rows = []
    for alert, row in targets:
        matched = rules.events_for(row, by_user.get(row.user_id, []))
        if matched:
            rows.append(
                AlertEvidence(
                    alert=alert, events_csv=rules.events_csv(matched), rows=len(matched), attached_at=now
                )
            )
    AlertEvidence.objects.bulk_create(rows)
    return len(rows)


def _decide(
    alert: AccessAlert,
    *,
    actor: User,
    status: str,
    reason: str = "",
    details: str = "",
    subject: StaffMember | None = None,
) -> None:
    # Lock the row: two reviewers deciding at once cannot both succeed.
    current = AccessAlert.objects.select_for_update().values_list("status", flat=True).get(pk=alert.pk)
    if current != AlertStatus.NEW:
        raise AlreadyDecided
    AlertDecision.objects.create(
        alert=alert,
        status=status,
        at=timezone.now(),
        actor=actor,
        reason=reason,
        details=details,
        subject_confirmed=subject.confirmed if subject else None,
        subject_name=subject.name if subject else "",
        subject_role=subject.role if subject else "",
        subject_staff_number=subject.staff_number if subject else "",
    )
    alert.status = status


def dismiss(*, actor: User, alert: AccessAlert, reason: str, details: str) -> None:
    """Close an alert as explained, with the reason kept (append-only) and audited."""
    policy.require(actor, AccessAlertAction.REVIEW_ACCESS_ALERTS, alert.organisation)
    if reason not in DismissalReason.values:
        raise ValueError(f"unknown reason {reason!r}")
    with transaction.atomic():
        _decide(alert, actor=actor, status=AlertStatus.DISMISSED, reason=reason, details=details)
        AccessAlert.objects.filter(pk=alert.pk).update(status=AlertStatus.DISMISSED)
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=alert,
            organisation=alert.organisation,
            detail={"status": AlertStatus.DISMISSED, "reason": reason},
        )


@dataclass(frozen=True)
class StaffMember:
    """Who holds the EPR login, as the privacy officer knows it: confirmed (from the EPR's user
    directory, the smartcard registration) or not. The EPR user id is not a staff number."""

    confirmed: bool
    name: str = ""
    role: str = ""
    staff_number: str = ""

    def describe(self) -> str:
        details = ", ".join(p for p in (self.name, self.role) if p)
        if self.staff_number:
            details += f", staff number {self.staff_number}"
        if self.confirmed:
            return f"The privacy officer has confirmed who holds this EPR login: {details}."
        if self.name:
            return (
                "The privacy officer has not confirmed who holds this EPR login; "
                f"they think it may be {details} (not confirmed)."
            )
        return "The privacy officer has not confirmed who holds this EPR login."


def _staff_member(identity: str, name: str, role: str, staff_number: str) -> StaffMember:
    problems: dict[str | None, str] = {}
    if identity not in ("confirmed", "unconfirmed"):
        problems["identity"] = "Say whether you have confirmed who holds this EPR login"
    elif identity == "confirmed":
        if not name.strip():
            problems["staff_name"] = "Enter the full name of the member of staff you confirmed"
        if not role.strip():
            problems["staff_role"] = "Enter their role, like ward clerk"
    if problems:
        raise Refused.on_fields(problems)
    return StaffMember(
        confirmed=identity == "confirmed",
        name=name.strip(),
        role=role.strip(),
        staff_number=staff_number.strip(),
    )


def raise_concern(
    *,
    actor: User,
    alert: AccessAlert,
    details: str,
    identity: str = "unconfirmed",
    staff_name: str = "",
    staff_role: str = "",
    staff_number: str = "",
) -> Any:
    """Turn an alert into a named report from the privacy officer to the organisation's case
    handlers, about a member of staff; the case handlers open a case from it in triage. The access
    events stay with the alert as encrypted evidence, readable by the report's case handlers.

    Whom it is about is what the privacy officer knows (`identity`: "confirmed" with a name and role,
    and a staff number if known; or "unconfirmed"). Only a confirmed person becomes a weak signal
    (cumulative patterns), and never through the EPR user id: that id is the EPR's own and may equal
    an unrelated person's staff number."""
    from rampart.patterns import services as patterns
    from rampart.reporting import services as reporting

    policy.require(actor, AccessAlertAction.REVIEW_ACCESS_ALERTS, alert.organisation)
    if not alert.organisation.accepts_reports:
        raise NoCaseHandlers(f"{alert.organisation.name} does not take reports in Rampart")
    subject = _staff_member(identity, staff_name, staff_role, staff_number)
    text = concern_text(alert, details=details, subject=subject)
    answers = {
        "organisation": alert.organisation.ods_code,
        "anonymity": "named",
        "about": "staff",
        "affected": "patient",
        "what_happened": text,
        "categories": ["inappropriate_records_access"],
        "happened_on": alert.first_ts.date().isoformat(),
        "where": "Electronic patient record",
        "still_happening": "not_sure",
        "someone_in_danger": False,
        "reporter_name": actor.get_full_name() or actor.email,
        "reporter_email": actor.email,
    }
    with transaction.atomic():
        _decide(alert, actor=actor, status=AlertStatus.CONCERN_RAISED, details=details, subject=subject)
        submitted = reporting.submit_report(answers)
        AccessAlert.objects.filter(pk=alert.pk).update(
            status=AlertStatus.CONCERN_RAISED, report=submitted.report
        )
        alert.report = submitted.report
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=alert,
            organisation=alert.organisation,
            detail={
                "status": AlertStatus.CONCERN_RAISED,
                "report": submitted.report.reference,
                "identity": "confirmed" if subject.confirmed else "unconfirmed",
            },
        )
        if subject.confirmed:
            patterns.record_weak_signal(
                actor=None,
                organisation=alert.organisation,
                answers={
                    "name": subject.name,
                    "role": subject.role,
                    "staff_number": subject.staff_number,
                    "kinds": ["record_access"],
                    "description": text,
                    "observed_on": alert.first_ts.date(),
                },
                source=f"access alert {alert.public_id}",
            )
    return submitted.report


def concern_text(alert: AccessAlert, *, details: str, subject: StaffMember | None = None) -> str:
    subject = subject or StaffMember(confirmed=False)
    target = "a patient's record" if alert.patient_id else "patients' records"
    reasons = "; ".join(rules.RULE_NAMES.get(code, code) for code in alert.rules)
    lines = [
        f"Raised by the privacy officer from an EPR access alert. EPR user {alert.epr_user_id} looked at "
        f"{target} {alert.events} time{'s' if alert.events != 1 else ''} between "
        f"{alert.first_ts:%-d %B %Y %H:%M} and {alert.last_ts:%-d %B %Y %H:%M} (UTC).",
        subject.describe(),
        f"Why it was flagged: {reasons}.",
        "The access was explained by a care relationship."
        if alert.explained
        else "No care relationship explained the access.",
        "",
        details,
    ]
    if hasattr(alert, "evidence"):
        lines += [
            "",
            f"The access events are attached as evidence: /access-alerts/{alert.public_id}/events.csv",
        ]
    return "\n".join(lines)

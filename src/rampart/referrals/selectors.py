"""Reads of referral records, scoped through the cases a user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import F, QuerySet
from django.utils import timezone

from rampart.cases.hooks import CasePanel
from rampart.cases.models import Case
from rampart.cases.permissions import CaseAction
from rampart.cases.selectors import case_for, visible_cases
from rampart.core import policy
from rampart.duties import DutyCode
from rampart.organisations.models import Organisation
from rampart.referrals import rules
from rampart.referrals.models import Notification, Referral, ReferralStatus
from rampart.referrals.permissions import ReferralAction

if TYPE_CHECKING:
    from rampart.accounts.models import User


def referral_for(user: User, reference: str, duty_slug: str) -> Referral | None:
    """The referral record for a duty on a case the user may see; None for anyone else."""
    code = rules.code_from_slug(duty_slug)
    case = case_for(user, reference)
    if code is None or case is None:
        return None
    referral = Referral.objects.filter(case=case, duty_code=code).first()
    if referral is not None:
        referral.case = case  # the scoped case, with its organisation already loaded
    return referral


def overdue_referrals(user: User, *, today: date) -> QuerySet[Referral]:
    """Referrals still to do, for duties the engine still finds, whose due date has passed."""
    return (
        Referral.objects.filter(
            case__in=visible_cases(user).values("pk"),
            status=ReferralStatus.TO_DO,
            indicated=True,
            due_on__lt=today,
        )
        .select_related("case", "case__organisation")
        .order_by("due_on", "id")
    )


def outstanding_referrals(user: User) -> QuerySet[Referral]:
    """Every referral still to do, for duties the engine still finds, on the cases the user may
    see: by due date (so the overdue come first), then those with no due date."""
    return (
        Referral.objects.filter(
            case__in=visible_cases(user).values("pk"), status=ReferralStatus.TO_DO, indicated=True
        )
        .select_related("case", "case__organisation")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


def notification_queue(user: User, recipient: Organisation, *, today: date) -> list[Notification]:
    """The notifications delivered to `recipient`, for those who receive them there (else none):
    those not acknowledged first (the chased before the rest), then the acknowledged, newest first."""
    if not policy.allowed(user, ReferralAction.RECEIVE_NOTIFICATIONS, recipient):
        return []
    found = list(Notification.objects.filter(recipient=recipient).select_related("sender")[:500])
    return sorted(
        found,
        key=lambda n: (n.acknowledged_on is not None, not n.is_unacknowledged_past_due(today)),
    )


def notification_for(user: User, pk: int) -> Notification | None:
    """A notification for someone who receives it at its recipient; None for anyone else."""
    notification = (
        Notification.objects.filter(pk=pk).select_related("sender", "recipient", "acknowledged_by").first()
    )
    if notification is None or not policy.allowed(user, ReferralAction.RECEIVE_NOTIFICATIONS, notification):
        return None
    return notification


def notification_queues(user: User) -> list[Organisation]:
    """The organisations whose notification queue the user works (for the header and Your work)."""
    from rampart.accounts.permissions import memberships

    held = {org for org, role in memberships(user) if role in rules.RECIPIENT_ROLES.values()}
    return [
        org
        for org in Organisation.objects.filter(pk__in=held).order_by("name")
        if policy.allowed(user, ReferralAction.RECEIVE_NOTIFICATIONS, org)
    ]


@dataclass(frozen=True)
class NotificationCounts:
    """Counts only, for ICB oversight: never which case or whom."""

    received: int = 0
    acknowledged: int = 0
    unacknowledged_past_due: int = 0


def notification_counts(icb: Organisation, *, today: date) -> dict[int, NotificationCounts]:
    """By provider the ICB commissions (its id): the notifications it has sent through Rampart,
    to the ICB or via the region, how many are acknowledged and how many are chased. The caller
    checks that the user oversees the ICB."""
    tally: dict[int, list[int]] = {}
    rows = Notification.objects.filter(sender__parent=icb).values_list(
        "sender_id", "acknowledged_on", "chase_on"
    )
    for sender, acknowledged_on, chase_on in rows:
        counts = tally.setdefault(sender, [0, 0, 0])
        counts[0] += 1
        counts[1] += acknowledged_on is not None
        counts[2] += rules.is_unacknowledged_past_due(
            acknowledged_on=acknowledged_on, chase_on=chase_on, today=today
        )
    return {sender: NotificationCounts(*counts) for sender, counts in tally.items()}


def organisation_by_code(ods_code: str) -> Organisation | None:
    return Organisation.objects.filter(ods_code=ods_code).first()


def category_labels(codes: list[str]) -> list[str]:
    from rampart.reporting.forms import CATEGORIES  # as the case page shows them

    labels = dict(CATEGORIES)
    return [str(labels.get(code, code)) for code in codes]


def ticked_items(referral: Referral) -> set[str]:
    return set(referral.ticks.values_list("item", flat=True))


def packet_facts(case: Case, referral: Referral) -> rules.PacketFacts:
    from rampart.cases.models import Investigation, Outcome, RiskAssessment

    parties = list(case.parties.select_related("person"))
    subject = next((p.person for p in parties if p.role == "subject"), None)
    investigation = Investigation.objects.filter(case=case).first()
    outcome = Outcome.objects.filter(case=case).first()
    ticked = ticked_items(referral)
    return rules.PacketFacts(
        duty=DutyCode(referral.duty_code),
        subject_recorded=subject is not None,
        subject_role_recorded=bool(subject and subject.role),
        registration_recorded=bool(subject and subject.registration_number),
        affected_recorded=any(p.role == "affected" for p in parties),
        chronology_entries=case.timeline.count(),
        risk_assessments=RiskAssessment.objects.filter(party__case=case).count(),
        findings_recorded=bool(investigation and investigation.completed_on),
        outcome_recorded=outcome is not None,
        removed_from_regulated_activity=bool(
            outcome and (outcome.removed_from_regulated_activity or outcome.left_before_removal)
        ),
        unticked=tuple(item for item in referral.checklist() if item.code not in ticked),
    )


def case_panels(*, case: Case, user: User) -> list[CasePanel]:
    """The referral records on the case's overview (`ReferralsConfig.case_panels`): under each duty,
    its record; after the duties, the records whose duty the engine no longer finds and the link to
    the overdue queue; for the API, every record. Only for someone who may see the case; the links
    that change a record only for those who may edit it. One query; writes nothing."""
    if not policy.allowed(user, CaseAction.VIEW_CASE, case):
        return []
    order = list(rules.REFERRAL_CODES)
    records = sorted(Referral.objects.filter(case=case), key=lambda r: order.index(DutyCode(r.duty_code)))
    today = timezone.localdate()
    can_edit = policy.allowed(user, CaseAction.EDIT_CASE, case)
    delivered = _delivered(case, records)
    under_each_duty = [
        CasePanel(
            key=f"referral:{r.duty_code}",
            title=r.status_label + (", overdue" if r.is_overdue_on(today) else ""),
            template="referrals/_case_record.html",
            context={
                "case": case,
                "record": r,
                "can_edit": can_edit,
                "today": today,
                "notification": delivered.get(r.duty_code),
            },
            section=f"duty:{r.duty_code}",
        )
        for r in records
    ]
    return [
        *under_each_duty,
        CasePanel(
            key="referral_records",
            title="Referral records",
            template="referrals/_case_records.html",
            context={"case": case, "kept": [r for r in records if not r.indicated]},
            section="duties",
            data=[_record_data(r, today, delivered.get(r.duty_code)) for r in records],
        ),
    ]


def _delivered(case: Case, records: list[Referral]) -> dict[str, Notification]:
    """The notification each notification record on the case was delivered as (by duty code)."""
    if not any(r.duty_code in rules.NOTIFICATION_CODES for r in records):
        return {}
    found: dict[str, Notification] = {}
    for n in Notification.objects.filter(case=case).select_related("recipient"):
        for code in n.duties:
            found.setdefault(code, n)
    return found


def delivered_as(referral: Referral) -> Notification | None:
    """The notification a referral record was delivered as, if any (for its page)."""
    if referral.duty_code not in rules.NOTIFICATION_CODES:
        return None
    return _delivered(referral.case, [referral]).get(referral.duty_code)


def _record_data(record: Referral, today: date, notification: Notification | None) -> dict[str, Any]:
    """A record as the case API gives it; a notification record delivered inside Rampart says to
    whom, when, and whether the recipient has acknowledged it (null while it was never delivered)."""
    return {
        "duty": record.duty_code,
        "name": record.name,
        "status": record.status,
        "indicated": record.indicated,
        "due_on": record.due_on.isoformat() if record.due_on else None,
        "sent_on": record.sent_on.isoformat() if record.sent_on else None,
        "overdue": record.is_overdue_on(today),
        "notification": _notification_data(notification, today) if notification else None,
    }


def _notification_data(notification: Notification, today: date) -> dict[str, Any]:
    return {
        "recipient": notification.recipient.ods_code,
        "delivered_on": timezone.localtime(notification.delivered_at).date().isoformat(),
        "acknowledged": notification.acknowledged_on is not None,
        "acknowledged_on": notification.acknowledged_on.isoformat() if notification.acknowledged_on else None,
        "chase_on": notification.chase_on.isoformat(),
        "not_acknowledged_past_due": notification.is_unacknowledged_past_due(today),
    }


def referrals_made(*, organisation: Organisation, since: date, until: date) -> int:
    """How many referrals and notifications were made (sent, or sent and since acknowledged) from
    `since` to `until` (both days included) on the cases opened from the organisation's reports: a
    public count for its "you said, we did" page (`ReferralsConfig.actions_taken`; reporting
    suppresses one under 5)."""
    return Referral.objects.filter(
        case__organisation=organisation,
        case__report__isnull=False,
        status__in=(ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED),
        sent_on__gte=since,
        sent_on__lte=until,
    ).count()

"""Reads of referral records, scoped through the cases a user may see."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from rampart.cases.hooks import CasePanel
from rampart.cases.models import Case
from rampart.cases.permissions import CaseAction
from rampart.cases.selectors import case_for, visible_cases
from rampart.core import policy
from rampart.duties import DutyCode
from rampart.referrals import rules
from rampart.referrals.models import Referral, ReferralStatus

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
    under_each_duty = [
        CasePanel(
            key=f"referral:{r.duty_code}",
            title=r.status_label + (", overdue" if r.is_overdue_on(today) else ""),
            template="referrals/_case_record.html",
            context={"case": case, "record": r, "can_edit": can_edit, "today": today},
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
            data=[_record_data(r, today) for r in records],
        ),
    ]


def _record_data(record: Referral, today: date) -> dict[str, Any]:
    return {
        "duty": record.duty_code,
        "name": record.name,
        "status": record.status,
        "indicated": record.indicated,
        "due_on": record.due_on.isoformat() if record.due_on else None,
        "sent_on": record.sent_on.isoformat() if record.sent_on else None,
        "overdue": record.is_overdue_on(today),
    }

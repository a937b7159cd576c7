"""Reads of referral records, scoped through the cases a user may see."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from rampart.cases.models import Case
from rampart.cases.selectors import case_for, visible_cases
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

"""Reads for assurance, scoped by the authorisation policy."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from rampart.assurance import rules
from rampart.assurance.catalogue import Framework, load_all
from rampart.assurance.evidence import EVIDENCE_KEYS, gather
from rampart.assurance.models import (
    ActionStatus,
    Assessment,
    AssessmentItem,
    AssessmentStatus,
    CharterProgress,
    ProviderReminder,
    WorkforceFigure,
)
from rampart.assurance.permissions import AssuranceAction
from rampart.core import policy
from rampart.core.policy import Action
from rampart.organisations.models import Organisation, OrganisationKind
from rampart.organisations.permissions import visible_organisations

if TYPE_CHECKING:
    from rampart.accounts.models import User

PRIMARY_CARE_FRAMEWORK = "primary_care_checklist"
CHARTER_FRAMEWORK = "charter"
POLICY_AUDIT_FRAMEWORK = "policy_audit"


@cache
def frameworks() -> dict[str, Framework]:
    """Every framework file, loaded and checked once per process."""
    return load_all(evidence_keys=EVIDENCE_KEYS)


def frameworks_for(org: Organisation) -> list[Framework]:
    return sorted((f for f in frameworks().values() if org.kind in f.applies_to), key=lambda f: f.title)


def primary_care_deadlines() -> rules.Deadlines:
    d = frameworks()[PRIMARY_CARE_FRAMEWORK].deadlines
    return rules.Deadlines(contact_by=d["contact_by"], confirm_by=d["confirm_by"])


def organisation_for(user: User, ods_code: str, action: Action) -> Organisation | None:
    org = visible_organisations(user).filter(ods_code=ods_code.upper()).select_related("parent").first()
    if org is None or not policy.allowed(user, action, org):
        return None
    return org


def assessment_for(user: User, pk: int) -> Assessment | None:
    """The assessment, if the user may see it; None otherwise (the view answers 404)."""
    found = Assessment.objects.select_related("organisation", "organisation__parent").filter(pk=pk).first()
    if found is None or not policy.allowed(user, AssuranceAction.VIEW_ASSESSMENT, found.organisation):
        return None
    return found


def assessments_of(org: Organisation) -> QuerySet[Assessment]:
    return Assessment.objects.filter(organisation=org).order_by("-period", "framework_title")


def charter_progress_of(provider: Organisation) -> CharterProgress | None:
    """What a primary care provider has confirmed of the charter, if anything yet."""
    return CharterProgress.objects.filter(provider=provider).first()


def workforce_figures_of(org: Organisation) -> QuerySet[WorkforceFigure]:
    return WorkforceFigure.objects.filter(organisation=org)


def organisations_to_assess(user: User) -> list[Organisation]:
    return [
        o for o in visible_organisations(user) if policy.allowed(user, AssuranceAction.VIEW_ASSESSMENT, o)
    ]


def icbs_to_oversee(user: User) -> list[Organisation]:
    found = visible_organisations(user).filter(kind=OrganisationKind.ICB)
    return [o for o in found if policy.allowed(user, AssuranceAction.OVERSEE_PROVIDERS, o)]


def rollup_areas(user: User) -> list[Organisation]:
    found = visible_organisations(user).filter(kind__in=[OrganisationKind.REGION, OrganisationKind.NATIONAL])
    return [o for o in found if policy.allowed(user, AssuranceAction.VIEW_ROLLUP, o)]


@dataclass
class ItemView:
    item: AssessmentItem
    evidence: list[Any]
    actions: list[Any]


def sections_of(assessment: Assessment, *, with_evidence: bool = True) -> list[tuple[str, list[ItemView]]]:
    items = list(assessment.items.prefetch_related("attachments", "actions"))
    grouped: dict[str, list[ItemView]] = {}
    for item in items:
        evidence = (
            gather(item.evidence_keys, assessment.organisation, assessment.period) if with_evidence else []
        )
        grouped.setdefault(item.section_title, []).append(ItemView(item, evidence, list(item.actions.all())))
    return list(grouped.items())


def status_counts(assessment: Assessment) -> dict[str, int]:
    counts = Counter(assessment.items.values_list("status", flat=True))
    return {s.value: counts.get(s.value, 0) for s in rules.ItemStatus}


def action_counts(assessment: Assessment, *, today: date) -> dict[str, int]:
    actions = list(assessment.actions.all())
    overdue = sum(1 for a in actions if a.status != ActionStatus.DONE and a.due_on < today)
    counts = Counter(a.status for a in actions)
    return {
        "Not started": counts.get(ActionStatus.OPEN, 0),
        "In progress": counts.get(ActionStatus.IN_PROGRESS, 0),
        "Done": counts.get(ActionStatus.DONE, 0),
        "Overdue": overdue,
    }


def history_of(assessment: Assessment) -> list[tuple[str, dict[str, int]]]:
    """Status counts for this organisation's assessments against the same framework, oldest first."""
    earlier = Assessment.objects.filter(
        organisation=assessment.organisation,
        framework_code=assessment.framework_code,
        period__lte=assessment.period,
    ).order_by("period")
    return [(a.period, status_counts(a)) for a in earlier]


@dataclass
class ProviderRow:
    provider: Organisation
    progress: CharterProgress | None
    status: rules.RagStatus
    elearning: str
    last_reminded: Any


def oversight_rows(icb: Organisation, *, today: date) -> list[ProviderRow]:
    """Every primary care provider the ICB commissions, with its RAG status against the deadlines."""
    from rampart.assurance.evidence import current_period, elearning_completion

    deadlines = primary_care_deadlines()
    providers = Organisation.objects.filter(parent=icb, kind=OrganisationKind.PRIMARY_CARE).order_by("name")
    progress = {p.provider_id: p for p in CharterProgress.objects.filter(provider__in=providers)}
    reminders: dict[int, Any] = {}
    for r in ProviderReminder.objects.filter(provider__in=providers).order_by("sent_at"):
        reminders[r.provider_id] = r.sent_at
    rows = []
    for provider in providers:
        p = progress.get(provider.pk)
        state = rules.ProviderProgress(
            charter_signed_on=p.charter_signed_on if p else None,
            checklist_completed_on=p.checklist_completed_on if p else None,
            contacted_on=p.contacted_on if p else None,
        )
        elearning = elearning_completion(provider, current_period(today))
        rows.append(
            ProviderRow(
                provider,
                p,
                rules.provider_rag(state, deadlines, today=today),
                elearning.value,
                reminders.get(provider.pk),
            )
        )
    return rows


def notification_rows(icb: Organisation, *, today: date) -> list[tuple[Organisation, Any]]:
    """Every provider the ICB commissions with its notifications of allegations sent through
    Rampart (to the ICB, or via the region for a performer): received, acknowledged and not
    acknowledged past their chase date. Counts only, never which case (`referrals.selectors`)."""
    from rampart.referrals.selectors import NotificationCounts, notification_counts

    counts = notification_counts(icb, today=today)
    providers = Organisation.objects.filter(parent=icb).order_by("kind", "name")
    return [(p, counts.get(p.pk, NotificationCounts())) for p in providers]


def trust_rows(icb: Organisation) -> list[tuple[Organisation, Assessment | None]]:
    trusts = (
        Organisation.objects.filter(parent=icb).exclude(kind=OrganisationKind.PRIMARY_CARE).order_by("name")
    )
    latest = {}
    for a in Assessment.objects.filter(organisation__in=trusts, framework_code=CHARTER_FRAMEWORK).order_by(
        "period"
    ):
        latest[a.organisation_id] = a
    return [(t, latest.get(t.pk)) for t in trusts]


def approved_status(org_ids: list[int], framework_code: str) -> dict[int, Assessment]:
    """The latest submitted or approved assessment per organisation for a framework."""
    found: dict[int, Assessment] = {}
    for a in (
        Assessment.objects.filter(organisation_id__in=org_ids, framework_code=framework_code)
        .exclude(status=AssessmentStatus.DRAFT)
        .order_by("period")
    ):
        found[a.organisation_id] = a
    return found

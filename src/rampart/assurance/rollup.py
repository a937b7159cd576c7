"""Regional and national roll-ups: organisation-level figures only, counts of 1 to 4 suppressed.
Nothing here reads a case, a report or a person."""

from __future__ import annotations

from dataclasses import dataclass

from rampart.assurance import rules
from rampart.assurance.models import AssessmentItem, AssessmentStatus, CharterProgress
from rampart.assurance.selectors import CHARTER_FRAMEWORK, POLICY_AUDIT_FRAMEWORK, approved_status
from rampart.organisations.models import Organisation, OrganisationKind

MET = (rules.ItemStatus.MET, rules.ItemStatus.EXCEEDED)
ANONYMOUS_REPORTING_ITEM = "PA2.1"
POLICY_ADOPTED_ITEM = "PA1.1"


@dataclass(frozen=True)
class Measure:
    label: str
    denominator_label: str


MEASURES = [
    Measure("Anonymous reporting in place", "Trusts and ICBs"),
    Measure("Sexual misconduct policy adopted", "Trusts and ICBs"),
    Measure("Charter self-assessment approved", "Trusts and ICBs"),
    Measure("Signed up to the charter", "Primary care providers"),
    Measure("Self-assurance checklist completed", "Primary care providers"),
]


@dataclass
class AreaRow:
    name: str
    counts: list[tuple[int, int]]  # (numerator, denominator) per measure
    shares: list[rules.Share]
    denominators: list[rules.Figure]


def _below(area: Organisation) -> list[Organisation]:
    ids = {area.pk}
    found: list[Organisation] = []
    for _ in range(3):
        level = list(Organisation.objects.filter(parent_id__in=ids))
        found.extend(level)
        ids = {o.pk for o in level}
    return found


def _met(org_ids: list[int], framework: str, item_code: str) -> int:
    latest = approved_status(org_ids, framework)
    return AssessmentItem.objects.filter(
        assessment__in=latest.values(), code=item_code, status__in=MET
    ).count()


def _counts(orgs: list[Organisation], period: str) -> list[tuple[int, int]]:
    bodies = [o.pk for o in orgs if o.kind in (OrganisationKind.NHS_TRUST, OrganisationKind.ICB)]
    practices = [o.pk for o in orgs if o.kind == OrganisationKind.PRIMARY_CARE]
    approved = sum(
        1
        for a in approved_status(bodies, CHARTER_FRAMEWORK).values()
        if a.status == AssessmentStatus.APPROVED and a.period == period
    )
    progress = CharterProgress.objects.filter(provider_id__in=practices)
    return [
        (_met(bodies, POLICY_AUDIT_FRAMEWORK, ANONYMOUS_REPORTING_ITEM), len(bodies)),
        (_met(bodies, POLICY_AUDIT_FRAMEWORK, POLICY_ADOPTED_ITEM), len(bodies)),
        (approved, len(bodies)),
        (progress.filter(charter_signed_on__isnull=False).count(), len(practices)),
        (progress.filter(checklist_completed_on__isnull=False).count(), len(practices)),
    ]


def rollup(area: Organisation, *, period: str) -> tuple[AreaRow, list[AreaRow]]:
    """The whole area, and a row for each ICB (in a region) or region (nationally)."""
    parts = list(Organisation.objects.filter(parent=area).order_by("name"))
    raw = [(p.name, _counts([p, *_below(p)], period)) for p in parts]
    total = AreaRow(f"All of {area.name}", _counts(_below(area), period), [], [])
    rows = [AreaRow(name, counts, [], []) for name, counts in raw]
    for row in [total, *rows]:
        row.shares = [rules.share(n, d) for n, d in row.counts]
    # Denominators per measure down the column, with secondary suppression against the total.
    for m in range(len(MEASURES)):
        column = rules.suppress_column([r.counts[m][1] for r in rows])
        for row, figure in zip(rows, column, strict=True):
            row.denominators.append(figure)
            if figure.suppressed:
                row.shares[m] = rules.Share(row.counts[m][0], row.counts[m][1], True)
        total.denominators.append(rules.suppress_column([total.counts[m][1]])[0])
        protected = rules.protect_shares([r.shares[m] for r in rows])
        for row, protected_share in zip(rows, protected, strict=True):
            row.shares[m] = protected_share
    return total, rows

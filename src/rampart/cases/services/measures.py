"""Keeping people safe while a case runs: interim measures (with a review date) and liaison with the
police."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone

from rampart.cases.models import InterimMeasure, MeasureKind, Party, PoliceLiaison
from rampart.cases.services._write import case_write, remind

if TYPE_CHECKING:
    from rampart.accounts.models import User
    from rampart.cases.models import Case


def add_interim_measure(
    *,
    actor: User,
    case: Case,
    version: int | None,
    kind: str,
    reason: str,
    starts_on: date,
    review_on: date,
    party: Party | None = None,
) -> InterimMeasure:
    with case_write(actor, case, version=version) as write:
        made = InterimMeasure.objects.create(
            case=case,
            party=party,
            kind=kind,
            reason=reason,
            starts_on=starts_on,
            review_on=review_on,
            decided_by=actor,
        )
        remind(case, actor, review_on, f"Interim measure review due on {case.reference}")
        write.record(f"Interim measure: {MeasureKind(made.kind).label}", made)
    return made


def end_interim_measure(
    *, actor: User, case: Case, version: int | None, measure: InterimMeasure, ends_on: date
) -> None:
    what = f"Interim measure ended: {MeasureKind(measure.kind).label}"
    with case_write(actor, case, version=version, timeline=what):
        InterimMeasure.objects.filter(pk=measure.pk).update(ends_on=ends_on)


def update_police_liaison(
    *,
    actor: User,
    case: Case,
    version: int | None,
    police_reference: str,
    contact: str,
    investigation_active: bool,
    agreed_to_continue: str,
) -> PoliceLiaison:
    with case_write(actor, case, version=version) as write:
        liaison, _ = PoliceLiaison.objects.update_or_create(
            case=case,
            defaults={
                "police_reference": police_reference,
                "contact": contact,
                "investigation_active": investigation_active,
                "agreed_to_continue": agreed_to_continue,
                "updated_at": timezone.now(),
            },
        )
        write.record("Police liaison updated", liaison)
    return liaison

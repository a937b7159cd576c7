"""Keeping people safe while a case runs: interim measures (with a review date) and liaison with the
police."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone

from rampart.cases.models import (
    InterimMeasure,
    MeasureKind,
    MeasureReview,
    MeasureReviewOutcome,
    Party,
    PoliceLiaison,
)
from rampart.cases.services._write import StepRefused, case_write
from rampart.core import reminders

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
        _remind_review(case, made, actor, review_on)
        write.record(f"Interim measure: {MeasureKind(made.kind).label}", made)
    return made


def _topic(measure: InterimMeasure) -> str:
    return f"case:{measure.case_id}:measure:{measure.pk}"


def _remind_review(case: Case, measure: InterimMeasure, user: User, on: date) -> None:
    """One reminder of the measure's next review (an earlier one not yet sent is dropped). No case
    details in the e-mail: the reader signs in."""
    reminders.cancel_unsent(_topic(measure))
    subject = f"Interim measure review due on {case.reference}"
    reminders.schedule(
        topic=_topic(measure),
        recipients=[user],
        on=on,
        subject=subject,
        body=f"{subject}. Sign in to Rampart to see the case.",
    )


def _refuse_unless_open(case: Case, measure: InterimMeasure) -> InterimMeasure:
    """The measure as it is now, if it belongs to the case and has not ended (an end date still to
    come leaves it in force until that day)."""
    current = InterimMeasure.objects.filter(pk=measure.pk, case=case).first()
    if current is None or (current.ends_on is not None and current.ends_on <= timezone.localdate()):
        raise StepRefused(("This interim measure has already ended",))
    return current


def review_interim_measure(
    *,
    actor: User,
    case: Case,
    version: int | None,
    measure: InterimMeasure,
    notes: str,
    next_review_on: date,
    kind: str | None = None,
    reason: str | None = None,
) -> MeasureReview:
    """Record a review of a measure that goes on: what was considered (`notes`), the next review
    date, and, if the measure changes, its new kind or reason (the review says "changed")."""
    with case_write(actor, case, version=version) as write:
        current = _refuse_unless_open(case, measure)
        if next_review_on < max(timezone.localdate(), current.starts_on):
            raise StepRefused(("The next review must be today or later",))
        changes: dict[str, object] = {"review_on": next_review_on}
        if kind and kind != current.kind:
            changes["kind"] = kind
        if reason and reason.strip() and reason != current.reason:
            changes["reason"] = reason
        changed = len(changes) > 1
        for name, value in changes.items():
            setattr(current, name, value)
        current.save(update_fields=list(changes))
        made = MeasureReview.objects.create(
            measure=current,
            outcome=MeasureReviewOutcome.CHANGED if changed else MeasureReviewOutcome.CONTINUED,
            notes=notes,
            next_review_on=next_review_on,
            reviewed_by=actor,
            reviewed_at=timezone.now(),
        )
        _remind_review(case, current, actor, next_review_on)
        label = MeasureKind(current.kind).label
        write.record(f"Interim measure reviewed{' and changed' if changed else ''}: {label}", made)
    measure.refresh_from_db()
    return made


def end_interim_measure(
    *,
    actor: User,
    case: Case,
    version: int | None,
    measure: InterimMeasure,
    ends_on: date,
    notes: str = "",
) -> MeasureReview:
    """End a measure on `ends_on` (not before it began), with why; its review reminder is dropped."""
    with case_write(actor, case, version=version) as write:
        current = _refuse_unless_open(case, measure)
        if ends_on < current.starts_on:
            raise StepRefused(("A measure cannot end before it began",))
        InterimMeasure.objects.filter(pk=current.pk).update(ends_on=ends_on)
        made = MeasureReview.objects.create(
            measure=current,
            outcome=MeasureReviewOutcome.ENDED,
            notes=notes,
            reviewed_by=actor,
            reviewed_at=timezone.now(),
        )
        reminders.cancel_unsent(_topic(current))
        write.record(f"Interim measure ended: {MeasureKind(current.kind).label}", made)
    measure.refresh_from_db()
    return made


def update_police_liaison(
    *,
    actor: User,
    case: Case,
    version: int | None,
    police_reference: str,
    contact: str,
    investigation_active: bool,
    agreed_to_continue: str,
    charged: bool = False,
) -> PoliceLiaison:
    with case_write(actor, case, version=version) as write:
        liaison, _ = PoliceLiaison.objects.update_or_create(
            case=case,
            defaults={
                "police_reference": police_reference,
                "contact": contact,
                "investigation_active": investigation_active,
                "charged": charged,
                "agreed_to_continue": agreed_to_continue,
                "updated_at": timezone.now(),
            },
        )
        write.record("Police liaison updated", liaison)
    return liaison

"""Writes for training records: one at a time, or a CSV import that is all or nothing. Each is for
one organisation, by someone who manages its training (the policy's MANAGE_TRAINING), and links a
record only to an account of that organisation's own members."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from rampart.core import audit, policy
from rampart.core.models import AuditAction
from rampart.learning import selectors
from rampart.learning.models import Course, TrainingRecord
from rampart.learning.permissions import LearningAction
from rampart.learning.rules import COLUMNS, RowError, parse_row

if TYPE_CHECKING:
    from rampart.accounts.models import User


def record_training(
    *,
    actor: User,
    organisation: Any,
    person_name: str,
    course: str,
    completed_on: date,
    expires_on: date | None = None,
    user: User | None = None,
    staff_number: str = "",
) -> TrainingRecord:
    policy.require(actor, LearningAction.MANAGE_TRAINING, organisation)
    if user is not None and not user.memberships.filter(organisation=organisation).exists():
        raise ValueError("a training record may be linked only to a member of its organisation")
    with transaction.atomic():
        record = TrainingRecord.objects.create(
            organisation=organisation,
            user=user,
            person_name=person_name,
            staff_number=staff_number,
            course=course,
            completed_on=completed_on,
            expires_on=expires_on,
        )
        audit.record(actor=actor, action=AuditAction.CREATE, obj=record, organisation=organisation)
    return record


def import_csv(*, actor: User, organisation: Any, text: str) -> int:
    """Import rows of COLUMNS; any bad row stops the import with its line and column, saving nothing.
    An e-mail address links a row to the account only of a member of this organisation; any other
    address is kept off the record, as if it had no account."""
    policy.require(actor, LearningAction.MANAGE_TRAINING, organisation)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("person_name", "course", "completed_on") if c not in (reader.fieldnames or [])]
    if missing:
        raise RowError(
            1, missing[0], f"the header has no {missing[0]} column (expected {', '.join(COLUMNS)})"
        )
    courses = frozenset(Course.values)
    rows = [parse_row(raw, line=number, courses=courses) for number, raw in enumerate(reader, start=2)]
    users = selectors.members_by_email(organisation, {r.email for r in rows})
    with transaction.atomic():
        TrainingRecord.objects.bulk_create(
            [
                TrainingRecord(
                    organisation=organisation,
                    user=users.get(r.email),
                    person_name=r.person_name,
                    staff_number=r.staff_number,
                    course=r.course,
                    completed_on=r.completed_on,
                    expires_on=r.expires_on,
                )
                for r in rows
            ]
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            organisation=organisation,
            detail={"what": "training records imported", "rows": len(rows)},
        )
    return len(rows)

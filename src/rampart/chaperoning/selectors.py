"""Reads for chaperoning, scoped by the authorisation policy."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Value
from django.db.models.functions import Upper
from django.utils import timezone

from rampart.accounts.permissions import memberships
from rampart.chaperoning import rules
from rampart.chaperoning.models import ChaperoneRecord
from rampart.chaperoning.permissions import ChaperoningAction
from rampart.core import policy
from rampart.learning import selectors as learning
from rampart.learning.models import Course, TrainingRecord

if TYPE_CHECKING:
    from rampart.accounts.models import User


def own_records(user: User) -> QuerySet[ChaperoneRecord]:
    """Records a clinician made, examined or chaperoned, at organisations they still work at."""
    orgs = {o for o, _ in memberships(user)}
    mine = Q(recorded_by=user) | Q(examiner=user) | Q(chaperone_user=user)
    return ChaperoneRecord.objects.filter(mine, organisation__in=orgs).select_related("organisation")


def record_for(user: User, reference: str) -> ChaperoneRecord | None:
    """A record the user may see, or None (so another trust cannot even learn it exists)."""
    orgs = {o for o, _ in memberships(user)}
    record = (
        ChaperoneRecord.objects.select_related("organisation", "recorded_by")
        .filter(reference=reference.upper(), organisation__in=orgs)
        .first()
    )
    if record is None or not policy.allowed(user, ChaperoningAction.VIEW_CHAPERONE_RECORD, record):
        return None
    return record


def last_record_by(user: User, organisation: Any) -> ChaperoneRecord | None:
    return (
        ChaperoneRecord.objects.filter(recorded_by=user, organisation=organisation)
        .order_by("-recorded_at")
        .first()
    )


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


def chaperone_training(
    organisation: Any, *, on: date, user: User | None = None, name: str = "", staff_number: str = ""
) -> tuple[bool, Any]:
    """Whether the chaperone has current chaperone training on the day, and their Rampart user if the
    learning records know them. Found by user, else staff number, else the exact name."""
    if user is not None:
        return learning.has_current_training(user, Course.CHAPERONE, on=on), user
    found = TrainingRecord.objects.filter(organisation=organisation, course=Course.CHAPERONE)
    if staff_number.strip():
        # UPPER on both sides, not iexact: the learning_staff_number_upper index is on this expression.
        found = found.alias(staff_upper=Upper("staff_number")).filter(
            staff_upper=Upper(Value(staff_number.strip()))
        )
    else:
        ids = [r.pk for r in found.only("pk", "person_name") if _normal(r.person_name) == _normal(name)]
        found = found.filter(pk__in=ids)
    linked = next((r.user for r in found.select_related("user") if r.user is not None), None)
    return found.filter(learning.current(Course.CHAPERONE, on=on)).exists(), linked


def concern_counts(records: QuerySet[ChaperoneRecord]) -> dict[int, int]:
    return dict(records.annotate(n=Count("concerns")).filter(n__gt=0).values_list("pk", "n"))


def audit_records(
    organisation: Any, period: rules.Period, *, department: str = "", clinician: str = ""
) -> QuerySet[ChaperoneRecord]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(period.start, time.min, tzinfo=tz)
    end = datetime.combine(period.end, time.max, tzinfo=tz)
    found = ChaperoneRecord.objects.filter(organisation=organisation, examined_at__range=(start, end))
    if department:
        found = found.filter(department=department)
    if clinician:
        found = found.filter(examiner_name=clinician)
    return found.order_by("examined_at", "id")


def audit_rows(records: QuerySet[ChaperoneRecord]) -> list[rules.RecordFacts]:
    """Plain rows for the audit figures, without decrypting any free text: an empty encrypted field
    is stored empty, so "purpose documented" is a database comparison."""
    documented = ExpressionWrapper(~Q(purpose=""), output_field=BooleanField())
    rows = records.annotate(purpose_documented=documented, n_concerns=Count("concerns")).values(
        "examined_at",
        "department",
        "examiner_name",
        "offer",
        "purpose_documented",
        "purpose_explained",
        "deferred",
        "chaperone_trained",
        "observed_throughout",
        "n_concerns",
    )
    tz = timezone.get_current_timezone()
    return [
        rules.RecordFacts(
            examined_on=r["examined_at"].astimezone(tz).date(),
            department=r["department"],
            clinician=r["examiner_name"],
            offer=r["offer"],
            purpose_documented=bool(r["purpose_documented"]),
            purpose_explained=r["purpose_explained"],
            deferred=r["deferred"],
            chaperone_trained=r["chaperone_trained"],
            observed_throughout=r["observed_throughout"],
            concerns=r["n_concerns"],
        )
        for r in rows
    ]


def filter_choices(organisation: Any) -> tuple[list[str], list[str]]:
    """The departments and clinicians that appear in the organisation's records."""
    records = ChaperoneRecord.objects.filter(organisation=organisation)
    departments = sorted(set(records.values_list("department", flat=True)), key=str.casefold)
    clinicians = sorted(set(records.values_list("examiner_name", flat=True)), key=str.casefold)
    return departments, clinicians

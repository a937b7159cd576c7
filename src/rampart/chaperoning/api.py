"""`POST /api/v1/chaperone-records` for EPR integration: the same checks as the form (`rules.problems`),
with a personal API token of a clinician at the organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from rampart.chaperoning import rules, services
from rampart.chaperoning.permissions import ChaperoningAction
from rampart.core.api import FieldErrors
from rampart.organisations.api import organisation_for

router = Router(tags=["chaperoning"])
_OLDEST = dt.timedelta(days=366)

Setting = Literal["gp", "outpatient", "inpatient", "emergency", "maternity", "virtual", "home", "other"]
Offer = Literal["accepted", "declined", "patient_requested", "clinician_requested", "not_offered"]


class ChaperoneRecordIn(Schema):
    """Answers left out are reported as missing with the same messages the form gives."""

    organisation: str = Field(min_length=1, max_length=12, description="ODS code where you record")
    examined_at: dt.datetime | None = Field(default=None, description="Defaults to now; within a year")
    recorder_role: Literal["examiner", "chaperone"] | None = None
    examiner_name: str | None = Field(default=None, max_length=200, description="When you were the chaperone")
    patient_ref: str | None = Field(default=None, max_length=40, description="Pseudonymous, never a name")
    setting: Setting | None = None
    department: str | None = Field(default=None, max_length=100)
    procedure: str | None = Field(default=None, max_length=200)
    intimacy: Literal["intimate", "perceived"] | None = None
    purpose_explained: bool | None = None
    purpose: str | None = Field(default=None, max_length=rules.MAX_TEXT)
    consent: Literal["verbal", "written", "best_interests", "not_given"] | None = None
    capacity: Literal["has_capacity", "child", "lacks"] | None = None
    capacity_notes: str | None = Field(default=None, max_length=rules.MAX_TEXT)
    offer: Offer | None = None
    chaperone_name: str | None = Field(default=None, max_length=200)
    chaperone_staff_number: str | None = Field(default=None, max_length=30)
    chaperone_role: str | None = Field(default=None, max_length=100)
    observed_throughout: bool | None = None
    informal_companion: bool | None = None
    deferred: bool | None = None
    deferral_reason: str | None = Field(default=None, max_length=rules.MAX_TEXT)
    concern: str | None = Field(default=None, max_length=rules.MAX_TEXT)
    concern_about: Literal["examiner", "chaperone", "someone_else", "not_said"] | None = Field(
        default=None,
        description="Whom the concern is about. Left out, it is taken as not_said: no weak signal is "
        "recorded about anyone (the examiner is never assumed)",
    )
    concern_about_name: str | None = Field(default=None, max_length=200, description="With someone_else")
    concern_about_role: str | None = Field(default=None, max_length=100, description="With someone_else")
    concern_about_staff_number: str | None = Field(default=None, max_length=30)


class ChaperoneRecordCreated(Schema):
    reference: str
    gaps: list[str]
    chaperone_trained: bool | None
    concern_reference: str | None = Field(default=None, description="The report the case handlers received")


def _examined_at(value: dt.datetime | None, now: dt.datetime) -> tuple[dt.datetime | None, str | None]:
    if value is None:
        return now, None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=timezone.get_current_timezone())
    if value > now + dt.timedelta(minutes=5):
        return None, "The examination time must not be in the future"
    if value < now - _OLDEST:
        return None, "Record examinations from the last year only"
    return value, None


@router.post(
    "/chaperone-records",
    response={201: ChaperoneRecordCreated, 422: FieldErrors},
    summary="Record a chaperoned intimate examination (EPR integration)",
)
def create_chaperone_record(request: HttpRequest, payload: ChaperoneRecordIn) -> Status[dict[str, Any]]:
    organisation = organisation_for(
        request.user,
        payload.organisation,
        ChaperoningAction.RECORD_CHAPERONING,
        refusal="you do not record examinations at this organisation",
    )
    examined_at, when_problem = _examined_at(payload.examined_at, timezone.now())
    subject = {"concern_about", "concern_about_name", "concern_about_role", "concern_about_staff_number"}
    answers = payload.dict(exclude={"organisation", "examined_at", "concern", *subject})
    about = rules.ConcernSubject(
        about=payload.concern_about or rules.ConcernAbout.NOT_SAID,
        name=payload.concern_about_name or "",
        role=payload.concern_about_role or "",
        staff_number=payload.concern_about_staff_number or "",
    )
    problems = rules.problems(answers)
    if when_problem:
        problems["examined_at"] = when_problem
    if problems:
        return Status(422, {"errors": problems})
    try:
        record = services.record_examination(
            actor=request.user,
            organisation=organisation,
            answers=answers,
            concern=payload.concern or "",
            about=about,
            examined_at=examined_at,
            via="api",
        )
    except services.InvalidRecord as invalid:
        return Status(422, {"errors": invalid.problems})
    concern = record.concerns.select_related("report").first()
    return Status(
        201,
        {
            "reference": record.reference,
            "gaps": [str(g) for g in rules.gaps(record.facts())],
            "chaperone_trained": record.chaperone_trained,
            "concern_reference": concern.report.reference if concern else None,
        },
    )

"""Writes for chaperoning. Each checks the policy, validates with `rules`, runs in one transaction and
writes its audit entry in that transaction."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from rampart.chaperoning import rules, selectors
from rampart.chaperoning.models import Addendum, ChaperoneConcern, ChaperoneRecord
from rampart.chaperoning.permissions import ChaperoningAction
from rampart.core import audit, policy
from rampart.core.errors import Refused
from rampart.core.models import AuditAction

if TYPE_CHECKING:
    from rampart.accounts.models import User

# The answers a record is made of (the form and the API both send these).
FIELDS = (
    "recorder_role",
    "examiner_name",
    "patient_ref",
    "setting",
    "department",
    "procedure",
    "intimacy",
    "purpose_explained",
    "purpose",
    "consent",
    "capacity",
    "capacity_notes",
    "offer",
    "chaperone_name",
    "chaperone_staff_number",
    "chaperone_role",
    "observed_throughout",
    "informal_companion",
    "deferred",
    "deferral_reason",
)


class InvalidRecord(Refused):
    """The answers break a rule, one reason per field (`problems` is {field: message}, the API's 422)."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(*problems.values(), fields=list(problems))


class EditWindowClosed(Refused):
    """More than 24 hours have passed: the page sends the user to the addendum instead."""

    default_reason = "More than 24 hours have passed: add an addendum instead."


def _concern_problem(concern: str, organisation: Any) -> str | None:
    if not rules.storable(concern):
        return "Remove the characters that cannot be stored, such as control characters"
    if len(concern) > rules.MAX_TEXT:
        return f"Your concern must be {rules.MAX_TEXT:,} characters or fewer"
    if concern.strip() and not organisation.accepts_reports:
        return (
            f"{organisation.name} does not take concerns in Rampart: raise it with your manager "
            "or Freedom to Speak Up Guardian, and leave this box empty"
        )
    return None


def _check(
    answers: dict[str, Any],
    *,
    concern: str = "",
    about: rules.ConcernSubject | None = None,
    organisation: Any,
) -> None:
    problems = rules.problems(answers)
    concern_problem = _concern_problem(concern, organisation)
    if concern_problem:
        problems["concern"] = concern_problem
    if concern.strip():
        present = rules.chaperone_present(answers.get("offer"), answers.get("deferred"))
        problems.update(rules.subject_problems(about or rules.ConcernSubject(), chaperone_present=present))
    if problems:
        raise InvalidRecord(problems)


def _apply(record: ChaperoneRecord, answers: dict[str, Any], actor: User) -> None:
    """Set the record's fields from checked answers; who examined and who chaperoned follow from
    whether the recorder was the clinician or the chaperone; training comes from learning records."""
    values = {name: answers.get(name) for name in FIELDS}
    for name in ("examiner_name", "purpose", "capacity_notes", "chaperone_name", "chaperone_staff_number"):
        values[name] = str(values[name] or "").strip()
    values["chaperone_role"] = str(values["chaperone_role"] or "").strip()
    values["deferral_reason"] = str(values["deferral_reason"] or "").strip() if values["deferred"] else ""
    values["patient_ref"] = str(values["patient_ref"]).strip().upper()
    for name, value in values.items():
        setattr(record, name, value)
    if record.recorder_role == "examiner":
        record.examiner, record.examiner_name = actor, actor.get_full_name() or actor.email
    else:
        record.examiner = None
    record.chaperone_user, record.chaperone_trained = None, None
    if not record.has_chaperone:
        record.chaperone_name = record.chaperone_staff_number = record.chaperone_role = ""
        record.observed_throughout = None
        return
    me = actor if record.recorder_role == "chaperone" else None
    if me is not None:
        record.chaperone_name = actor.get_full_name() or actor.email
    record.chaperone_trained, record.chaperone_user = selectors.chaperone_training(
        record.organisation,
        on=record.examined_at.date(),
        user=me,
        name=record.chaperone_name,
        staff_number=record.chaperone_staff_number,
    )


def record_examination(
    *,
    actor: User,
    organisation: Any,
    answers: dict[str, Any],
    concern: str = "",
    about: rules.ConcernSubject | None = None,
    examined_at: datetime | None = None,
    via: str = "web",
) -> ChaperoneRecord:
    """Make a chaperone record, and raise its concern (if any) with the case handlers at once;
    `about` says whom the concern is about (required with a concern)."""
    policy.require(actor, ChaperoningAction.RECORD_CHAPERONING, organisation)
    _check(answers, concern=concern, about=about, organisation=organisation)
    now = timezone.now()
    with transaction.atomic():
        record = ChaperoneRecord(
            reference=_unique_reference(),
            organisation=organisation,
            recorded_by=actor,
            recorded_at=now,
            examined_at=examined_at or now,
        )
        _apply(record, answers, actor)
        record.save()
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=record,
            organisation=organisation,
            detail={"via": via, "gaps": [str(g) for g in rules.gaps(record.facts())]},
        )
        if concern.strip() and about is not None:
            _raise(actor=actor, record=record, text=concern, about=about)
    return record


def amend_record(
    *, actor: User, record: ChaperoneRecord, answers: dict[str, Any], now: datetime | None = None
) -> list[str]:
    """Change a record within 24 hours of making it; returns the names of the fields that changed."""
    policy.require(actor, ChaperoningAction.AMEND_CHAPERONE_RECORD, record)
    if not rules.can_edit(record.recorded_at, now=now or timezone.now()):
        raise EditWindowClosed
    _check(answers, organisation=record.organisation)
    with transaction.atomic():
        locked = ChaperoneRecord.objects.select_for_update().get(pk=record.pk)
        before = {f: getattr(locked, f) for f in (*FIELDS, "chaperone_trained")}
        _apply(locked, answers, actor)
        changed = [f for f, v in before.items() if getattr(locked, f) != v]
        if changed:
            locked.save()
            audit.record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=locked,
                organisation=locked.organisation,
                detail={"changed": changed},
            )
    return changed


def add_addendum(*, actor: User, record: ChaperoneRecord, reason: str, text: str) -> Addendum:
    """After the 24 hours the record never changes: a correction is a new row, audited."""
    policy.require(actor, ChaperoningAction.AMEND_CHAPERONE_RECORD, record)
    problems = {}
    if not reason.strip():
        problems["reason"] = "Say why you are adding to the record"
    if not text.strip():
        problems["text"] = "Enter what you are adding to the record"
    if problems:
        raise InvalidRecord(problems)
    with transaction.atomic():
        addendum = Addendum.objects.create(
            record=record, author=actor, written_at=timezone.now(), reason=reason.strip(), text=text.strip()
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=addendum,
            organisation=record.organisation,
            detail={"record": record.reference},
        )
    return addendum


def raise_concern(
    *, actor: User, record: ChaperoneRecord, text: str, about: rules.ConcernSubject
) -> ChaperoneConcern:
    """Raise a concern from an existing record (at any time: concerns are not edits)."""
    policy.require(actor, ChaperoningAction.RAISE_CHAPERONE_CONCERN, record)
    problems = rules.subject_problems(about, chaperone_present=record.has_chaperone)
    problem = "Enter your concern" if not text.strip() else _concern_problem(text, record.organisation)
    if problem:
        problems["concern"] = problem
    if problems:
        raise InvalidRecord(problems)
    with transaction.atomic():
        return _raise(actor=actor, record=record, text=text, about=about)


def _subject(record: ChaperoneRecord, about: rules.ConcernSubject) -> rules.ConcernSubject:
    """The person the concern names, with what the record knows of them."""
    if about.about == rules.ConcernAbout.EXAMINER:
        return rules.ConcernSubject(about=about.about, name=record.examiner_name)
    if about.about == rules.ConcernAbout.CHAPERONE:
        return rules.ConcernSubject(
            about=about.about,
            name=record.chaperone_name,
            role=record.chaperone_role,
            staff_number=record.chaperone_staff_number,
        )
    if about.about == rules.ConcernAbout.SOMEONE_ELSE:
        return rules.ConcernSubject(
            about=about.about,
            name=about.name.strip(),
            role=about.role.strip(),
            staff_number=about.staff_number.strip(),
        )
    return rules.ConcernSubject(about=rules.ConcernAbout.NOT_SAID)


def _described(subject: rules.ConcernSubject) -> str:
    label = rules.CONCERN_ABOUT_LABELS[subject.about].split(",")[0].lower()
    if not subject.names_a_person:
        return "not a named person (the person raising it would rather not say, or it is not about a person)"
    details = ", ".join(p for p in (subject.name, subject.role) if p)
    if subject.staff_number:
        details += f", staff number {subject.staff_number}"
    return f"{label} ({details})" if details else label


def _raise(
    *, actor: User, record: ChaperoneRecord, text: str, about: rules.ConcernSubject
) -> ChaperoneConcern:
    """A confidential report to the organisation's case handlers (they are e-mailed on commit), saying
    which record it came from and whom it is about, and a weak signal (cumulative patterns) about that
    person only: never the examiner by assumption, and none when no professional is named."""
    subject = _subject(record, about)
    from rampart.patterns import services as patterns
    from rampart.reporting import services as reporting

    submitted = reporting.submit_report(
        {
            "organisation": record.organisation.ods_code,
            "anonymity": "confidential",
            "about": "staff",
            "affected": "patient",
            "what_happened": rules.concern_text(
                reference=record.reference,
                examined_on=timezone.localtime(record.examined_at).date(),
                department=record.department,
                procedure=record.procedure,
                examiner=record.examiner_name,
                concern=text,
                about=_described(subject),
            ),
            "categories": ["inappropriate_examination"],
            "happened_on": timezone.localtime(record.examined_at).date().isoformat(),
            "where": record.department,
            "still_happening": "not_sure",
            "someone_in_danger": False,
            "reporter_name": actor.get_full_name() or actor.email,
            "reporter_email": actor.email,
        }
    )
    concern = ChaperoneConcern.objects.create(
        record=record,
        raised_by=actor,
        raised_at=timezone.now(),
        text=text.strip(),
        about=subject.about,
        about_name=subject.name if subject.about == rules.ConcernAbout.SOMEONE_ELSE else "",
        about_role=subject.role if subject.about == rules.ConcernAbout.SOMEONE_ELSE else "",
        about_staff_number=subject.staff_number if subject.about == rules.ConcernAbout.SOMEONE_ELSE else "",
        report=submitted.report,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=concern,
        organisation=record.organisation,
        detail={"record": record.reference, "report": submitted.report.reference, "about": subject.about},
    )
    if subject.names_a_person:
        user = {
            rules.ConcernAbout.EXAMINER: record.examiner,
            rules.ConcernAbout.CHAPERONE: record.chaperone_user,
        }.get(rules.ConcernAbout(subject.about))
        patterns.record_weak_signal(
            actor=None,
            organisation=record.organisation,
            answers={
                "name": subject.name,
                "role": subject.role,
                "staff_number": subject.staff_number,
                "user": user,
                "kinds": ["chaperone_concern"],
                "description": text.strip(),
                "observed_on": timezone.localtime(record.examined_at).date(),
            },
            source=f"chaperone record {record.reference}",
        )
    return concern


def answers_of(record: ChaperoneRecord) -> dict[str, Any]:
    """The record's answers, to fill the edit form."""
    return {name: getattr(record, name) for name in FIELDS}


def record_view(*, actor: User, record: ChaperoneRecord) -> None:
    """Reading a record is recorded: it is special-category data (for those the policy lets see it)."""
    policy.require(actor, ChaperoningAction.VIEW_CHAPERONE_RECORD, record)
    audit.record(actor=actor, action=AuditAction.READ, obj=record, organisation=record.organisation)


def record_export(*, actor: User, organisation: Any, period: rules.Period, rows: int) -> None:
    policy.require(actor, ChaperoningAction.AUDIT_CHAPERONING, organisation)
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        organisation=organisation,
        obj=organisation,
        detail={"what": "chaperone audit", "from": str(period.start), "to": str(period.end), "rows": rows},
    )


def _unique_reference() -> str:
    while True:
        reference = rules.new_reference()
        if not ChaperoneRecord.objects.filter(reference=reference).exists():
            return reference

"""Writes to cases. Each function checks the policy, runs in one transaction, refuses a stale version
(optimistic locking), appends to the timeline and the audit log."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from rampart.cases import workflow
from rampart.cases.linking import refuse_involved
from rampart.cases.models import (
    Case,
    CaseTeamMember,
    CaseTransition,
    InterimMeasure,
    Investigation,
    Outcome,
    Party,
    Person,
    PoliceLiaison,
    ReviewGroupDecision,
    RiskAssessment,
    SupportOffer,
    TeamRole,
    TimelineEntry,
)
from rampart.cases.permissions import CaseAction
from rampart.cases.selectors import facts_for
from rampart.core import audit, policy, reminders
from rampart.core.crypto import keyed_hash
from rampart.core.models import AuditAction
from rampart.core.policy import Action


class Conflict(Exception):
    """Someone else changed the case since this page was loaded."""


class StepRefused(Exception):
    def __init__(self, reasons: tuple[str, ...]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _new_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        reference = "CASE-" + "".join(secrets.choice(alphabet) for _ in range(6))
        if not Case.objects.filter(reference=reference).exists():
            return reference


def _touch(case: Case, version: int | None) -> None:
    """Claim the next version of the case, or raise Conflict if it moved on."""
    current = case.version if version is None else version
    if not Case.objects.filter(pk=case.pk, version=current).update(version=F("version") + 1):
        raise Conflict
    case.version = current + 1


def _log(case: Case, actor: Any, what: str, obj: Any = None, detail: dict[str, Any] | None = None) -> None:
    TimelineEntry.objects.create(case=case, at=timezone.now(), actor=actor, what=what[:200])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if obj is None else AuditAction.CREATE,
        obj=obj or case,
        organisation=case.organisation,
        detail={"what": what, **(detail or {})},
    )


def _remind(case: Case, user: Any, on: date, subject: str) -> None:
    """A reminder for the sweeper to e-mail once, at 9am on the day (no case details in e-mail)."""
    reminders.schedule(
        topic=f"case:{case.pk}",
        recipients=[user],
        on=on,
        subject=subject,
        body=f"{subject}. Sign in to Rampart to see the case.",
    )


def open_case(
    *, actor: Any, organisation: Any, summary: str, categories: list[str] | None = None, report: Any = None
) -> Case:
    policy.require(actor, CaseAction.OPEN_CASE, organisation)
    with transaction.atomic():
        case = Case.objects.create(
            reference=_new_reference(),
            organisation=organisation,
            report=report,
            summary=summary,
            categories=categories or [],
            opened_at=timezone.now(),
        )
        CaseTeamMember.objects.create(case=case, user=actor, role=TeamRole.HANDLER)
        CaseTransition.objects.create(
            case=case, step="open", from_state="", to_state=workflow.State.NEW, at=case.opened_at, actor=actor
        )
        TimelineEntry.objects.create(
            case=case,
            at=case.opened_at,
            actor=actor,
            what=f"Case opened{' from report ' + report.reference if report else ''}",
        )
        audit.record(actor=actor, action=AuditAction.CREATE, obj=case, organisation=organisation)
    return case


def open_case_from_report(*, actor: Any, report: Any) -> Case:
    """A case from a report: the reporter (unless anonymous) becomes a party; the report shows progress.

    A named reporter's party carries their name. A confidential reporter's does not: the case shows
    "Confidential reporter", and who they are stays on the report, behind `reveal_reporter`."""
    from rampart.reporting import services as reporting

    with transaction.atomic():
        case = open_case(
            actor=actor,
            organisation=report.organisation,
            summary=report.what_happened,
            categories=list(report.categories),
            report=report,
        )
        if report.anonymity != "anonymous":
            confidential = report.anonymity != "named"
            person = Person.objects.create(
                organisation=report.organisation,
                kind="public",
                name="" if confidential else (report.reporter_name or "Reporter"),
            )
            Party.objects.create(
                case=case,
                person=person,
                role="affected" if report.affected == "me" else "reporter",
                confidential=confidential,
            )
        reporting.change_status(
            actor=actor, report=report, status="in_progress", reason=f"case {case.reference}"
        )
    return case


def reveal_reporter(*, actor: Any, report: Any, reason: str) -> dict[str, str]:
    """The reveal from the case page: reporting's `reveal_identity` decides and audits it, and its
    `reporter_revealed` hook (`reporter_revealed` below, through CasesConfig) puts it on the timeline."""
    from rampart.reporting import services as reporting

    return reporting.reveal_identity(actor=actor, report=report, reason=reason)


def reporter_revealed(*, actor: Any, report: Any, reason: str) -> None:
    """A report's reporter was revealed: if a case was opened from it, its timeline says to whom and
    why, so the case team sees who learnt it (inside the reveal's transaction)."""
    case = Case.objects.filter(report=report).first()
    if case is not None:
        who = actor.get_full_name() or actor.email
        _log(case, actor, f"Reporter's identity revealed to {who}: {reason}", detail={"reason": reason})


def _require(actor: Any, action: Action, case: Case) -> None:
    policy.require(actor, action, case)


def add_party(
    *,
    actor: Any,
    case: Case,
    version: int | None,
    role: str,
    kind: str,
    name: str,
    profession: str = "",
    staff_number: str = "",
    regulator: str = "",
    registration_number: str = "",
    esr_number: str = "",
    date_of_birth: str = "",
    resident_doctor: bool = False,
    on_performers_list: bool = False,
    user: Any = None,
) -> Party:
    from rampart.cases.registration import esr_problem, normalise, registration_problem

    _require(actor, CaseAction.EDIT_CASE, case)
    problem = (registration_problem(regulator, registration_number) if registration_number else None) or (
        esr_problem(esr_number) if esr_number else None
    )
    if problem:
        raise ValueError(problem)
    if date_of_birth:
        date.fromisoformat(date_of_birth)  # refuses anything but an ISO date
    with transaction.atomic():
        _touch(case, version)
        person = Person.objects.create(
            organisation=case.organisation,
            kind=kind,
            name=name,
            role=profession,
            staff_number=staff_number,
            regulator=regulator,
            registration_number=normalise(registration_number),
            esr_number=normalise(esr_number),
            date_of_birth=date_of_birth,
            birth_key=keyed_hash(date_of_birth, key=settings.RAMPART_INDEX_KEY, purpose="birth_date")
            if date_of_birth
            else "",
            resident_doctor=resident_doctor,
            on_performers_list=on_performers_list,
            user=user,
        )
        party = Party.objects.create(case=case, person=person, role=role)
        _log(case, actor, f"{party.get_role_display()} added", party)
        transaction.on_commit(lambda: _person_recorded(person=person, party=party))
    return party


def _person_recorded(*, person: Person, party: Party) -> None:
    """Other apps (cumulative patterns) learn of a new person through their AppConfig's optional
    `person_recorded` hook, so cases never imports them."""
    for config in apps.get_app_configs():
        hook = getattr(config, "person_recorded", None)
        if hook is not None:
            hook(person=person, party=party)


def take_step(*, actor: Any, case: Case, version: int | None, step: workflow.Step, reason: str = "") -> None:
    """Move the case on, if the workflow allows it now."""
    facts = facts_for(case, reason_given=bool(reason.strip()))
    verdict = workflow.check(step, facts)
    if not verdict.allowed:
        raise StepRefused(verdict.reasons)
    assert verdict.to is not None
    with transaction.atomic():
        _touch(case, version)
        CaseTransition.objects.create(
            case=case,
            step=step,
            from_state=case.state,
            to_state=verdict.to,
            at=timezone.now(),
            actor=actor,
            reason=reason,
        )
        Case.objects.filter(pk=case.pk).update(state=verdict.to)
        before, case.state = case.state, verdict.to
        _log(
            case,
            actor,
            f"{workflow.STATE_LABELS[workflow.State(before)]} → {workflow.STATE_LABELS[verdict.to]}",
            detail={"step": step, "reason": reason},
        )


def triage(
    *,
    actor: Any,
    case: Case,
    version: int | None,
    sexual_dimension: str,
    screening_notes: str,
    immediate_actions: str,
    priority: str,
    criminal_allegation: bool,
) -> None:
    _require(actor, CaseAction.EDIT_CASE, case)
    screened = {
        "sexual_dimension": sexual_dimension,
        "screening_notes": screening_notes,
        "immediate_actions": immediate_actions,
        "priority": priority,
        "criminal_allegation": criminal_allegation,
    }
    with transaction.atomic():
        # The triage guard reads the screening, so set it first; take_step claims the one new version
        # and a refused step rolls the whole triage back.
        for field, value in screened.items():
            setattr(case, field, value)
        take_step(actor=actor, case=case, version=version, step=workflow.Step.TRIAGE)
        case.save(update_fields=list(screened))


def refer_to_review_group(*, actor: Any, case: Case, version: int | None) -> None:
    _require(actor, CaseAction.EDIT_CASE, case)
    take_step(actor=actor, case=case, version=version, step=workflow.Step.REFER_TO_REVIEW_GROUP)


def record_review_decision(
    *, actor: Any, case: Case, version: int | None, checklist: list[str], decision: str, decided_on: date
) -> ReviewGroupDecision:
    _require(actor, CaseAction.RECORD_REVIEW_DECISION, case)
    facts = facts_for(case)
    verdict = workflow.check(
        workflow.Step.RECORD_REVIEW_DECISION,
        workflow.CaseFacts(**{**facts.__dict__, "review_checklist": frozenset(checklist)}),
    )
    if not verdict.allowed:
        raise StepRefused(verdict.reasons)
    with transaction.atomic():
        made = ReviewGroupDecision.objects.create(
            case=case,
            decided_on=decided_on,
            checklist=sorted(checklist),
            decision=decision,
            recorded_by=actor,
        )
        take_step(actor=actor, case=case, version=version, step=workflow.Step.RECORD_REVIEW_DECISION)
    return made


def assign_investigation(
    *,
    actor: Any,
    case: Case,
    version: int | None,
    terms_of_reference: str,
    investigators: list[Any],
    independent_investigator: str = "",
) -> Investigation:
    """Only people with current specialist investigation training may be assigned (or a named independent)."""
    from rampart.learning.models import Course
    from rampart.learning.selectors import has_current_training

    _require(actor, CaseAction.EDIT_CASE, case)
    refuse_involved(case=case, users=investigators)
    today = timezone.localdate()
    untrained = [
        u for u in investigators if not has_current_training(u, Course.SPECIALIST_INVESTIGATION, on=today)
    ]
    if untrained:
        raise StepRefused(
            tuple(
                f"{u.get_full_name() or u.email} has no current specialist sexual misconduct "
                "investigation training"
                for u in untrained
            )
        )
    with transaction.atomic():
        investigation, _ = Investigation.objects.update_or_create(
            case=case,
            defaults={
                "terms_of_reference": terms_of_reference,
                "started_on": today,
                "independent_investigator": independent_investigator,
            },
        )
        investigation.investigators.set(investigators)
        for user in investigators:
            CaseTeamMember.objects.get_or_create(case=case, user=user, role=TeamRole.INVESTIGATOR)
        take_step(actor=actor, case=case, version=version, step=workflow.Step.START_INVESTIGATION)
    return investigation


def record_findings(
    *, actor: Any, case: Case, version: int | None, findings: str, substantiated: bool | None
) -> None:
    _require(actor, CaseAction.INVESTIGATE, case)
    with transaction.atomic():
        _touch(case, version)
        investigation = Investigation.objects.select_for_update().get(case=case)
        investigation.findings, investigation.substantiated = findings, substantiated
        investigation.completed_on = timezone.localdate()
        investigation.save(update_fields=["findings", "substantiated", "completed_on"])
        _log(case, actor, "Investigation findings recorded")


def record_outcome(
    *,
    actor: Any,
    case: Case,
    version: int | None,
    kind: str,
    removed_from_regulated_activity: bool,
    left_before_removal: bool,
    lessons_learned: str,
    relevant_conduct: bool = False,
    harm_test_met: bool = False,
) -> Outcome:
    _require(actor, CaseAction.EDIT_CASE, case)
    with transaction.atomic():
        outcome, _ = Outcome.objects.update_or_create(
            case=case,
            defaults={
                "kind": kind,
                "removed_from_regulated_activity": removed_from_regulated_activity,
                "left_before_removal": left_before_removal,
                "relevant_conduct": relevant_conduct,
                "harm_test_met": harm_test_met,
                "lessons_learned": lessons_learned,
                "recorded_by": actor,
                "recorded_at": timezone.now(),
            },
        )
        take_step(actor=actor, case=case, version=version, step=workflow.Step.RECORD_OUTCOME)
    return outcome


def close(*, actor: Any, case: Case, version: int | None) -> None:
    _require(actor, CaseAction.EDIT_CASE, case)
    with transaction.atomic():
        take_step(actor=actor, case=case, version=version, step=workflow.Step.CLOSE)
        if case.report_id:
            from rampart.reporting import services as reporting

            reporting.change_status(actor=actor, report=case.report, status="closed", reason="case closed")


def reopen(*, actor: Any, case: Case, version: int | None, reason: str) -> None:
    _require(actor, CaseAction.EDIT_CASE, case)
    take_step(actor=actor, case=case, version=version, step=workflow.Step.REOPEN, reason=reason)


def record_risk_assessment(
    *,
    actor: Any,
    case: Case,
    version: int | None,
    party: Party,
    risks: list[str],
    details: str,
    mitigations: str,
    contact_police: bool,
    review_on: date,
) -> RiskAssessment:
    _require(actor, CaseAction.EDIT_CASE, case)
    with transaction.atomic():
        _touch(case, version)
        made = RiskAssessment.objects.create(
            party=party,
            risks=risks,
            details=details,
            mitigations=mitigations,
            contact_police=contact_police,
            review_on=review_on,
            assessed_by=actor,
            assessed_at=timezone.now(),
        )
        _remind(case, actor, review_on, f"Risk assessment review due on {case.reference}")
        _log(case, actor, f"Risk assessed: {party.get_role_display().lower()}", made)
    return made


def record_support_offer(
    *,
    actor: Any,
    case: Case,
    version: int | None,
    party: Party,
    kind: str,
    status: str,
    offered_on: date,
    follow_up_on: date | None,
    notes: str,
) -> SupportOffer:
    _require(actor, CaseAction.EDIT_CASE, case)
    with transaction.atomic():
        _touch(case, version)
        made = SupportOffer.objects.create(
            party=party,
            kind=kind,
            status=status,
            offered_on=offered_on,
            follow_up_on=follow_up_on,
            notes=notes,
            recorded_by=actor,
        )
        _log(case, actor, f"Support {status}: {party.get_role_display().lower()}", made)
    return made


def add_interim_measure(
    *,
    actor: Any,
    case: Case,
    version: int | None,
    kind: str,
    reason: str,
    starts_on: date,
    review_on: date,
    party: Party | None = None,
) -> InterimMeasure:
    _require(actor, CaseAction.EDIT_CASE, case)
    with transaction.atomic():
        _touch(case, version)
        made = InterimMeasure.objects.create(
            case=case,
            party=party,
            kind=kind,
            reason=reason,
            starts_on=starts_on,
            review_on=review_on,
            decided_by=actor,
        )
        _remind(case, actor, review_on, f"Interim measure review due on {case.reference}")
        _log(case, actor, f"Interim measure: {made.get_kind_display()}", made)
    return made


def end_interim_measure(
    *, actor: Any, case: Case, version: int | None, measure: InterimMeasure, ends_on: date
) -> None:
    _require(actor, CaseAction.EDIT_CASE, case)
    with transaction.atomic():
        _touch(case, version)
        InterimMeasure.objects.filter(pk=measure.pk).update(ends_on=ends_on)
        _log(case, actor, f"Interim measure ended: {measure.get_kind_display()}")


def update_police_liaison(
    *,
    actor: Any,
    case: Case,
    version: int | None,
    police_reference: str,
    contact: str,
    investigation_active: bool,
    agreed_to_continue: str,
) -> PoliceLiaison:
    _require(actor, CaseAction.EDIT_CASE, case)
    with transaction.atomic():
        _touch(case, version)
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
        _log(case, actor, "Police liaison updated", liaison)
    return liaison


def add_team_member(*, actor: Any, case: Case, version: int | None, user: Any) -> None:
    from rampart.accounts.models import Role

    _require(actor, CaseAction.EDIT_CASE, case)
    if not case.organisation.memberships.filter(user=user, role=Role.CASE_HANDLER).exists():
        raise PermissionDenied
    refuse_involved(case=case, users=[user])
    with transaction.atomic():
        _touch(case, version)
        CaseTeamMember.objects.get_or_create(case=case, user=user, role=TeamRole.HANDLER)
        _log(case, actor, f"{user.get_full_name() or user.email} added to the case team")


def add_interview(
    *, actor: Any, case: Case, version: int | None, party: Party, held_on: date, notes: str
) -> Any:
    from rampart.cases.models import Interview

    _require(actor, CaseAction.INVESTIGATE, case)
    with transaction.atomic():
        _touch(case, version)
        made = Interview.objects.create(
            investigation=Investigation.objects.get(case=case), party=party, held_on=held_on, notes=notes
        )
        _log(case, actor, f"Interview recorded: {party.get_role_display().lower()}", made)
    return made


def add_evidence(
    *, actor: Any, case: Case, version: int | None, description: str, raw: bytes, name: str
) -> Any:
    """Evidence files are checked by content and cleaned like report attachments, then encrypted. They
    are stored as evidence-N (N counting within the case), never under `name`, the name they were sent
    with: the description says what the file is."""
    import base64

    from rampart.cases.models import Evidence
    from rampart.reporting.attachments import clean, next_number

    del name
    _require(actor, CaseAction.INVESTIGATE, case)
    cleaned = clean(raw)
    with transaction.atomic():
        _touch(case, version)
        investigation = Investigation.objects.get(case=case)
        taken = Evidence.objects.filter(investigation=investigation).values_list("name", flat=True)
        made = Evidence.objects.create(
            investigation=investigation,
            description=description,
            name=cleaned.named("evidence", next_number(taken, "evidence")),
            content_type=cleaned.content_type,
            content=base64.b64encode(cleaned.content).decode(),
            added_by=actor,
            added_at=timezone.now(),
        )
        _log(case, actor, "Evidence added", made)
    return made


def arrange_review_meeting(*, actor: Any, organisation: Any, held_on: date) -> Any:
    """A meeting whose agenda is every case of the organisation awaiting the review group."""
    from rampart.cases.models import ReviewGroupMeeting

    policy.require(actor, CaseAction.MANAGE_REVIEW_GROUP, organisation)
    with transaction.atomic():
        meeting = ReviewGroupMeeting.objects.create(
            organisation=organisation, held_on=held_on, arranged_by=actor
        )
        meeting.cases.set(
            Case.objects.filter(organisation=organisation, state=workflow.State.AWAITING_REVIEW_GROUP)
        )
        audit.record(actor=actor, action=AuditAction.CREATE, obj=meeting, organisation=organisation)
    return meeting


def set_review_group_member(*, actor: Any, organisation: Any, user: Any, role_in_group: str) -> Any:
    from rampart.cases.models import ReviewGroupMember

    policy.require(actor, CaseAction.MANAGE_REVIEW_GROUP, organisation)
    with transaction.atomic():
        member, _ = ReviewGroupMember.objects.update_or_create(
            organisation=organisation, user=user, defaults={"role_in_group": role_in_group}
        )
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=member, organisation=organisation)
    return member


def remove_review_group_member(*, actor: Any, member: Any) -> None:
    policy.require(actor, CaseAction.MANAGE_REVIEW_GROUP, member.organisation)
    with transaction.atomic():
        audit.record(actor=actor, action=AuditAction.DELETE, obj=member, organisation=member.organisation)
        member.delete()

"""A case from opening to closing: open (from a report or not), triage, the workflow's steps, the case
team, close and reopen; and the reporter's identity revealed from the case."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rampart.cases import hooks, workflow
from rampart.cases.linking import refuse_involved
from rampart.cases.models import (
    Case,
    CaseTeamMember,
    CaseTransition,
    DecisionKind,
    Party,
    PoliceLiaison,
    RecordedDecision,
    TeamRole,
    TimelineEntry,
)
from rampart.cases.permissions import CaseAction
from rampart.cases.selectors import facts_for
from rampart.cases.services._write import StepRefused, case_write, note
from rampart.cases.services.people import PersonDetails, record_person
from rampart.core import audit, policy
from rampart.core.models import AuditAction

if TYPE_CHECKING:
    from rampart.accounts.models import User
    from rampart.organisations.models import Organisation
    from rampart.reporting.models import Report


def _new_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        reference = "CASE-" + "".join(secrets.choice(alphabet) for _ in range(6))
        if not Case.objects.filter(reference=reference).exists():
            return reference


def _new_case(
    *, actor: User, organisation: Organisation, summary: str, categories: list[str], report: Report | None
) -> Case:
    """The case, its opener as its handler, its first state and its first timeline entry."""
    case = Case.objects.create(
        reference=_new_reference(),
        organisation=organisation,
        report=report,
        summary=summary,
        categories=categories,
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


def open_case(
    *,
    actor: User,
    organisation: Organisation,
    summary: str,
    categories: list[str] | None = None,
    report: Report | None = None,
) -> Case:
    policy.require(actor, CaseAction.OPEN_CASE, organisation)
    with transaction.atomic():
        case = _new_case(
            actor=actor,
            organisation=organisation,
            summary=summary,
            categories=categories or [],
            report=report,
        )
        hooks.case_changed(case=case, actor=actor)
    return case


def open_case_from_report(*, actor: User, report: Report) -> Case:
    """A case from a report: the reporter (unless anonymous) becomes a party; the report shows progress.

    A named reporter's party carries their name. A confidential reporter's does not: the case shows
    "Confidential reporter", and who they are stays on the report, behind `reveal_reporter`."""
    from rampart.reporting import services as reporting

    policy.require(actor, CaseAction.OPEN_CASE, report.organisation)
    with transaction.atomic():
        case = _new_case(
            actor=actor,
            organisation=report.organisation,
            summary=report.what_happened,
            categories=list(report.categories),
            report=report,
        )
        if report.anonymity != "anonymous":
            confidential = report.anonymity != "named"
            person = record_person(
                organisation=report.organisation,
                details=PersonDetails(
                    kind="public", name="" if confidential else (report.reporter_name or "Reporter")
                ),
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
        hooks.case_changed(case=case, actor=actor)
    return case


def reveal_reporter(*, actor: User, report: Report, reason: str) -> dict[str, str]:
    """The reveal from the case page: reporting's `reveal_identity` decides and audits it, and its
    `reporter_revealed` hook (`reporter_revealed` below, through CasesConfig) puts it on the timeline."""
    from rampart.reporting import services as reporting

    revealed: dict[str, str] = reporting.reveal_identity(actor=actor, report=report, reason=reason)
    return revealed


def reporter_revealed(*, actor: User, report: Report, reason: str) -> None:
    """A report's reporter was revealed: if a case was opened from it, its timeline says to whom and
    why, so the case team sees who learnt it (inside the reveal's transaction). Not a change to the
    case: its version stays, so nobody's open form goes stale."""
    case = Case.objects.filter(report=report).first()
    if case is not None:
        who = actor.get_full_name() or actor.email
        note(case, actor, f"Reporter's identity revealed to {who}: {reason}", detail={"reason": reason})


def triage(
    *,
    actor: User,
    case: Case,
    version: int | None,
    sexual_dimension: str,
    screening_notes: str,
    immediate_actions: str,
    priority: str,
    criminal_allegation: bool,
) -> None:
    screened = {
        "sexual_dimension": sexual_dimension,
        "screening_notes": screening_notes,
        "immediate_actions": immediate_actions,
        "priority": priority,
        "criminal_allegation": criminal_allegation,
    }
    with case_write(actor, case, version=version) as write:
        # The triage guard reads the screening, so set it first; a refused step rolls it all back.
        for field, value in screened.items():
            setattr(case, field, value)
        write.step(workflow.Step.TRIAGE)
        case.save(update_fields=list(screened))


def close(*, actor: User, case: Case, version: int | None) -> None:
    with case_write(actor, case, version=version) as write:
        write.step(workflow.Step.CLOSE)
        if case.report is not None:
            from rampart.reporting import services as reporting

            reporting.change_status(actor=actor, report=case.report, status="closed", reason="case closed")


def reopen(*, actor: User, case: Case, version: int | None, reason: str) -> None:
    with case_write(actor, case, version=version) as write:
        write.step(workflow.Step.REOPEN, reason=reason)


# The organisation role a member of the case team must hold for each team role.
TEAM_ROLE_NEEDS = {TeamRole.HANDLER: "case_handler", TeamRole.INVESTIGATOR: "investigator"}


def _name(user: User) -> str:
    return user.get_full_name() or user.email


def _refuse_unless_eligible(case: Case, user: User, role: str) -> None:
    """Only a member of the case's organisation with the role's organisation role, and never someone
    involved in the case."""
    if role not in TEAM_ROLE_NEEDS:
        raise StepRefused(("Choose a case handler or an investigator",))
    needed = TEAM_ROLE_NEEDS[TeamRole(role)]
    if not case.organisation.memberships.filter(user=user, role=needed).exists():
        raise StepRefused((f"{_name(user)} is not a {TeamRole(role).label.lower()} at {case.organisation}",))
    refuse_involved(case=case, users=[user])


def _tell_new_member(case: Case, user: User, role: str) -> None:
    """E-mail the new member a link to the case, after the commit. Nothing of the case but its
    reference (in the link): whoever reads their mail learns nothing of what it is about."""
    from rampart.core.tasks import send_email

    body = (
        f"You have been added to a case team in Rampart as {TeamRole(role).label.lower()}. "
        "For privacy this e-mail does not say what the case is about.\n\n"
        f"Sign in to see it: {settings.RAMPART_SITE_URL}/cases/{case.reference}/"
    )
    to = user.email
    transaction.on_commit(
        lambda: send_email.enqueue(to=[to], subject="Rampart: you have been added to a case", body=body)
    )


def add_team_member(
    *, actor: User, case: Case, version: int | None, user: User, role: str = TeamRole.HANDLER
) -> CaseTeamMember:
    """Put a case handler or an investigator of the case's organisation on the case team (never
    someone involved in it); they are e-mailed a link to the case."""
    write = case_write(actor, case, version=version)
    _refuse_unless_eligible(case, user, role)
    with write:
        member, made = CaseTeamMember.objects.get_or_create(case=case, user=user, role=role)
        if not made:
            raise StepRefused(
                (f"{_name(user)} is already on the case team as {member.get_role_display().lower()}",)
            )
        write.record(f"{_name(user)} added to the case team as {member.get_role_display().lower()}", member)
        _tell_new_member(case, user, role)
    return member


def remove_team_member(*, actor: User, case: Case, version: int | None, user: User, role: str) -> None:
    """Take someone off the case team; the case keeps at least one named handler."""
    with case_write(actor, case, version=version) as write:
        member = CaseTeamMember.objects.filter(case=case, user=user, role=role).first()
        if member is None:
            raise StepRefused((f"{_name(user)} is not on the case team in that role",))
        handlers = CaseTeamMember.objects.filter(case=case, role=TeamRole.HANDLER)
        if role == TeamRole.HANDLER and handlers.count() == 1:
            raise StepRefused(("A case keeps at least one handler: add another, or hand the case over",))
        label = member.get_role_display().lower()
        member.delete()
        write.record(f"{_name(user)} removed from the case team ({label})", detail={"removed": user.pk})


def hand_over(*, actor: User, case: Case, version: int | None, to: User, keep_previous: bool) -> None:
    """Hand the case to another case handler: they join the team as its handler and are e-mailed a
    link; the one handing over leaves the team as handler unless `keep_previous`."""
    write = case_write(actor, case, version=version)
    _refuse_unless_eligible(case, to, TeamRole.HANDLER)
    if to.pk == actor.pk:
        raise StepRefused(("Choose someone else to hand the case to",))
    with write:
        _, made = CaseTeamMember.objects.get_or_create(case=case, user=to, role=TeamRole.HANDLER)
        left = False
        if not keep_previous:
            left = bool(
                CaseTeamMember.objects.filter(case=case, user=actor, role=TeamRole.HANDLER).delete()[0]
            )
        kept = "" if left or not keep_previous else f"; {_name(actor)} stays on the team"
        write.record(
            f"Case handed over by {_name(actor)} to {_name(to)}{kept}",
            detail={"to": to.pk, "kept_previous": keep_previous},
        )
        if made:
            _tell_new_member(case, to, TeamRole.HANDLER)


def record_decision(
    *, actor: User, case: Case, version: int | None, kind: str, reason: str
) -> RecordedDecision:
    """Record a decision with its reason (who, when, why: on the timeline, in the audit log and on
    the case page). An override lifts the guards the workflow lets it lift (`workflow.OVERRIDES`),
    and only when its step is now refused for such a reason; a decision not to involve the police is
    what the review group checklist reads when there is no police liaison."""
    if not reason.strip():
        raise StepRefused(("Give the reason for the decision",))
    with case_write(actor, case, version=version) as write:
        if kind.startswith("override:"):
            step = workflow.Step(kind.removeprefix("override:"))
            facts = facts_for(case)
            if not workflow.check(step, facts).overridable:
                raise StepRefused(("Nothing an override can lift stops this step now",))
        elif kind == DecisionKind.POLICE_NOT_INVOLVED and PoliceLiaison.objects.filter(case=case).exists():
            raise StepRefused(("The police are involved: a police liaison is recorded",))
        made = RecordedDecision.objects.create(
            case=case, kind=kind, reason=reason, made_by=actor, made_at=timezone.now()
        )
        # The reason is special-category free text: it stays encrypted on the decision, never copied
        # into the timeline's plain text or the audit detail.
        write.record(
            f"Decision recorded: {made.get_kind_display()}",
            made,
            detail={"kind": kind, "decision": made.pk},
        )
    return made

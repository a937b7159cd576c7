"""A case from opening to closing: open (from a report or not), triage, the workflow's steps, the case
team, close and reopen; and the reporter's identity revealed from the case."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from rampart.cases import hooks, workflow
from rampart.cases.linking import refuse_involved
from rampart.cases.models import Case, CaseTeamMember, CaseTransition, Party, TeamRole, TimelineEntry
from rampart.cases.permissions import CaseAction
from rampart.cases.services._write import case_write, note
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


def add_team_member(*, actor: User, case: Case, version: int | None, user: User) -> None:
    from rampart.accounts.models import Role

    write = case_write(actor, case, version=version)
    if not case.organisation.memberships.filter(user=user, role=Role.CASE_HANDLER).exists():
        raise PermissionDenied
    refuse_involved(case=case, users=[user])
    with write:
        CaseTeamMember.objects.get_or_create(case=case, user=user, role=TeamRole.HANDLER)
        write.record(f"{user.get_full_name() or user.email} added to the case team")

"""The review group: referring a case to it, its decision (with the checklist), its members and its
meetings. Members and meetings belong to the organisation, not to one case: they claim no case version."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from rampart.cases import workflow
from rampart.cases.models import Case, ReviewGroupDecision, ReviewGroupMeeting, ReviewGroupMember
from rampart.cases.permissions import CaseAction
from rampart.cases.selectors import facts_for
from rampart.cases.services._write import StepRefused, case_write
from rampart.core import audit, policy
from rampart.core.models import AuditAction

if TYPE_CHECKING:
    from rampart.accounts.models import User
    from rampart.organisations.models import Organisation


def refer_to_review_group(*, actor: User, case: Case, version: int | None) -> None:
    with case_write(actor, case, version=version) as write:
        write.step(workflow.Step.REFER_TO_REVIEW_GROUP)


def record_review_decision(
    *, actor: User, case: Case, version: int | None, checklist: list[str], decision: str, decided_on: date
) -> ReviewGroupDecision:
    write = case_write(actor, case, CaseAction.RECORD_REVIEW_DECISION, version=version)
    # The checklist is a guard of the step, and the decision it is part of is not saved yet.
    facts = facts_for(case)
    verdict = workflow.check(
        workflow.Step.RECORD_REVIEW_DECISION,
        workflow.CaseFacts(**{**facts.__dict__, "review_checklist": frozenset(checklist)}),
    )
    if not verdict.allowed:
        raise StepRefused(verdict.reasons)
    with write:
        # The items checked from the data are met (the guard says so) and kept with the decision.
        ticked = {key for key in checklist if key not in workflow.CHECKED_FROM_DATA}
        made = ReviewGroupDecision.objects.create(
            case=case,
            decided_on=decided_on,
            checklist=sorted(ticked | set(workflow.CHECKED_FROM_DATA)),
            decision=decision,
            recorded_by=actor,
        )
        write.step(workflow.Step.RECORD_REVIEW_DECISION)
    return made


def arrange_review_meeting(*, actor: User, organisation: Organisation, held_on: date) -> ReviewGroupMeeting:
    """A meeting whose agenda is every case of the organisation awaiting the review group."""
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


def set_review_group_member(
    *, actor: User, organisation: Organisation, user: User, role_in_group: str
) -> ReviewGroupMember:
    policy.require(actor, CaseAction.MANAGE_REVIEW_GROUP, organisation)
    with transaction.atomic():
        member, _ = ReviewGroupMember.objects.update_or_create(
            organisation=organisation, user=user, defaults={"role_in_group": role_in_group}
        )
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=member, organisation=organisation)
    return member


def remove_review_group_member(*, actor: User, member: ReviewGroupMember) -> None:
    policy.require(actor, CaseAction.MANAGE_REVIEW_GROUP, member.organisation)
    with transaction.atomic():
        audit.record(actor=actor, action=AuditAction.DELETE, obj=member, organisation=member.organisation)
        member.delete()

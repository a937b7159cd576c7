"""The investigation: commissioning it (trained investigators only), interviews, evidence, findings,
and the outcome of the case."""

from __future__ import annotations

import base64
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone

from rampart.cases import workflow
from rampart.cases.linking import refuse_involved
from rampart.cases.models import (
    CaseTeamMember,
    Evidence,
    Finding,
    Interview,
    Investigation,
    Outcome,
    Party,
    TeamRole,
)
from rampart.cases.permissions import CaseAction
from rampart.cases.services._write import StepRefused, case_write, role_of

if TYPE_CHECKING:
    from rampart.accounts.models import User
    from rampart.cases.models import Case


def assign_investigation(
    *,
    actor: User,
    case: Case,
    version: int | None,
    terms_of_reference: str,
    investigators: list[User],
    independent_investigator: str = "",
) -> Investigation:
    """Only people with current specialist investigation training may be assigned (or a named independent)."""
    from rampart.learning.models import Course
    from rampart.learning.selectors import has_current_training

    write = case_write(actor, case, version=version)
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
    with write:
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
        write.step(workflow.Step.START_INVESTIGATION)
    return investigation


def add_interview(
    *, actor: User, case: Case, version: int | None, party: Party, held_on: date, notes: str
) -> Interview:
    with case_write(actor, case, CaseAction.INVESTIGATE, version=version) as write:
        made = Interview.objects.create(
            investigation=Investigation.objects.get(case=case), party=party, held_on=held_on, notes=notes
        )
        write.record(f"Interview recorded: {role_of(party).lower()}", made)
    return made


def add_evidence(
    *, actor: User, case: Case, version: int | None, description: str, raw: bytes, name: str
) -> Evidence:
    """Evidence files are checked by content and cleaned like report attachments, then encrypted. They
    are stored as evidence-N (N counting within the case), never under `name`, the name they were sent
    with: the description says what the file is."""
    from rampart.reporting.attachments import clean, next_number

    del name
    write = case_write(actor, case, CaseAction.INVESTIGATE, version=version)
    cleaned = clean(raw)  # before the case is locked: rebuilding a file takes a while
    with write:
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
        write.record("Evidence added", made)
    return made


def record_findings(*, actor: User, case: Case, version: int | None, findings: str, finding: str) -> None:
    """The investigation's findings and its answer (`Finding`): a partial finding is kept as such, and
    `substantiated` says whether anything at all was found against the subject (docs/duties.md)."""
    answer = Finding(finding)
    with case_write(
        actor, case, CaseAction.INVESTIGATE, version=version, timeline="Investigation findings recorded"
    ):
        investigation = Investigation.objects.select_for_update().filter(case=case).first()
        if investigation is None:
            raise StepRefused(("No investigation has been commissioned yet",))
        investigation.findings, investigation.finding = findings, answer
        investigation.substantiated = answer is not Finding.NOT_SUBSTANTIATED
        investigation.completed_on = timezone.localdate()
        investigation.save(update_fields=["findings", "finding", "substantiated", "completed_on"])


def record_outcome(
    *,
    actor: User,
    case: Case,
    version: int | None,
    kind: str,
    removed_from_regulated_activity: bool,
    left_before_removal: bool,
    lessons_learned: str,
    relevant_conduct: bool = False,
    harm_test_met: bool = False,
    caution_or_conviction: bool | None = None,
) -> Outcome:
    with case_write(actor, case, version=version) as write:
        outcome, _ = Outcome.objects.update_or_create(
            case=case,
            defaults={
                "kind": kind,
                "removed_from_regulated_activity": removed_from_regulated_activity,
                "left_before_removal": left_before_removal,
                "relevant_conduct": relevant_conduct,
                "harm_test_met": harm_test_met,
                "caution_or_conviction": caution_or_conviction,
                "lessons_learned": lessons_learned,
                "recorded_by": actor,
                "recorded_at": timezone.now(),
            },
        )
        write.step(workflow.Step.RECORD_OUTCOME)
    return outcome

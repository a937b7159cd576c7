"""Linking a person on a case to their Rampart account, so that they never see the case.

A case handler proposes an account by e-mail address or staff number. Only accounts of members of the
case's organisation are offered; a staff number is known for an account from the organisation's
training records (the one place Rampart holds a member's staff number). The handler then confirms
one of the proposed accounts. Once linked, `cases.selectors.visible_cases` and the policy keep the
case, its report, and weak signals and pattern alerts about the person from that account, whatever
roles it holds, and the account is taken off the case team and cannot be put back on it.

Linking and unlinking are on the case timeline without naming the account (the case team sees that
a link exists; the account shows only on the link page) and in the audit log with it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Upper
from django.utils import timezone

from rampart.accounts.models import Membership
from rampart.cases.models import Case, CaseTeamMember, Investigation, Party, Person
from rampart.cases.permissions import CaseAction
from rampart.core import audit, policy
from rampart.core.models import AuditAction

MAX_PROPOSALS = 5


def proposed_accounts(organisation: Any, *, email: str = "", staff_number: str = "") -> list[Any]:
    """Active accounts of the organisation's members with this e-mail address (ignoring case) or, when
    no address is given, this staff number in the organisation's training records (ignoring case)."""
    members = get_user_model().objects.filter(
        is_active=True, pk__in=Membership.objects.filter(organisation=organisation).values("user_id")
    )
    email, staff_number = email.strip(), staff_number.strip()
    if email:
        # Addresses are stored in lower case (accounts.models.UserManager), under a unique index.
        return list(members.filter(email=email.lower())[:MAX_PROPOSALS])
    if staff_number:
        from rampart.learning.models import TrainingRecord

        # UPPER on both sides, the expression the learning_staff_number_upper index holds.
        known = (
            TrainingRecord.objects.alias(staff_upper=Upper("staff_number"))
            .filter(organisation=organisation, user__isnull=False, staff_upper=Upper(Value(staff_number)))
            .values("user_id")
        )
        return list(members.filter(pk__in=known)[:MAX_PROPOSALS])
    return []


def is_involved(*, case: Case, user: Any) -> bool:
    """Whether the account is linked to anyone on the case, in any role."""
    return Party.objects.filter(case=case, person__user=user).exists()


def refuse_involved(*, case: Case, users: list[Any]) -> None:
    """Refuse to put on the case team anyone linked to a person on the case."""
    from rampart.cases.services import StepRefused

    involved = [u for u in users if u is not None and is_involved(case=case, user=u)]
    if involved:
        raise StepRefused(
            tuple(
                f"{u.get_full_name() or u.email} is involved in this case, so they cannot be on its team"
                for u in involved
            )
        )


def reports_about(user: Any) -> frozenset[int]:
    """For the policy: the reports whose case has the user among its people. Read once per user
    object (one request), as the policy caches memberships, so a queue of reports asks once."""
    involved = getattr(user, "_rampart_involved_reports", None)
    if involved is None:
        involved = frozenset(
            Party.objects.filter(person__user=user.pk, case__report__isnull=False).values_list(
                "case__report_id", flat=True
            )
        )
        user._rampart_involved_reports = involved
    return involved


def link_account(
    *,
    actor: Any,
    case: Case,
    version: int | None,
    party: Party,
    account: Any,
    email: str = "",
    staff_number: str = "",
) -> Person:
    """Link the party's person to one of the accounts `proposed_accounts` offers for what the handler
    typed, and take that account off the case team."""
    from rampart.cases.services import StepRefused, _touch

    policy.require(actor, CaseAction.EDIT_CASE, case)
    if party.case_id != case.pk:
        raise ValueError("that person is not on this case")
    offered = proposed_accounts(case.organisation, email=email, staff_number=staff_number)
    if account.pk not in {u.pk for u in offered}:
        raise StepRefused(("Choose one of the accounts found at this organisation",))
    found_by = "e-mail address" if email.strip() else "staff number"
    with transaction.atomic():
        _touch(case, version)
        person = Person.objects.select_for_update().get(pk=party.person_id)
        previous = person.user_id
        person.user, person.linked_by, person.linked_at = account, actor, timezone.now()
        person.save(update_fields=["user", "linked_by", "linked_at"])
        off_team = CaseTeamMember.objects.filter(case=case, user=account).delete()[0]
        investigation = Investigation.objects.filter(case=case).first()
        if investigation is not None:
            investigation.investigators.remove(account)
        what = f"{party.get_role_display()} linked to a staff account"
        if off_team:
            what += "; that account was taken off the case team"
        _record(case, actor, what, person, party, account=account.pk, previous=previous, found_by=found_by)
    party.person = person
    return person


def unlink_account(*, actor: Any, case: Case, version: int | None, party: Party) -> Person:
    policy.require(actor, CaseAction.EDIT_CASE, case)
    from rampart.cases.services import _touch

    if party.case_id != case.pk:
        raise ValueError("that person is not on this case")
    if not Person.objects.filter(pk=party.person_id, user__isnull=False).exists():
        return party.person
    with transaction.atomic():
        _touch(case, version)
        person = Person.objects.select_for_update().get(pk=party.person_id)
        previous = person.user_id
        person.user, person.linked_by, person.linked_at = None, None, None
        person.save(update_fields=["user", "linked_by", "linked_at"])
        what = f"{party.get_role_display()} no longer linked to a staff account"
        _record(case, actor, what, person, party, account=None, previous=previous)
    party.person = person
    return person


def _record(case: Case, actor: Any, what: str, person: Person, party: Party, **detail: Any) -> None:
    from rampart.cases.models import TimelineEntry

    TimelineEntry.objects.create(case=case, at=timezone.now(), actor=actor, what=what[:200])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=person,
        organisation=case.organisation,
        detail={"what": what, "case": case.reference, "party": party.pk, **detail},
    )

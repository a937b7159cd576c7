"""Linking a person on a case to their Rampart account, so that they never see the case.

A case handler proposes an account by e-mail address or staff number. Only accounts of members of the
case's organisation are offered; a staff number is known for an account from the organisation's
training records (the one place Rampart holds a member's staff number). The handler then confirms
one of the proposed accounts. Once linked, `cases.selectors.visible_cases` and the policy keep the
case, its report, and weak signals and pattern alerts about the person from that account, whatever
roles it holds, and the account is taken off the case team and cannot be put back on it.

The writes, `link_account` and `unlink_account`, are case writes in `cases.services.people`: on the
case timeline without naming the account (the case team sees that a link exists; the account shows
only on the link page) and in the audit log with it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Value
from django.db.models.functions import Upper

from rampart.accounts.models import Membership
from rampart.cases.models import Case, Party

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

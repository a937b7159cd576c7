"""Reads for changing a case's team and reviewing its interim measures (cases.team_views): who is on
the team, who may join it, and the case's measures with their reviews. The page that shows them has
already checked the policy for the case (`CaseAction.EDIT_CASE`)."""

from __future__ import annotations

from typing import Any

from rampart.cases.models import Case, CaseTeamMember, InterimMeasure, Party, TeamRole
from rampart.cases.services.lifecycle import TEAM_ROLE_NEEDS


def team_members(case: Case) -> list[CaseTeamMember]:
    """The case team, handlers first, by name."""
    rows = CaseTeamMember.objects.filter(case=case).select_related("user")
    return sorted(rows, key=lambda m: (m.role != TeamRole.HANDLER, m.user.get_full_name() or m.user.email))


def candidates(case: Case, role: str) -> list[Any]:
    """The organisation's people with the organisation role the team role needs, not already on the
    team in that role and not involved in the case (linked to one of its people)."""
    from rampart.accounts.models import Membership

    on_team = CaseTeamMember.objects.filter(case=case, role=role).values("user_id")
    involved = Party.objects.filter(case=case, person__user__isnull=False).values("person__user")
    members = (
        Membership.objects.filter(organisation=case.organisation_id, role=TEAM_ROLE_NEEDS[TeamRole(role)])
        .exclude(user__in=on_team)
        .exclude(user__in=involved)
        .filter(user__is_active=True)
        .select_related("user")
    )
    users = {m.user.pk: m.user for m in members}
    return sorted(users.values(), key=lambda u: u.get_full_name() or u.email)


def measure_of(case: Case, measure_id: int) -> InterimMeasure | None:
    """One of the case's interim measures, with its reviews (newest first)."""
    return (
        InterimMeasure.objects.filter(case=case, pk=measure_id)
        .prefetch_related("reviews__reviewed_by")
        .first()
    )

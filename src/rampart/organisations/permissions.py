"""Organisations: who may see an organisation, its members and its audit log; which organisations
a user can see at all."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import rules
from django.db.models import Q, QuerySet

from rampart.accounts.models import Role
from rampart.accounts.permissions import holds, memberships, role_here
from rampart.organisations.models import Organisation


class OrganisationAction(StrEnum):
    VIEW_ORGANISATION = "organisation.view"
    VIEW_AUDIT_LOG = "organisation.view_audit_log"
    VERIFY_AUDIT_LOG = "organisation.verify_audit_log"


def _lineage_ids(org: Organisation) -> set[int]:
    return {org.pk, *(a.pk for a in org.ancestors())}


@rules.predicate
def is_member(user: Any, org: Organisation) -> bool:
    return holds(user, {org.pk})


@rules.predicate
def is_icb_lead_over(user: Any, org: Organisation) -> bool:
    """An ICB lead oversees the ICB and the providers it commissions."""
    icb_ids = {org.pk} if org.kind == "icb" else ({org.parent_id} if org.parent_id else set())
    return holds(user, icb_ids, {Role.ICB_LEAD})


@rules.predicate
def is_analyst_over(user: Any, org: Organisation) -> bool:
    """A regional or national analyst sees the organisations in their region or the country."""
    return holds(user, _lineage_ids(org), {Role.ANALYST})


@rules.predicate
def is_primary_care(user: Any, org: Organisation) -> bool:
    return bool(org.kind == "primary_care")


RULES = {
    OrganisationAction.VIEW_ORGANISATION: is_member | is_icb_lead_over | is_analyst_over,
    OrganisationAction.VIEW_AUDIT_LOG: role_here(Role.ADMINISTRATOR, Role.PRIVACY_OFFICER),
    OrganisationAction.VERIFY_AUDIT_LOG: role_here(Role.ADMINISTRATOR),
}


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations the user may see: their own, plus those below them for ICB leads and analysts."""
    held = memberships(user)
    own = {o for o, _ in held}
    overseeing = {o for o, r in held if r in (Role.ICB_LEAD, Role.ANALYST)}
    below = (
        Q(parent__in=overseeing) | Q(parent__parent__in=overseeing) | Q(parent__parent__parent__in=overseeing)
    )
    return Organisation.objects.filter(Q(pk__in=own) | below).distinct()

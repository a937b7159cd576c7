"""Who holds which role where: the predicates every app's rules are built from.

A user's memberships (organisation, role) are read once per request and cached on the user. The
rules themselves live in each app's `permissions.py` and are served by `rampart.core.policy`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import rules

from rampart.accounts.models import Role


def memberships(user: Any) -> frozenset[tuple[int, str]]:
    """(organisation id, role) pairs for an active, signed-in user; cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_rampart_memberships", None)
    if cached is None:
        cached = frozenset(user.memberships.values_list("organisation_id", "role"))
        user._rampart_memberships = cached
    return cached


def holds(user: Any, org_ids: set[int], roles: set[str] | None = None) -> bool:
    """The user holds one of `roles` (any role if None) at one of the organisations `org_ids`."""
    return any(o in org_ids and (roles is None or r in roles) for o, r in memberships(user))


def role_here(*roles: Role) -> Any:
    """A predicate over (user, organisation): the user holds one of `roles` at that organisation."""

    @rules.predicate(name=f"holds_{'_or_'.join(roles)}")
    def predicate(user: Any, org: Any) -> bool:
        return holds(user, {org.pk}, set(roles))

    return predicate


def role_at(field: str, *roles: Role) -> Any:
    """A predicate over (user, record): the user holds one of `roles` (any if none) at the
    organisation the record names in `<field>_id`."""

    @rules.predicate(name=f"holds_{'_or_'.join(roles) or 'any_role'}_at_{field}")
    def predicate(user: Any, record: Any) -> bool:
        return holds(user, {getattr(record, f"{field}_id")}, set(roles) or None)

    return predicate


class AccountAction(StrEnum):
    """Who may see and change an organisation's members (objects: the organisation)."""

    VIEW_MEMBERS = "organisation.view_members"
    MANAGE_MEMBERS = "organisation.manage_members"


RULES = {
    AccountAction.VIEW_MEMBERS: role_here(Role.ADMINISTRATOR),
    AccountAction.MANAGE_MEMBERS: role_here(Role.ADMINISTRATOR),
}

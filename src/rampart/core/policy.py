"""The one place that answers "may this user do this to this object?".

Views, API endpoints and services ask `allowed` / `require`; none decides by itself. The rules are
`rules` predicates over the user's memberships (organisation, role) and where the object's
organisation sits in the hierarchy (national → region → ICB → provider). Each app keeps its actions
(a `StrEnum`) and their predicates in its own `permissions.py`, as a `RULES` mapping; this module
gathers them into one rule set, so core imports no feature app and every app plugs in the same way.
The authorisation matrix (`tests/core/test_policy.py`) is the one table of who may do what.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any, NoReturn

import rules
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404

# An action is a member of an app's enum in its `permissions.py` (`CaseAction.VIEW_CASE`, say).
Action = StrEnum


@cache
def _rule_set() -> rules.RuleSet:
    """Every installed app's `permissions.RULES`, in one rule set; an action named twice is a fault."""
    from django.apps import apps

    found = rules.RuleSet()
    for config in apps.get_app_configs():
        name = f"{config.name}.permissions"
        if find_spec(name) is None:
            continue
        for action, predicate in getattr(import_module(name), "RULES", {}).items():
            if found.rule_exists(str(action)):
                raise ImproperlyConfigured(f"{name} names {action} again")
            found.add_rule(str(action), predicate)
    return found


def actions() -> frozenset[str]:
    """Every action some app's rules answer for (for the authorisation matrix to cover)."""
    return frozenset(_rule_set())


def satisfies(user: Any, action: str, obj: Any) -> bool:
    """The bare rule for `action`, without the records-about-you exclusion or any audit: for one
    app's rule to defer to another's by name (a report's need to know follows its case's)."""
    found = _rule_set()
    if not found.rule_exists(str(action)):
        raise ImproperlyConfigured(f"No app's permissions.py has a rule for {action!r}")
    return bool(found.test_rule(str(action), user, obj))


# Records about the people on a case. Whoever is linked to one of those people (`cases.linking`) may
# never see them, whatever roles they hold. Each app that holds such records says so through its
# AppConfig's optional `about_user(user, obj)` hook (as `person_recorded` and `navigation` plug in), so
# core imports none of them. (Cases themselves are kept from them by `cases.selectors.visible_cases`.)
def _hooks(name: str) -> tuple[Any, ...]:
    from rampart.core.plugins import implementations

    return implementations(name)


def _about_user(user: Any, obj: Any) -> bool:
    if getattr(obj, "_meta", None) is None or not getattr(user, "is_authenticated", False):
        return False
    return any(hook(user, obj) for hook in _hooks("about_user"))


def records_about(user: Any, label: str) -> frozenset[int]:
    """Ids of the `label` records ("app.model") about the user, for lists to leave out (the same
    answer `allowed` gives one object): from each AppConfig's optional `records_about_user` hook."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    found: set[int] = set()
    for hook in _hooks("records_about_user"):
        found |= hook(user, label)
    return frozenset(found)


def allowed(user: Any, action: str, obj: Any) -> bool:
    if _about_user(user, obj):
        return False
    return satisfies(user, action, obj)


def require(user: Any, action: str, obj: Any) -> None:
    """Raise PermissionDenied (and record the denial) unless the user may act on obj."""
    if allowed(user, action, obj):
        return
    _record_denial(user, obj, {"attempted": str(action)})
    raise PermissionDenied


# Organisations are the one kind of object that holds itself (named here, not imported: core sits
# below the organisations app).
_ORGANISATION = "organisations.organisation"


def _is_organisation(obj: Any) -> bool:
    meta = getattr(obj, "_meta", None)
    return meta is not None and meta.label_lower == _ORGANISATION


def holding_organisation(obj: Any) -> Any:
    """The organisation that holds obj: itself, its `organisation`, a disclosure's `holder`, or
    the organisation of the case it belongs to (a referral)."""
    if obj is None or _is_organisation(obj):
        return obj
    for field in ("organisation", "holder"):
        if getattr(obj, f"{field}_id", None) is not None:
            return getattr(obj, field)
    case = getattr(obj, "case", None)
    return holding_organisation(case) if case is not None else None


def not_found(user: Any, model: Any, *, attempted: str, **lookup: Any) -> NoReturn:
    """Raise Http404 for an object the user may not see. If it exists (elsewhere), first record the
    attempt against the organisation that holds it; the response is the same 404 either way."""
    held = model._default_manager.filter(**lookup).first() if lookup else None
    if held is not None:
        _record_denial(user, held, {"attempted": attempted, "reason": "not visible"})
    raise Http404


def _record_denial(user: Any, obj: Any, detail: dict[str, Any]) -> None:
    from rampart.core import audit
    from rampart.core.models import AuditAction

    organisation = holding_organisation(obj)
    audit.record(
        actor=user,
        action=AuditAction.PERMISSION_DENIED,
        obj=obj,
        organisation=organisation,
        detail=detail,
    )
    if organisation is not None:
        # Whoever watches refusals (accounts.denials: repeated ones are told to the administrators).
        for hook in _hooks("permission_denied"):
            hook(user=user, organisation=organisation)

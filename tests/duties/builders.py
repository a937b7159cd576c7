"""Facts for tests, written the way a case handler would describe a case.

``case(subject__role="nurse")`` gives ``{"subject": {"role": "nurse"}}``; a base case can be
extended, and ``MISSING`` removes a field.
"""

from __future__ import annotations

import copy
from typing import Any

from rampart.duties import Duty, evaluate

MISSING = object()

# A typical NHS trust case: a staff nurse accused of sexually assaulting an adult patient.
TRUST_CASE: dict[str, Any] = {
    "reported_on": "2026-03-01",
    "organisation": {
        "kind": "nhs_trust",
        "cqc_registered": True,
        "regulated_activity_provider": True,
    },
    "concern": {
        "sexual_dimension": "yes",
        "categories": ["sexual_assault"],
        "criminal_allegation": False,
        "affected": {"kind": "patient", "child": False, "adult_at_risk": False},
    },
    "subject": {
        "kind": "staff",
        "role": "nurse",
        "regulator": None,
        "resident_doctor": False,
        "on_performers_list": False,
        "in_regulated_activity": True,
        "left_organisation": False,
    },
    "police": {"involved": False, "investigation_active": False},
    "actions": {
        "removed_from_regulated_activity": False,
        "would_have_removed_if_not_left": False,
        "suspended": False,
        "dismissed": False,
    },
    "findings": {
        "relevant_conduct": False,
        "harm_test_met": False,
        "autobar_caution_or_conviction": False,
        "substantiated": None,
    },
}


def case(base: dict[str, Any] | None = None, **changes: object) -> dict[str, Any]:
    """A copy of ``base`` (or an empty case) with ``section__field=value`` changes applied."""
    facts: dict[str, Any] = copy.deepcopy(base) if base is not None else {}
    for dotted, value in changes.items():
        *sections, name = dotted.split("__")
        target = facts
        for section in sections:
            target = target.setdefault(section, {})
        if value is MISSING:
            target.pop(name, None)
        else:
            target[name] = value
    return facts


def trust_case(**changes: object) -> dict[str, Any]:
    return case(TRUST_CASE, **changes)


def duty(facts: dict[str, Any], code: str) -> Duty | None:
    found = [d for d in evaluate(facts) if d.code == code]
    assert len(found) <= 1, f"{code} listed {len(found)} times"
    return found[0] if found else None


def status(facts: dict[str, Any], code: str) -> str | None:
    """``"required"``, ``"consider"``, or ``None`` when the duty is left out."""
    found = duty(facts, code)
    return None if found is None else found.status.value


def codes(facts: dict[str, Any]) -> list[str]:
    return [d.code.value for d in evaluate(facts)]

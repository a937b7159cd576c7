"""Hypothesis strategies for facts objects that keep the contract (and some that break it)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from hypothesis import strategies as st

from rampart.duties.facts import (
    AffectedKind,
    Category,
    OrganisationKind,
    Regulator,
    Role,
    SexualDimension,
    SubjectKind,
)

# Every field of the contract: section -> field -> strategy for a valid value.
FLAG = st.sampled_from([True, False, None])


def _choice(options: type[Any]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), st.sampled_from([option.value for option in options]))


DATE = st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)).map(str))

# The contract's fields, and (marked) the optional extensions issue 16 adds.
FIELDS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "organisation": {
        "kind": _choice(OrganisationKind),
        "cqc_registered": FLAG,
        "regulated_activity_provider": FLAG,
    },
    "concern": {
        "sexual_dimension": _choice(SexualDimension),
        "categories": st.one_of(
            st.none(), st.lists(st.sampled_from([c.value for c in Category]), max_size=4)
        ),
        "criminal_allegation": FLAG,
    },
    "concern.affected": {"kind": _choice(AffectedKind), "child": FLAG, "adult_at_risk": FLAG},
    "subject": {
        "kind": _choice(SubjectKind),
        "role": _choice(Role),
        "regulator": _choice(Regulator),
        "resident_doctor": FLAG,
        "on_performers_list": FLAG,
        "in_regulated_activity": FLAG,
        "left_organisation": FLAG,
        "works_with_children": FLAG,  # extension
        "left_on": DATE,  # extension
    },
    "police": {"involved": FLAG, "investigation_active": FLAG, "charged": FLAG},  # charged: extension
    "risk": {"police_contact_advised": FLAG},  # extension
    "actions": {
        "removed_from_regulated_activity": FLAG,
        "would_have_removed_if_not_left": FLAG,
        "suspended": FLAG,
        "dismissed": FLAG,
        "removed_from_clinical_duties": FLAG,  # extension
        "removed_on": DATE,  # extension
    },
    "findings": {
        "relevant_conduct": FLAG,
        "harm_test_met": FLAG,
        "autobar_caution_or_conviction": FLAG,
        "substantiated": FLAG,
    },
}

DATE_FIELDS = frozenset({("subject", "left_on"), ("actions", "removed_on")})

# Booleans and choices where null means "not known" (for subject.regulator null means "none given",
# and the role decides, so it is left out; a missing date is not an unknown boolean).
UNKNOWABLE_FIELDS = [
    (section, name)
    for section, fields in FIELDS.items()
    for name in fields
    if (section, name) not in {("subject", "regulator"), ("concern", "categories"), *DATE_FIELDS}
]

reported_on = DATE


def _place(facts: dict[str, Any], section: str, name: str, value: object) -> None:
    target = facts
    for part in section.split(".") if section else []:
        if target.get(part) is None:
            target[part] = {}
        target = target[part]
    target[name] = value


@st.composite
def valid_facts(draw: st.DrawFn) -> dict[str, Any]:
    """A facts object with any subset of the contract's fields, each with a valid value."""
    facts: dict[str, Any] = {}
    if draw(st.booleans()):
        facts["reported_on"] = draw(reported_on)
    for section, fields in FIELDS.items():
        for name, values in fields.items():
            if draw(st.booleans()):
                _place(facts, section, name, draw(values))
    for section in ("organisation", "concern", "subject", "police", "risk", "actions", "findings"):
        if section not in facts and draw(st.booleans()):
            facts[section] = None  # a null section is the same as a missing one
    return facts


def with_field(facts: dict[str, Any], section: str, name: str, value: object) -> dict[str, Any]:
    """A deep copy of ``facts`` with one field set."""
    changed = copy.deepcopy(facts)
    _place(changed, section, name, value)
    return changed


def values_of(section: str, name: str) -> list[object]:
    """Every definite value a field can take (for booleans, true and false)."""
    enums = {
        ("organisation", "kind"): OrganisationKind,
        ("concern", "sexual_dimension"): SexualDimension,
        ("concern.affected", "kind"): AffectedKind,
        ("subject", "kind"): SubjectKind,
        ("subject", "role"): Role,
    }
    if (section, name) in enums:
        return [option.value for option in enums[(section, name)] if option.value != "unknown"]
    return [True, False]


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)

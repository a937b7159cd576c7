"""Properties that hold for every facts object the contract allows."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rampart.duties import DutyCode, InvalidFacts, evaluate
from rampart.duties.facts import Category, Regulator

from .strategies import (
    FIELDS,
    UNKNOWABLE_FIELDS,
    json_values,
    valid_facts,
    values_of,
    with_field,
)

CONTRACT_ORDER = [code.value for code in DutyCode]
CATEGORY_VALUES = [category.value for category in Category]
CONTRACT_FIELDS = [("", "reported_on")] + [
    (section, name) for section, fields in FIELDS.items() for name in fields
]


def _codes(facts: dict[str, Any]) -> list[str]:
    return [duty.code.value for duty in evaluate(facts)]


@given(valid_facts())
def test_evaluate_never_raises_on_valid_facts_and_lists_each_fixed_code_at_most_once(
    facts: dict[str, Any],
) -> None:
    codes = _codes(facts)

    assert set(codes) <= set(CONTRACT_ORDER)
    assert len(codes) == len(set(codes))


@given(valid_facts())
def test_duties_come_out_in_the_contracts_code_order(facts: dict[str, Any]) -> None:
    codes = _codes(facts)

    assert codes == sorted(codes, key=CONTRACT_ORDER.index)


@given(valid_facts())
def test_every_duty_serialises_to_the_contract_shape(facts: dict[str, Any]) -> None:
    for duty in evaluate(facts):
        data = json.loads(json.dumps(duty.to_json()))

        assert set(data) == {"code", "status", "basis", "due", "reason", "recipient"}
        assert data["status"] in {"required", "consider"}
        assert data["basis"].strip()
        assert data["reason"].strip()
        assert data["recipient"] is None or data["recipient"].strip()
        assert data["due"] is None or date.fromisoformat(data["due"])


@given(valid_facts())
def test_a_deadline_is_never_before_the_report_and_never_without_a_date_to_start_from(
    facts: dict[str, Any],
) -> None:
    reported_on = facts.get("reported_on")
    started = [
        (facts.get(section) or {}).get(name)
        for section, name in (("subject", "left_on"), ("actions", "removed_on"))
    ]

    for duty in evaluate(facts):
        if reported_on is None and not any(started):
            assert duty.due is None
        elif reported_on is not None:
            assert duty.due is None or duty.due >= date.fromisoformat(reported_on)


@given(valid_facts())
def test_adding_a_criminal_allegation_never_removes_the_police_report(
    facts: dict[str, Any],
) -> None:
    alleged = with_field(facts, "concern", "criminal_allegation", True)

    police_report = [d for d in evaluate(alleged) if d.code == DutyCode.POLICE_REPORT]

    assert [d.status.value for d in police_report] == ["required"]


@given(valid_facts())
def test_a_suspension_alone_never_requires_a_dbs_barring_referral(facts: dict[str, Any]) -> None:
    suspended_only = facts
    for name in (
        "removed_from_regulated_activity",
        "removed_from_clinical_duties",
        "would_have_removed_if_not_left",
        "dismissed",
    ):
        suspended_only = with_field(suspended_only, "actions", name, False)
    suspended_only = with_field(suspended_only, "actions", "suspended", True)

    statuses = [d.status.value for d in evaluate(suspended_only) if d.code == "DBS_BARRING_REFERRAL"]

    assert "required" not in statuses


@given(valid_facts(), st.sampled_from(UNKNOWABLE_FIELDS))
def test_an_unknown_fact_never_hides_a_duty_that_a_known_value_would_bring(
    facts: dict[str, Any], field: tuple[str, str]
) -> None:
    section, name = field
    unknown = "unknown" if (section, name) == ("concern", "sexual_dimension") else None
    listed_when_unknown = set(_codes(with_field(facts, section, name, unknown)))

    for value in values_of(section, name):
        listed_when_known = set(_codes(with_field(facts, section, name, value)))

        assert listed_when_known <= listed_when_unknown, (section, name, value)


@given(valid_facts(), st.sampled_from([c.value for c in Category]))
def test_naming_another_category_never_removes_a_duty(facts: dict[str, Any], category: str) -> None:
    categories = (facts.get("concern") or {}).get("categories") or []
    more = with_field(facts, "concern", "categories", [*categories, category])

    assert set(_codes(facts)) <= set(_codes(more))


@given(valid_facts(), st.data())
def test_fields_outside_the_contract_are_ignored(facts: dict[str, Any], data: st.DataObject) -> None:
    noisy = json.loads(json.dumps(facts))
    noisy["x_extra"] = data.draw(json_values)
    for section in FIELDS:
        noisy = with_field(noisy, section, "x_extra", data.draw(json_values))

    assert evaluate(noisy) == evaluate(facts)


@given(json_values)
def test_facts_that_are_not_an_object_are_rejected(value: object) -> None:
    if isinstance(value, dict):
        try:
            evaluate(value)
        except InvalidFacts as error:  # a generated key can be a section's name, such as "risk"
            problem = error
        else:
            problem = None
        assert problem is None or problem.field != "facts"
    else:
        with pytest.raises(InvalidFacts) as raised:
            evaluate(value)  # type: ignore[arg-type]
        assert raised.value.field == "facts"


def _allowed(section: str, name: str, value: object) -> bool:
    """An independent statement of the contract's value rules, field by field."""
    if value is None:
        return True
    if name in ("reported_on", "left_on", "removed_on"):
        return isinstance(value, str) and _is_iso_date(value)
    if name == "categories":
        return isinstance(value, list) and all(item in CATEGORY_VALUES for item in value)
    allowed = values_of(section, name)
    if (section, name) == ("concern", "sexual_dimension"):
        allowed = [*allowed, "unknown"]
    if (section, name) == ("subject", "regulator"):
        allowed = [regulator.value for regulator in Regulator]
    return any(value == option and type(value) is type(option) for option in allowed)


def _is_iso_date(text: str) -> bool:
    try:
        return len(text) == 10 and date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


@given(
    valid_facts(),
    st.sampled_from(CONTRACT_FIELDS),
    st.one_of(json_values, st.sampled_from(["2026-02-30", "2026-3-1", "nhs_trust", "GMC", "rape"])),
)
def test_a_value_is_accepted_exactly_when_the_contract_allows_it(
    facts: dict[str, Any], field: tuple[str, str], value: object
) -> None:
    section, name = field
    changed = with_field(facts, section, name, value)
    path = f"{section}.{name}" if section else name

    if _allowed(section, name, value):
        evaluate(changed)
    else:
        with pytest.raises(InvalidFacts) as raised:
            evaluate(changed)
        assert raised.value.field == path or raised.value.field.startswith(path + "[")


@given(valid_facts())
def test_every_consider_says_what_would_make_it_required(facts: dict[str, Any]) -> None:
    for duty in evaluate(facts):
        if duty.status == "consider":
            assert "required" in duty.reason.lower(), (duty.code, duty.reason)


# Referral duties whose clock starts when the concern is reported (DBS starts at the removal).
REPORT_CLOCK_REFERRALS = {
    DutyCode.SAFEGUARDING_REFERRAL,
    DutyCode.REGULATOR_REFERRAL,
    DutyCode.POLICE_REPORT,
    DutyCode.CQC_NOTIFICATION,
    DutyCode.COMMISSIONER_NOTIFICATION,
    DutyCode.MDSIPS_NOTIFICATION,
    DutyCode.POSTGRADUATE_DEAN_DISCUSSION,
    DutyCode.ESR_RECORD_UPDATE,
    DutyCode.INFORMATION_SHARING_ON_TRANSFER,
}


@given(valid_facts())
def test_every_referral_duty_has_a_due_date_once_the_report_date_is_known(facts: dict[str, Any]) -> None:
    if facts.get("reported_on") is None:
        return
    for duty in evaluate(facts):
        if duty.code in REPORT_CLOCK_REFERRALS or (
            duty.code is DutyCode.DBS_BARRING_REFERRAL and duty.status == "required"
        ):
            assert duty.due is not None, duty.code

"""Reading the contract's facts: defaults, unknowns, ignored fields and errors naming the field."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rampart.duties import InvalidFacts, parse_facts
from rampart.duties.facts import Category, OrganisationKind, Regulator, SexualDimension

from .builders import TRUST_CASE


def test_empty_facts_are_unknown_choices_and_false_event_flags() -> None:
    facts = parse_facts({})

    assert facts.reported_on is None
    assert facts.organisation.kind is None
    assert facts.concern.sexual_dimension is SexualDimension.UNKNOWN
    assert facts.concern.categories == frozenset()
    assert facts.concern.criminal_allegation is False
    assert facts.concern.affected.child is False
    assert facts.subject.resident_doctor is False
    assert facts.police.involved is False
    assert facts.actions.suspended is False
    assert facts.findings.relevant_conduct is False
    assert facts.findings.substantiated is None


def test_status_facts_about_the_organisation_and_subject_are_unknown_when_missing() -> None:
    facts = parse_facts({})

    assert facts.organisation.cqc_registered is None
    assert facts.organisation.regulated_activity_provider is None
    assert facts.subject.in_regulated_activity is None


def test_an_explicit_null_boolean_is_unknown_not_false() -> None:
    facts = parse_facts({"concern": {"criminal_allegation": None}})

    assert facts.concern.criminal_allegation is None


def test_a_null_section_is_the_same_as_a_missing_one() -> None:
    assert parse_facts({"organisation": None, "concern": None}) == parse_facts({})


def test_the_contract_example_is_read_in_full() -> None:
    facts = parse_facts(
        {
            **TRUST_CASE,
            "subject": {**TRUST_CASE["subject"], "regulator": "GPhC"},
            "concern": {**TRUST_CASE["concern"], "categories": ["rape", "grooming", "rape"]},
        }
    )

    assert facts.reported_on == date(2026, 3, 1)
    assert facts.organisation.kind is OrganisationKind.NHS_TRUST
    assert facts.organisation.cqc_registered is True
    assert facts.concern.categories == {Category.RAPE, Category.GROOMING}
    assert facts.subject.regulator is Regulator.GPHC
    assert facts.subject.in_regulated_activity is True


def test_unknown_fields_are_ignored_at_every_level() -> None:
    noisy: dict[str, Any] = {
        "case_ref": "R-1",
        "organisation": {"ods_code": "RX1", "kind": "icb"},
        "concern": {"summary": "...", "affected": {"age": 40}},
        "extra": {"deep": [1, 2, 3]},
    }

    assert parse_facts(noisy) == parse_facts({"organisation": {"kind": "icb"}, "concern": {"affected": {}}})


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"reported_on": "01/03/2026"}, "reported_on"),
        ({"reported_on": "2026-02-30"}, "reported_on"),
        ({"reported_on": "20260301"}, "reported_on"),
        ({"reported_on": 20260301}, "reported_on"),
        ({"organisation": "nhs_trust"}, "organisation"),
        ({"organisation": {"kind": "hospital"}}, "organisation.kind"),
        ({"organisation": {"cqc_registered": "yes"}}, "organisation.cqc_registered"),
        (
            {"organisation": {"regulated_activity_provider": 1}},
            "organisation.regulated_activity_provider",
        ),
        ({"concern": {"sexual_dimension": "maybe"}}, "concern.sexual_dimension"),
        ({"concern": {"sexual_dimension": "YES"}}, "concern.sexual_dimension"),
        ({"concern": {"categories": "rape"}}, "concern.categories"),
        ({"concern": {"categories": ["rape", "theft"]}}, "concern.categories[1]"),
        ({"concern": {"categories": [None]}}, "concern.categories[0]"),
        ({"concern": {"criminal_allegation": "false"}}, "concern.criminal_allegation"),
        ({"concern": {"affected": []}}, "concern.affected"),
        ({"concern": {"affected": {"kind": "relative"}}}, "concern.affected.kind"),
        ({"concern": {"affected": {"child": 0}}}, "concern.affected.child"),
        ({"subject": {"kind": "locum"}}, "subject.kind"),
        ({"subject": {"role": "surgeon"}}, "subject.role"),
        ({"subject": {"regulator": "gmc"}}, "subject.regulator"),
        ({"subject": {"regulator": "null"}}, "subject.regulator"),
        ({"police": {"involved": "yes"}}, "police.involved"),
        ({"actions": {"suspended": 1.0}}, "actions.suspended"),
        ({"findings": {"substantiated": "unknown"}}, "findings.substantiated"),
    ],
)
def test_an_invalid_value_is_rejected_naming_its_field(facts: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidFacts) as raised:
        parse_facts(facts)

    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ")


@pytest.mark.parametrize("facts", [[], "facts", None, 3])
def test_facts_must_be_an_object(facts: object) -> None:
    with pytest.raises(InvalidFacts, match=r"^facts: must be a JSON object"):
        parse_facts(facts)


def test_the_message_lists_the_allowed_values() -> None:
    with pytest.raises(InvalidFacts) as raised:
        parse_facts({"organisation": {"kind": "hospital"}})

    assert raised.value.problem == (
        "must be one of nhs_trust, icb, primary_care, independent_provider, social_care or null, "
        'not "hospital"'
    )


def test_a_long_or_unprintable_bad_value_is_shortened_in_the_message() -> None:
    with pytest.raises(InvalidFacts) as raised:
        parse_facts({"subject": {"kind": "x" * 200}})
    assert len(str(raised.value)) < 200
    assert raised.value.problem.endswith("...")

    with pytest.raises(InvalidFacts) as raised:
        parse_facts({"subject": {"kind": {1, 2}}})
    assert "{1, 2}" in raised.value.problem

"""Review group, risk assessment, support, specialist investigator and interim measures."""

from __future__ import annotations

from datetime import date

import pytest

from .builders import MISSING, case, duty, status, trust_case

EVERY_CASE_DUTIES = [
    "REVIEW_GROUP",
    "RISK_ASSESSMENT_ALL_PARTIES",
    "SUPPORT_ALL_PARTIES",
    "SPECIALIST_INVESTIGATOR",
]


@pytest.mark.parametrize("code", EVERY_CASE_DUTIES)
@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param({"concern": {"sexual_dimension": "yes"}}, "required", id="yes"),
        pytest.param({"concern": {"sexual_dimension": "possible"}}, "required", id="possible"),
        pytest.param({"concern": {"sexual_dimension": "unknown"}}, "consider", id="unknown"),
        pytest.param({"concern": {"sexual_dimension": None}}, "consider", id="null"),
        pytest.param({}, "consider", id="not-stated"),
        pytest.param({"concern": {"sexual_dimension": "no"}}, None, id="no"),
        pytest.param(
            {"concern": {"sexual_dimension": "no", "categories": ["rape"]}},
            "required",
            id="no-but-category-is-sexual-by-nature",
        ),
        pytest.param(
            {"concern": {"sexual_dimension": "unknown", "categories": ["sexual_comments"]}},
            "required",
            id="unknown-but-category-is-sexual-by-nature",
        ),
        pytest.param(
            {"concern": {"sexual_dimension": "unknown", "categories": ["boundary_breach"]}},
            "consider",
            id="unknown-with-possibly-sexual-category",
        ),
    ],
)
def test_any_possible_sexual_dimension_brings_the_framework_duties(
    code: str, facts: dict[str, object], expected: str | None
) -> None:
    assert status(facts, code) == expected


def test_the_reason_says_when_a_category_settled_the_sexual_dimension() -> None:
    found = duty(case(concern__sexual_dimension="no", concern__categories=["rape"]), "REVIEW_GROUP")

    assert found is not None
    assert found.reason.startswith("The concern names behaviour that is sexual by its nature")


def test_a_possible_sexual_dimension_is_described_as_possible() -> None:
    found = duty(case(concern__sexual_dimension="possible"), "SUPPORT_ALL_PARTIES")

    assert found is not None
    assert found.reason.startswith("The concern may have a sexual dimension")


def test_the_risk_assessment_is_due_on_the_day_the_concern_is_reported() -> None:
    found = duty(trust_case(reported_on="2026-03-01"), "RISK_ASSESSMENT_ALL_PARTIES")

    assert found is not None
    assert found.due == date(2026, 3, 1)


def test_without_a_report_date_the_risk_assessment_has_no_due_date() -> None:
    found = duty(trust_case(reported_on=MISSING), "RISK_ASSESSMENT_ALL_PARTIES")

    assert found is not None
    assert found.due is None


def test_support_is_offered_to_the_person_accused_too() -> None:
    found = duty(trust_case(), "SUPPORT_ALL_PARTIES")

    assert found is not None
    assert "the person accused" in found.reason


def test_when_a_patient_is_accused_a_specialist_investigator_is_only_a_consider() -> None:
    assert status(trust_case(subject__kind="patient"), "SPECIALIST_INVESTIGATOR") == "consider"


def test_a_doctor_under_investigation_needs_a_specially_trained_medical_investigator() -> None:
    found = duty(trust_case(subject__role="doctor"), "SPECIALIST_INVESTIGATOR")

    assert found is not None
    assert "pool" in found.reason


def test_a_nurse_under_investigation_has_no_medical_investigator_note() -> None:
    found = duty(trust_case(subject__role="nurse"), "SPECIALIST_INVESTIGATOR")

    assert found is not None
    assert "pool" not in found.reason


@pytest.mark.parametrize(
    ("changes", "expected", "due"),
    [
        pytest.param({}, "required", date(2026, 3, 1), id="sexual-decide-steps-same-day"),
        pytest.param(
            {"concern__sexual_dimension": "unknown", "concern__categories": []},
            "consider",
            date(2026, 3, 1),
            id="sexual-dimension-unknown",
        ),
        pytest.param(
            {"concern__sexual_dimension": "no", "concern__categories": []},
            None,
            None,
            id="not-sexual-nothing-in-place",
        ),
        pytest.param(
            {
                "concern__sexual_dimension": "no",
                "concern__categories": [],
                "actions__suspended": True,
            },
            "required",
            None,
            id="not-sexual-but-suspended",
        ),
        pytest.param(
            {
                "concern__sexual_dimension": "no",
                "concern__categories": [],
                "actions__removed_from_regulated_activity": True,
            },
            "required",
            None,
            id="not-sexual-but-removed-from-regulated-activity",
        ),
        pytest.param(
            {
                "concern__sexual_dimension": "no",
                "concern__categories": [],
                "actions__suspended": None,
            },
            "consider",
            None,
            id="not-sexual-suspension-unknown",
        ),
        pytest.param({"actions__dismissed": True}, None, None, id="dismissed"),
        pytest.param({"subject__left_organisation": True}, None, None, id="left"),
    ],
)
def test_interim_measures_review(changes: dict[str, object], expected: str | None, due: date | None) -> None:
    found = duty(trust_case(**changes), "INTERIM_MEASURES_REVIEW")

    assert (found.status.value if found else None) == expected
    assert (found.due if found else None) == due


def test_a_suspension_is_kept_under_review() -> None:
    found = duty(trust_case(actions__suspended=True), "INTERIM_MEASURES_REVIEW")

    assert found is not None
    assert "The subject has been suspended: keep this under review" in found.reason


@pytest.mark.parametrize(
    ("changes", "mhps"),
    [
        pytest.param({"subject__role": "doctor"}, True, id="doctor"),
        pytest.param({"subject__role": "dentist"}, True, id="dentist"),
        pytest.param({"subject__role": None, "subject__resident_doctor": True}, True, id="resident"),
        pytest.param({"subject__role": "nurse"}, False, id="nurse"),
    ],
)
def test_mhps_governs_interim_measures_for_doctors_and_dentists(
    changes: dict[str, object], mhps: bool
) -> None:
    found = duty(trust_case(**changes), "INTERIM_MEASURES_REVIEW")

    assert found is not None
    assert ("Maintaining High Professional Standards" in found.basis) is mhps

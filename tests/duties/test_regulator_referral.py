"""Referral to the professional regulator, chosen by profession unless one is named."""

from __future__ import annotations

import pytest

from .builders import MISSING, duty, status, trust_case

CODE = "REGULATOR_REFERRAL"


@pytest.mark.parametrize(
    ("role", "regulator"),
    [
        ("doctor", "General Medical Council (GMC), through the organisation's responsible officer"),
        ("nurse", "Nursing and Midwifery Council (NMC)"),
        ("midwife", "Nursing and Midwifery Council (NMC)"),
        ("nursing_associate", "Nursing and Midwifery Council (NMC)"),
        ("ahp", "Health and Care Professions Council (HCPC)"),
        ("paramedic", "Health and Care Professions Council (HCPC)"),
        ("dentist", "General Dental Council (GDC)"),
        ("pharmacist", "General Pharmaceutical Council (GPhC)"),
        ("optometrist", "General Optical Council (GOC)"),
        ("social_worker", "Social Work England (SWE)"),
    ],
)
def test_the_regulator_is_chosen_by_profession(role: str, regulator: str) -> None:
    found = duty(trust_case(subject__role=role), CODE)

    assert found is not None
    assert found.recipient == regulator


def test_a_named_regulator_wins_over_the_profession() -> None:
    found = duty(trust_case(subject__role="doctor", subject__regulator="NMC"), CODE)

    assert found is not None
    assert found.recipient == "Nursing and Midwifery Council (NMC)"


def test_a_resident_doctor_of_unstated_role_goes_to_the_gmc() -> None:
    found = duty(trust_case(subject__role=MISSING, subject__resident_doctor=True), CODE)

    assert found is not None
    assert found.recipient == (
        "General Medical Council (GMC), through the Postgraduate Dean, "
        "the resident doctor's responsible officer"
    )


@pytest.mark.parametrize("role", ["healthcare_support_worker", "admin", "student", "contractor", "volunteer"])
def test_roles_without_a_statutory_register_have_no_regulator_referral(role: str) -> None:
    assert status(trust_case(subject__role=role), CODE) is None


def test_a_patient_accused_as_a_patient_has_no_regulator_referral() -> None:
    assert status(trust_case(subject__kind="patient", subject__role=MISSING), CODE) is None


def test_a_worker_of_unknown_profession_is_a_consider_with_no_recipient() -> None:
    found = duty(trust_case(subject__role=MISSING), CODE)

    assert found is not None
    assert found.status == "consider"
    assert found.recipient is None
    assert "If the subject is a registered professional" in found.reason


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, "consider", id="allegation-open"),
        pytest.param({"findings__substantiated": True}, "required", id="substantiated"),
        pytest.param({"findings__relevant_conduct": True}, "required", id="relevant-conduct"),
        pytest.param({"findings__harm_test_met": True}, "required", id="harm-test"),
        pytest.param({"findings__autobar_caution_or_conviction": True}, "required", id="caution-conviction"),
        pytest.param({"actions__dismissed": True}, "required", id="dismissed"),
        pytest.param({"actions__removed_from_regulated_activity": True}, "required", id="removed"),
        pytest.param({"actions__would_have_removed_if_not_left": True}, "required", id="would-have-removed"),
        pytest.param({"subject__left_organisation": True}, "required", id="left-with-concern-unresolved"),
        pytest.param(
            {"subject__left_organisation": True, "findings__substantiated": False},
            None,
            id="left-after-concern-not-substantiated",
        ),
        pytest.param({"actions__suspended": True}, "consider", id="suspended"),
        pytest.param({"findings__substantiated": False}, None, id="not-substantiated"),
    ],
)
def test_a_registrant_is_referred_when_the_concern_is_made_out(
    changes: dict[str, object], expected: str | None
) -> None:
    assert status(trust_case(subject__role="nurse", **changes), CODE) == expected


def test_the_required_reason_names_what_was_found() -> None:
    found = duty(trust_case(subject__role="nurse", actions__dismissed=True), CODE)

    assert found is not None
    assert found.reason.startswith(
        "The subject is registered with the Nursing and Midwifery Council (NMC) and they were dismissed."
    )


def test_a_suspended_registrant_is_flagged_as_a_serious_concern() -> None:
    found = duty(trust_case(subject__role="paramedic", actions__suspended=True), CODE)

    assert found is not None
    assert "suspended" in found.reason
    assert "HCPC guidance" in found.basis


def test_a_made_out_concern_about_someone_of_unknown_profession_is_still_only_a_consider() -> None:
    found = duty(trust_case(subject__role=MISSING, actions__dismissed=True), CODE)

    assert found is not None
    assert found.status == "consider"
    assert "(they were dismissed)" in found.reason


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"findings__substantiated": True}, "consider", id="substantiated-only"),
        pytest.param(
            {"findings__substantiated": True, "actions__dismissed": True},
            "required",
            id="substantiated-and-dismissed",
        ),
        pytest.param({"findings__harm_test_met": True}, "required", id="harm-test"),
    ],
)
def test_a_substantiated_concern_with_no_sexual_dimension_needs_more_to_require_referral(
    changes: dict[str, object], expected: str
) -> None:
    facts = trust_case(concern__sexual_dimension="no", concern__categories=[], **changes)

    assert status(facts, CODE) == expected


def test_a_non_sexual_substantiated_concern_explains_the_risk_threshold() -> None:
    facts = trust_case(concern__sexual_dimension="no", concern__categories=[], findings__substantiated=True)

    found = duty(facts, CODE)

    assert found is not None
    assert "no sexual dimension" in found.reason
    assert "local action cannot manage" in found.reason

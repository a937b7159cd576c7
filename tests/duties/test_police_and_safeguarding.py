"""Police reports, police liaison and safeguarding referrals."""

from __future__ import annotations

import pytest

from .builders import case, duty, status, trust_case

NOT_SEXUAL = {"concern__sexual_dimension": "no", "concern__categories": []}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"concern__criminal_allegation": True}, "required", id="criminal-allegation"),
        pytest.param(
            {"concern__criminal_allegation": True, "police__involved": True},
            "required",
            id="criminal-allegation-police-already-involved",
        ),
        pytest.param({"concern__criminal_allegation": None}, "consider", id="crime-unknown"),
        pytest.param({}, "consider", id="sexual-so-review-group-weighs-police"),
        pytest.param(
            {**NOT_SEXUAL, "concern__categories": ["stalking"]},
            "consider",
            id="category-usually-criminal",
        ),
        pytest.param(NOT_SEXUAL, None, id="not-sexual-and-no-crime"),
        pytest.param({"police__involved": True}, None, id="police-already-have-it"),
        pytest.param({"police__investigation_active": True}, None, id="police-already-investigating"),
    ],
)
def test_police_report(changes: dict[str, object], expected: str | None) -> None:
    assert status(trust_case(**changes), "POLICE_REPORT") == expected


def test_a_criminal_allegation_already_with_the_police_asks_for_their_reference() -> None:
    found = duty(trust_case(concern__criminal_allegation=True, police__involved=True), "POLICE_REPORT")

    assert found is not None
    assert "record their reference" in found.reason


def test_a_criminal_category_is_named_in_the_reason() -> None:
    found = duty(
        trust_case(concern__sexual_dimension="no", concern__categories=["indecent_exposure"]),
        "POLICE_REPORT",
    )

    assert found is not None
    assert "indecent exposure, usually a criminal offence" in found.reason


def test_the_gmc_duty_to_make_sure_a_crime_is_reported_is_cited_for_doctors() -> None:
    doctor = duty(trust_case(subject__role="doctor"), "POLICE_REPORT")
    nurse = duty(trust_case(subject__role="nurse"), "POLICE_REPORT")

    assert doctor is not None
    assert nurse is not None
    assert "GMC guidance" in doctor.basis
    assert "GMC guidance" not in nurse.basis


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"police__involved": True}, "required", id="police-involved"),
        pytest.param({"police__investigation_active": True}, "required", id="police-investigating"),
        pytest.param({"police__involved": None}, "consider", id="police-involvement-unknown"),
        pytest.param({"concern__criminal_allegation": True}, "consider", id="criminal-not-yet-reported"),
        pytest.param({}, None, id="no-police-no-crime"),
    ],
)
def test_police_liaison(changes: dict[str, object], expected: str | None) -> None:
    assert status(trust_case(**changes), "POLICE_LIAISON") == expected


@pytest.mark.parametrize(
    ("affected", "expected", "recipient"),
    [
        pytest.param(
            {"child": True},
            "required",
            "Local authority children's social care, through the safeguarding lead",
            id="child",
        ),
        pytest.param(
            {"adult_at_risk": True},
            "required",
            "Local authority adult safeguarding, through the safeguarding lead",
            id="adult-at-risk",
        ),
        pytest.param(
            {"child": True, "adult_at_risk": True},
            "required",
            "Local authority children's social care and local authority adult safeguarding, "
            "through the safeguarding lead",
            id="both",
        ),
        pytest.param({"child": None}, "consider", "The organisation's safeguarding lead", id="child-unknown"),
        pytest.param(
            {"adult_at_risk": None},
            "consider",
            "The organisation's safeguarding lead",
            id="adult-at-risk-unknown",
        ),
        pytest.param({}, None, None, id="neither"),
    ],
)
def test_safeguarding_referral_when_a_child_or_adult_at_risk_is_affected(
    affected: dict[str, object], expected: str | None, recipient: str | None
) -> None:
    facts = case({"concern": {"sexual_dimension": "yes", "affected": {"kind": "patient", **affected}}})

    found = duty(facts, "SAFEGUARDING_REFERRAL")

    assert (found.status.value if found else None) == expected
    assert (found.recipient if found else None) == recipient


@pytest.mark.parametrize("category", ["grooming", "indecent_images"])
def test_grooming_or_indecent_images_bring_a_safeguarding_consider(category: str) -> None:
    found = duty(case(concern__categories=[category]), "SAFEGUARDING_REFERRAL")

    assert found is not None
    assert found.status == "consider"
    assert "may involve a child or an adult at risk" in found.reason

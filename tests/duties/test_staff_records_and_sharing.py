"""ESR records and sharing concerns with future employers and host organisations."""

from __future__ import annotations

import pytest

from .builders import duty, status, trust_case


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, "required", id="trust-staff"),
        pytest.param({"organisation__kind": "icb"}, "required", id="icb-staff"),
        pytest.param({"organisation__kind": "primary_care"}, "consider", id="gp-practice"),
        pytest.param({"organisation__kind": None}, "consider", id="organisation-unknown"),
        pytest.param({"organisation__kind": "independent_provider"}, None, id="independent"),
        pytest.param({"organisation__kind": "social_care"}, None, id="social-care"),
        pytest.param({"subject__kind": "agency"}, None, id="agency-worker"),
        pytest.param({"subject__kind": "patient"}, None, id="patient"),
        pytest.param({"subject__kind": None}, "consider", id="subject-unknown"),
        pytest.param(
            {"concern__sexual_dimension": "unknown", "concern__categories": []},
            "consider",
            id="sexual-dimension-unknown",
        ),
        pytest.param({"concern__sexual_dimension": "no", "concern__categories": []}, None, id="not-sexual"),
    ],
)
def test_esr_is_kept_up_to_date_for_investigations_into_nhs_staff(
    changes: dict[str, object], expected: str | None
) -> None:
    assert status(trust_case(**changes), "ESR_RECORD_UPDATE") == expected


def test_esr_is_updated_before_a_leaver_transfers() -> None:
    found = duty(trust_case(subject__left_organisation=True), "ESR_RECORD_UPDATE")

    assert found is not None
    assert "before any inter-authority transfer" in found.reason


def test_an_esr_consider_names_what_to_check() -> None:
    found = duty(trust_case(organisation__kind="primary_care"), "ESR_RECORD_UPDATE")

    assert found is not None
    assert "whether the practice records employee relations issues in ESR" in found.reason


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"subject__left_organisation": True}, "required", id="staff-leaver"),
        pytest.param({}, "consider", id="staff-in-post"),
        pytest.param(
            {"subject__kind": "agency", "subject__left_organisation": True},
            "required",
            id="agency-worker-moved-on",
        ),
        pytest.param({"subject__kind": "student"}, "consider", id="student-on-placement"),
        pytest.param({"subject__kind": "patient"}, None, id="patient"),
        pytest.param({"concern__sexual_dimension": "no", "concern__categories": []}, None, id="not-sexual"),
        pytest.param(
            {
                "concern__sexual_dimension": "unknown",
                "concern__categories": [],
                "subject__left_organisation": True,
            },
            "consider",
            id="leaver-sexual-dimension-unknown-case-open",
        ),
        pytest.param(
            {
                "concern__sexual_dimension": "unknown",
                "concern__categories": ["unwanted_touching"],
                "subject__left_organisation": True,
            },
            "required",
            id="leaver-sexual-category-dimension-unknown",
        ),
        pytest.param(
            {
                "concern__sexual_dimension": "possible",
                "concern__categories": [],
                "subject__left_organisation": True,
            },
            "required",
            id="leaver-sexual-dimension-possible",
        ),
    ],
)
def test_concerns_are_shared_with_future_employers_especially_on_leaving(
    changes: dict[str, object], expected: str | None
) -> None:
    assert status(trust_case(**changes), "INFORMATION_SHARING_ON_TRANSFER") == expected


def test_a_leaver_found_to_have_bullied_with_nothing_sexual_is_only_considered_for_sharing() -> None:
    facts = trust_case(
        concern__sexual_dimension="no",
        concern__categories=["other"],
        subject__left_organisation=True,
        findings__substantiated=True,
    )
    found = duty(facts, "INFORMATION_SHARING_ON_TRANSFER")

    assert found is not None
    assert found.status == "consider"
    assert "no sexual dimension" in found.reason
    assert (
        "Required once the concern is recorded as having, or possibly having, a sexual dimension"
        in found.reason
    )


def test_a_leaver_with_a_sexual_finding_must_be_shared() -> None:
    facts = trust_case(
        concern__sexual_dimension="yes", subject__left_organisation=True, findings__substantiated=True
    )

    assert status(facts, "INFORMATION_SHARING_ON_TRANSFER") == "required"

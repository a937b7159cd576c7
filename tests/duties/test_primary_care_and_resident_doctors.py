"""Primary care: commissioner and MDSIPS notifications; resident doctors: the Postgraduate Dean."""

from __future__ import annotations

import pytest

from .builders import TRUST_CASE, case, duty, status

GP_PRACTICE = case(
    TRUST_CASE,
    organisation__kind="primary_care",
    subject__role="doctor",
    subject__on_performers_list=True,
)


def gp_case(**changes: object) -> dict[str, object]:
    return case(GP_PRACTICE, **changes)


@pytest.mark.parametrize(
    ("changes", "commissioner", "mdsips"),
    [
        pytest.param({}, None, "required", id="gp-on-performers-list-one-notification-via-mdsips"),
        pytest.param(
            {"subject__on_performers_list": False, "subject__role": "nurse"},
            "required",
            None,
            id="practice-nurse",
        ),
        pytest.param({"subject__on_performers_list": None}, "required", "consider", id="list-unknown"),
        pytest.param({"organisation__kind": "nhs_trust"}, None, "consider", id="performer-at-a-trust"),
        pytest.param({"organisation__kind": None}, None, "consider", id="organisation-unknown"),
        pytest.param(
            {"subject__kind": "patient", "subject__on_performers_list": False},
            None,
            None,
            id="patient-accused",
        ),
        pytest.param(
            {"subject__kind": None, "subject__role": None},
            None,
            "required",
            id="subject-unknown",
        ),
        pytest.param(
            {"concern__sexual_dimension": "unknown", "concern__categories": []},
            None,
            "consider",
            id="sexual-dimension-unknown",
        ),
        pytest.param(
            {"concern__sexual_dimension": "no", "concern__categories": []},
            None,
            None,
            id="not-sexual",
        ),
    ],
)
def test_primary_care_notifies_its_commissioner_and_performers_go_via_mdsips(
    changes: dict[str, object], commissioner: str | None, mdsips: str | None
) -> None:
    facts = gp_case(**changes)

    assert status(facts, "COMMISSIONER_NOTIFICATION") == commissioner
    assert status(facts, "MDSIPS_NOTIFICATION") == mdsips


def test_when_the_performers_list_is_not_recorded_the_commissioner_notice_points_to_the_mdsips() -> None:
    found = duty(gp_case(subject__on_performers_list=None), "COMMISSIONER_NOTIFICATION")

    assert found is not None
    assert found.status == "required"
    assert "this one notification goes via the Regional Medical Director" in found.reason
    assert found.recipient == "The commissioner: the integrated care board (ICB), or NHS England"


def test_the_mdsips_notification_goes_to_the_regional_medical_director() -> None:
    found = duty(gp_case(), "MDSIPS_NOTIFICATION")

    assert found is not None
    assert found.recipient is not None
    assert "Systems Improvement and Professional Standards" in found.recipient
    assert "Performers Lists" in found.basis


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"subject__on_performers_list": None}, "not known whether the subject is on"),
        (
            {"concern__sexual_dimension": "unknown", "concern__categories": []},
            "applies if the concern has a sexual dimension",
        ),
        ({"organisation__kind": "nhs_trust"}, "not recorded as one"),
    ],
)
def test_an_mdsips_consider_explains_what_is_missing(changes: dict[str, object], fragment: str) -> None:
    found = duty(gp_case(**changes), "MDSIPS_NOTIFICATION")

    assert found is not None
    assert fragment in found.reason


RESIDENT = case(TRUST_CASE, subject__role="doctor", subject__resident_doctor=True)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, "required", id="sexual-allegation"),
        pytest.param(
            {"concern__sexual_dimension": "possible", "concern__categories": []},
            "required",
            id="possible-sexual-element",
        ),
        pytest.param(
            {"concern__sexual_dimension": "unknown", "concern__categories": []},
            "consider",
            id="sexual-dimension-unknown",
        ),
        pytest.param(
            {"concern__sexual_dimension": "no", "concern__categories": []},
            None,
            id="not-sexual",
        ),
        pytest.param({"subject__resident_doctor": False}, None, id="consultant"),
        pytest.param({"subject__resident_doctor": None}, "consider", id="grade-unknown"),
    ],
)
def test_a_resident_doctor_prompts_an_early_discussion_with_the_postgraduate_dean(
    changes: dict[str, object], expected: str | None
) -> None:
    assert status(case(RESIDENT, **changes), "POSTGRADUATE_DEAN_DISCUSSION") == expected


def test_the_postgraduate_dean_is_the_resident_doctors_responsible_officer() -> None:
    found = duty(RESIDENT, "POSTGRADUATE_DEAN_DISCUSSION")

    assert found is not None
    assert found.recipient is not None
    assert "responsible officer" in found.recipient
    assert "before next steps are agreed" in found.reason


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"subject__resident_doctor": None}, "not known whether the subject is a resident"),
        (
            {"concern__sexual_dimension": "unknown", "concern__categories": []},
            "applies if the concern has a sexual dimension",
        ),
    ],
)
def test_a_postgraduate_dean_consider_explains_what_is_missing(
    changes: dict[str, object], fragment: str
) -> None:
    found = duty(case(RESIDENT, **changes), "POSTGRADUATE_DEAN_DISCUSSION")

    assert found is not None
    assert fragment in found.reason

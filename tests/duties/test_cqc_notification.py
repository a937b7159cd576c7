"""CQC notification: regulation 18 of the CQC (Registration) Regulations 2009, without delay."""

from __future__ import annotations

from datetime import date

import pytest

from .builders import MISSING, duty, status, trust_case

CODE = "CQC_NOTIFICATION"
NOT_SEXUAL = {"concern__sexual_dimension": "no", "concern__categories": []}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, "required", id="registered-provider-patient-alleges-sexual-abuse"),
        pytest.param(
            {**NOT_SEXUAL, "concern__criminal_allegation": True},
            "required",
            id="criminal-allegation-by-patient",
        ),
        pytest.param(
            {**NOT_SEXUAL, "police__involved": True},
            "required",
            id="patient-incident-reported-to-police",
        ),
        pytest.param({"organisation__cqc_registered": False}, None, id="not-registered"),
        pytest.param({"organisation__cqc_registered": None}, "consider", id="registration-null"),
        pytest.param({"organisation__cqc_registered": MISSING}, "consider", id="registration-not-stated"),
        pytest.param({"concern__affected__kind": "staff"}, None, id="staff-affected"),
        pytest.param(
            {"concern__affected__kind": "staff", "police__involved": True},
            "required",
            id="staff-affected-police-involved-regulation-18-2-f",
        ),
        pytest.param({"concern__affected__kind": None}, "consider", id="affected-person-unknown"),
        pytest.param(NOT_SEXUAL, None, id="patient-affected-but-no-abuse-alleged"),
        pytest.param(
            {"concern__sexual_dimension": "unknown", "concern__categories": []},
            "consider",
            id="abuse-unknown",
        ),
    ],
)
def test_cqc_notification_for_registered_providers(changes: dict[str, object], expected: str | None) -> None:
    assert status(trust_case(**changes), CODE) == expected


def test_cqc_is_notified_without_delay_on_the_day_of_the_report() -> None:
    found = duty(trust_case(reported_on="2026-03-01"), CODE)

    assert found is not None
    assert found.due == date(2026, 3, 1)
    assert "regulation 18" in found.basis
    assert found.recipient == "Care Quality Commission (CQC)"


def test_without_a_report_date_the_cqc_notification_has_no_due_date() -> None:
    found = duty(trust_case(reported_on=None), CODE)

    assert found is not None
    assert found.due is None


@pytest.mark.parametrize(
    ("kind", "note"),
    [
        ("nhs_trust", "national patient safety incident system"),
        ("primary_care", "A GP practice meets this"),
    ],
)
def test_nhs_bodies_are_told_a_report_to_nhs_england_may_suffice(kind: str, note: str) -> None:
    found = duty(trust_case(organisation__kind=kind), CODE)

    assert found is not None
    assert note in found.reason


def test_an_independent_provider_must_notify_the_cqc_itself() -> None:
    found = duty(trust_case(organisation__kind="independent_provider"), CODE)

    assert found is not None
    assert "NHS England" not in found.reason


def test_unknowns_are_named_in_the_reason() -> None:
    found = duty(
        trust_case(
            organisation__cqc_registered=None,
            concern__affected__kind=None,
            concern__sexual_dimension="unknown",
            concern__categories=[],
            police__involved=None,
        ),
        CODE,
    )

    assert found is not None
    assert found.reason.startswith("This applies to a CQC-registered provider")
    for unknown in ("registered with the CQC", "a patient", "abuse is alleged", "police"):
        assert unknown in found.reason

"""DBS barring referrals: Safeguarding Vulnerable Groups Act 2006, section 35.

A regulated activity provider must refer when both conditions are met: the removal condition
(removed from regulated activity, or would have been had they not left) and the reason
condition (relevant conduct, the harm test, or a caution or conviction for an autobar offence).
"""

from __future__ import annotations

from datetime import date

import pytest

from .builders import MISSING, duty, status, trust_case

CODE = "DBS_BARRING_REFERRAL"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"actions__removed_from_regulated_activity": True, "findings__relevant_conduct": True},
            "required",
            id="removed-for-relevant-conduct",
        ),
        pytest.param(
            {"actions__removed_from_regulated_activity": True, "findings__harm_test_met": True},
            "required",
            id="removed-and-harm-test-met",
        ),
        pytest.param(
            {
                "actions__removed_from_regulated_activity": True,
                "findings__autobar_caution_or_conviction": True,
            },
            "required",
            id="removed-with-autobar-caution-or-conviction",
        ),
        pytest.param(
            {
                "subject__left_organisation": True,
                "actions__would_have_removed_if_not_left": True,
                "findings__relevant_conduct": True,
            },
            "required",
            id="left-but-would-have-been-removed",
        ),
        pytest.param(
            {"actions__dismissed": True, "findings__harm_test_met": True},
            "required",
            id="dismissed-from-regulated-activity",
        ),
        pytest.param(
            {"actions__suspended": True},
            "consider",
            id="suspended-only",
        ),
        pytest.param(
            {"actions__suspended": True, "findings__relevant_conduct": True},
            "consider",
            id="suspended-with-relevant-conduct-but-not-removed",
        ),
        pytest.param(
            {"actions__removed_from_regulated_activity": True},
            "consider",
            id="removed-but-no-finding-yet",
        ),
        pytest.param(
            {"findings__harm_test_met": True},
            "consider",
            id="harm-test-met-but-not-removed",
        ),
        pytest.param(
            {
                "actions__removed_from_regulated_activity": None,
                "findings__relevant_conduct": True,
            },
            "consider",
            id="removal-unknown",
        ),
        pytest.param(
            {
                "actions__removed_from_regulated_activity": True,
                "findings__relevant_conduct": None,
            },
            "consider",
            id="reason-unknown",
        ),
        pytest.param(
            {
                "organisation__regulated_activity_provider": None,
                "actions__removed_from_regulated_activity": True,
                "findings__relevant_conduct": True,
            },
            "consider",
            id="provider-unknown",
        ),
        pytest.param(
            {
                "organisation__regulated_activity_provider": MISSING,
                "actions__removed_from_regulated_activity": True,
                "findings__relevant_conduct": True,
            },
            "consider",
            id="provider-not-stated",
        ),
        pytest.param(
            {
                "subject__in_regulated_activity": MISSING,
                "actions__dismissed": True,
                "findings__relevant_conduct": True,
            },
            "consider",
            id="dismissed-but-regulated-activity-not-stated",
        ),
        pytest.param(
            {
                "organisation__regulated_activity_provider": False,
                "actions__removed_from_regulated_activity": True,
                "findings__relevant_conduct": True,
            },
            None,
            id="not-a-regulated-activity-provider",
        ),
        pytest.param(
            {
                "subject__in_regulated_activity": False,
                "actions__dismissed": True,
                "findings__relevant_conduct": True,
            },
            None,
            id="dismissed-but-never-in-regulated-activity",
        ),
        pytest.param(
            {"subject__kind": "patient", "subject__role": MISSING},
            None,
            id="subject-is-a-patient",
        ),
        pytest.param(
            {"findings__substantiated": False},
            None,
            id="not-substantiated-and-not-removed",
        ),
    ],
)
def test_dbs_barring_referral_follows_both_conditions_of_section_35(
    changes: dict[str, object], expected: str | None
) -> None:
    assert status(trust_case(**changes), CODE) == expected


def test_suspension_alone_does_not_require_dbs_referral_and_says_why() -> None:
    found = duty(trust_case(actions__suspended=True), CODE)

    assert found is not None
    assert found.status == "consider"
    assert "Suspension alone does not meet the removal condition" in found.reason


def test_a_subject_who_left_is_asked_whether_they_would_have_been_removed() -> None:
    found = duty(trust_case(subject__left_organisation=True, findings__harm_test_met=True), CODE)

    assert found is not None
    assert "would have removed them" in found.reason


def test_unknown_removal_and_reason_are_both_named() -> None:
    found = duty(
        trust_case(
            organisation__regulated_activity_provider=None,
            actions__removed_from_regulated_activity=None,
            findings__harm_test_met=None,
        ),
        CODE,
    )

    assert found is not None
    assert "regulated activity provider" in found.reason
    assert "not known whether the subject was removed" in found.reason
    assert "not known whether there was relevant conduct" in found.reason


def test_a_required_barring_referral_goes_to_the_dbs_and_cites_section_35() -> None:
    found = duty(
        trust_case(actions__removed_from_regulated_activity=True, findings__harm_test_met=True),
        CODE,
    )

    assert found is not None
    assert found.recipient == "Disclosure and Barring Service (DBS)"
    assert "Safeguarding Vulnerable Groups Act 2006, section 35" in found.basis
    assert "offence" in found.basis
    # Reported on Sunday 1 March 2026: five working days later is Friday 6 March.
    assert found.due == date(2026, 3, 6)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        pytest.param(
            {"actions__removed_from_regulated_activity": True, "findings__relevant_conduct": True},
            "the subject was removed from regulated activity, and the organisation found relevant conduct.",
            id="removed-relevant-conduct",
        ),
        pytest.param(
            {
                "actions__would_have_removed_if_not_left": True,
                "findings__harm_test_met": True,
                "findings__autobar_caution_or_conviction": True,
            },
            "the subject would have been removed from regulated activity had they not left, and "
            "the harm test is met and there is a caution or conviction for an automatic barring "
            "offence.",
            id="would-have-removed-harm-and-autobar",
        ),
        pytest.param(
            {"actions__dismissed": True, "findings__harm_test_met": True},
            "the subject was dismissed while in regulated activity, and the harm test is met.",
            id="dismissed-harm",
        ),
    ],
)
def test_a_required_referral_names_which_conditions_were_met(changes: dict[str, object], reason: str) -> None:
    found = duty(trust_case(**changes), CODE)

    assert found is not None
    assert f"Both conditions are met: {reason}" in found.reason

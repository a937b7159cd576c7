"""Issue 16, precise duties: scenarios written from the law and the seed letters.

Each scenario is a case as a handler would record it, at different kinds of organisation, with
different roles, regulators, people affected and leavers. It says which duties must be required
(with their due dates), which must be left out, and what the reasons must say.
Dates: 2 March 2026 is a Monday; Good Friday is 3 April 2026 and Easter Monday 6 April.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from rampart.duties import evaluate
from rampart.duties.cli import main
from rampart.duties.deadlines import add_working_days, is_working_day
from rampart.duties.facts import parse_facts

from .builders import case, duty

MONDAY = "2026-03-02"


def facts(
    *,
    organisation: dict[str, Any] | None = None,
    concern: dict[str, Any] | None = None,
    subject: dict[str, Any] | None = None,
    **sections: dict[str, Any],
) -> dict[str, Any]:
    """A fully recorded case (every status fact answered), reported on a Monday."""
    return {
        "reported_on": sections.pop("reported_on", MONDAY),
        "organisation": {
            "kind": "nhs_trust",
            "cqc_registered": True,
            "regulated_activity_provider": True,
            **(organisation or {}),
        },
        "concern": {
            "sexual_dimension": "yes",
            "categories": [],
            "affected": {"kind": "patient", "child": False, "adult_at_risk": False},
            **(concern or {}),
        },
        "subject": {
            "kind": "staff",
            "role": "nurse",
            "in_regulated_activity": True,
            "works_with_children": False,
            **(subject or {}),
        },
        **sections,
    }


@dataclass(frozen=True)
class Scenario:
    facts: dict[str, Any]
    required: dict[str, date | None] = field(default_factory=dict)  # code -> due date
    considered: frozenset[str] = frozenset()
    absent: frozenset[str] = frozenset()
    recipients: dict[str, str] = field(default_factory=dict)  # code -> part of the recipient


SCENARIOS = {
    # Children Act 1989/2004, update letter (statutory safeguarding thresholds): same day.
    "trust-sexual-assault-on-a-child-patient": Scenario(
        facts(
            concern={
                "categories": ["sexual_assault"],
                "criminal_allegation": True,
                "affected": {"kind": "patient", "child": True, "adult_at_risk": False},
            },
        ),
        required={"SAFEGUARDING_REFERRAL": date(2026, 3, 2), "POLICE_REPORT": date(2026, 3, 3)},
        recipients={"SAFEGUARDING_REFERRAL": "Local authority children's social care"},
    ),
    # SVGA 2006 s35 + update letter: removed from clinical duties for conduct that harmed a patient.
    "trust-nurse-removed-relevant-conduct-and-harm-test": Scenario(
        facts(
            actions={"removed_from_clinical_duties": True, "removed_on": "2026-03-09"},
            findings={"relevant_conduct": True, "harm_test_met": True, "substantiated": True},
        ),
        required={
            "DBS_BARRING_REFERRAL": date(2026, 3, 16),
            "REGULATOR_REFERRAL": date(2026, 3, 16),
            "INTERIM_MEASURES_REVIEW": date(2026, 3, 2),
        },
        recipients={"REGULATOR_REFERRAL": "Nursing and Midwifery Council (NMC)"},
    ),
    # No one at risk is a child, an adult at risk or a patient; no removal, dismissal or finding.
    "trust-non-sexual-bullying-of-a-student-nurse": Scenario(
        facts(
            concern={
                "sexual_dimension": "no",
                "categories": ["other"],
                "affected": {"kind": "student", "child": False, "adult_at_risk": False},
            },
        ),
        absent=frozenset(
            {
                "DBS_BARRING_REFERRAL",
                "SAFEGUARDING_REFERRAL",
                "CQC_NOTIFICATION",
                "POLICE_REPORT",
                "REVIEW_GROUP",
            }
        ),
        considered=frozenset({"REGULATOR_REFERRAL"}),
    ),
    # No statutory register for a porter (role "other", no regulator recorded).
    "trust-porter-harasses-a-patient": Scenario(
        facts(
            concern={"categories": ["sexual_harassment"]},
            subject={"role": "other"},
            findings={"substantiated": True},
        ),
        absent=frozenset({"REGULATOR_REFERRAL"}),
        required={"REVIEW_GROUP": None, "CQC_NOTIFICATION": date(2026, 3, 2)},
    ),
    # A psychologist recorded with a role of "other" but registered with the HCPC.
    "trust-other-role-with-a-regulator-recorded": Scenario(
        facts(subject={"role": "other", "regulator": "HCPC"}, findings={"substantiated": True}),
        required={"REGULATOR_REFERRAL": date(2026, 3, 9)},
        recipients={"REGULATOR_REFERRAL": "Health and Care Professions Council (HCPC)"},
    ),
    # CQC (Registration) Regulations 2009, regulation 18(2)(f): reported to the police, any victim.
    "independent-hospital-police-reported-staff-assault": Scenario(
        facts(
            organisation={"kind": "independent_provider"},
            concern={
                "categories": ["sexual_assault"],
                "criminal_allegation": True,
                "affected": {"kind": "staff", "child": False, "adult_at_risk": False},
            },
            subject={"role": "healthcare_support_worker"},
            police={"involved": True},
        ),
        required={"CQC_NOTIFICATION": date(2026, 3, 2), "POLICE_LIAISON": None},
        absent=frozenset({"REGULATOR_REFERRAL", "ESR_RECORD_UPDATE", "COMMISSIONER_NOTIFICATION"}),
    ),
    # Actions letter: "this should be via the Regional MDSIPS": one notification, not two.
    "gp-practice-performer": Scenario(
        facts(
            organisation={"kind": "primary_care"},
            subject={"role": "doctor", "on_performers_list": True},
        ),
        required={"MDSIPS_NOTIFICATION": date(2026, 3, 9)},
        considered=frozenset({"REGULATOR_REFERRAL"}),
        absent=frozenset({"COMMISSIONER_NOTIFICATION"}),
        recipients={"MDSIPS_NOTIFICATION": "via the Regional Medical Director Systems Improvement"},
    ),
    "gp-practice-nurse": Scenario(
        facts(organisation={"kind": "primary_care"}, subject={"role": "nurse", "on_performers_list": False}),
        required={"COMMISSIONER_NOTIFICATION": date(2026, 3, 9)},
        absent=frozenset({"MDSIPS_NOTIFICATION"}),
        recipients={"COMMISSIONER_NOTIFICATION": "integrated care board"},
    ),
    # NMC: refer early in very serious cases; HCPC: refer immediately when charged.
    "trust-nurse-charged-by-the-police": Scenario(
        facts(police={"involved": True, "charged": True}),
        required={"REGULATOR_REFERRAL": date(2026, 3, 9), "POLICE_LIAISON": None},
    ),
    "ambulance-trust-paramedic-charged": Scenario(
        facts(subject={"role": "paramedic"}, police={"charged": True}),
        required={"REGULATOR_REFERRAL": date(2026, 3, 9)},
        recipients={"REGULATOR_REFERRAL": "Health and Care Professions Council (HCPC)"},
    ),
    # The GMC route is the responsible officer's judgement; a charge alone is not the NMC/HCPC rule.
    "trust-consultant-charged": Scenario(
        facts(subject={"role": "doctor"}, police={"charged": True}),
        considered=frozenset({"REGULATOR_REFERRAL"}),
        recipients={"REGULATOR_REFERRAL": "through the organisation's responsible officer"},
    ),
    "trust-resident-doctor": Scenario(
        facts(subject={"role": "doctor", "resident_doctor": True}),
        required={"POSTGRADUATE_DEAN_DISCUSSION": date(2026, 3, 9)},
        considered=frozenset({"REGULATOR_REFERRAL"}),
        recipients={"REGULATOR_REFERRAL": "through the Postgraduate Dean"},
    ),
    # Working Together to Safeguard Children 2023: the LADO within one working day (over Easter).
    "childrens-ward-support-worker-boundary-breach-with-a-child": Scenario(
        facts(
            concern={
                "sexual_dimension": "no",
                "categories": ["boundary_breach"],
                "affected": {"kind": "patient", "child": True, "adult_at_risk": False},
            },
            subject={"role": "healthcare_support_worker", "works_with_children": True},
            reported_on="2026-04-02",
        ),
        required={"SAFEGUARDING_REFERRAL": date(2026, 4, 7)},
        recipients={"SAFEGUARDING_REFERRAL": "Local Authority Designated Officer (LADO)"},
        absent=frozenset({"REGULATOR_REFERRAL"}),
    ),
    "school-nurse-sexual-comments-to-a-child": Scenario(
        facts(
            organisation={"kind": "nhs_trust"},
            concern={
                "categories": ["sexual_comments"],
                "affected": {"kind": "patient", "child": True, "adult_at_risk": False},
            },
            subject={"works_with_children": True},
        ),
        required={"SAFEGUARDING_REFERRAL": date(2026, 3, 2)},
        recipients={
            "SAFEGUARDING_REFERRAL": "children's social care and the Local Authority Designated Officer"
        },
    ),
    # Care Act 2014: an adult at risk in a care home.
    "care-home-worker-and-an-adult-at-risk": Scenario(
        facts(
            organisation={"kind": "social_care"},
            concern={
                "categories": ["unwanted_touching"],
                "affected": {"kind": "patient", "child": False, "adult_at_risk": True},
            },
            subject={"role": "healthcare_support_worker"},
            actions={"dismissed": True},
            findings={"harm_test_met": True, "substantiated": True},
        ),
        required={"SAFEGUARDING_REFERRAL": date(2026, 3, 2), "DBS_BARRING_REFERRAL": date(2026, 3, 9)},
        recipients={"SAFEGUARDING_REFERRAL": "Local authority adult safeguarding"},
        absent=frozenset({"REGULATOR_REFERRAL", "ESR_RECORD_UPDATE", "INTERIM_MEASURES_REVIEW"}),
    ),
    # Policy framework: the risk assessment covers whether the police should be contacted.
    "risk-assessment-says-contact-the-police": Scenario(
        facts(
            concern={"categories": ["stalking"], "sexual_dimension": "possible"},
            risk={"police_contact_advised": True},
        ),
        required={"POLICE_REPORT": date(2026, 3, 2)},
        considered=frozenset({"POLICE_LIAISON"}),
    ),
    # Actions letter: share findings with future employers; a leaver with a finding, or mid-case.
    "trust-midwife-leaves-after-a-finding": Scenario(
        facts(
            subject={"role": "midwife", "left_on": "2026-05-01"},
            findings={"substantiated": True},
        ),
        required={
            # Left on Friday 1 May; Monday 4 May is a bank holiday, so five working days is 11 May.
            "INFORMATION_SHARING_ON_TRANSFER": date(2026, 5, 11),
            "REGULATOR_REFERRAL": date(2026, 5, 11),
        },
        absent=frozenset({"INTERIM_MEASURES_REVIEW"}),
    ),
    "agency-worker-leaves-mid-investigation": Scenario(
        facts(subject={"kind": "agency", "role": "healthcare_support_worker", "left_organisation": True}),
        required={"INFORMATION_SHARING_ON_TRANSFER": date(2026, 3, 9)},
        absent=frozenset({"ESR_RECORD_UPDATE", "REGULATOR_REFERRAL"}),
    ),
    "leaver-cleared-by-the-investigation": Scenario(
        facts(subject={"left_organisation": True}, findings={"substantiated": False}),
        absent=frozenset({"INFORMATION_SHARING_ON_TRANSFER", "REGULATOR_REFERRAL", "DBS_BARRING_REFERRAL"}),
    ),
    # A patient accused as a patient: no register, no barring, no employer to share with.
    "mental-health-trust-patient-on-patient": Scenario(
        facts(subject={"kind": "patient", "role": None}, concern={"categories": ["sexual_assault"]}),
        absent=frozenset(
            {
                "REGULATOR_REFERRAL",
                "DBS_BARRING_REFERRAL",
                "INFORMATION_SHARING_ON_TRANSFER",
                "ESR_RECORD_UPDATE",
            }
        ),
        required={"CQC_NOTIFICATION": date(2026, 3, 2)},
    ),
    "member-of-the-public-harasses-a-receptionist": Scenario(
        facts(
            organisation={"kind": "primary_care"},
            concern={"categories": ["sexual_comments"], "affected": {"kind": "staff"}},
            subject={"kind": "public", "role": None},
        ),
        absent=frozenset(
            {"REGULATOR_REFERRAL", "DBS_BARRING_REFERRAL", "COMMISSIONER_NOTIFICATION", "CQC_NOTIFICATION"}
        ),
    ),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario(name: str) -> None:
    scenario = SCENARIOS[name]
    listed = {d.code.value: d for d in evaluate(scenario.facts)}

    for code, due in scenario.required.items():
        assert code in listed, code
        assert listed[code].status == "required", (code, listed[code].reason)
        if due is not None:
            assert listed[code].due == due, code
    for code in scenario.considered:
        assert code in listed, code
        assert listed[code].status == "consider", (code, listed[code].reason)
    assert scenario.absent.isdisjoint(listed), scenario.absent & set(listed)
    for code, part in scenario.recipients.items():
        assert part in (listed[code].recipient or ""), (code, listed[code].recipient)


def test_a_performer_gets_exactly_one_notification_to_the_commissioner() -> None:
    listed = [d.code.value for d in evaluate(SCENARIOS["gp-practice-performer"].facts)]

    assert [c for c in listed if c in {"COMMISSIONER_NOTIFICATION", "MDSIPS_NOTIFICATION"}] == [
        "MDSIPS_NOTIFICATION"
    ]


def test_a_dbs_referral_after_removal_says_without_delay_and_that_not_referring_is_an_offence() -> None:
    found = duty(
        SCENARIOS["trust-nurse-removed-relevant-conduct-and-harm-test"].facts, "DBS_BARRING_REFERRAL"
    )

    assert found is not None
    assert "the subject was removed from clinical duties" in found.reason
    assert "within five working days of the removal" in found.reason
    assert "offence" in found.reason


def test_a_dbs_consider_before_any_removal_has_no_due_date_and_says_when_the_clock_starts() -> None:
    found = duty(facts(findings={"harm_test_met": True}), "DBS_BARRING_REFERRAL")

    assert found is not None
    assert found.status == "consider"
    assert found.due is None
    assert "due within five working days" in found.reason


def test_a_removal_before_the_report_starts_the_dbs_clock_at_the_report() -> None:
    found = duty(
        facts(
            actions={"removed_from_regulated_activity": True, "removed_on": "2026-02-02"},
            findings={"harm_test_met": True},
        ),
        "DBS_BARRING_REFERRAL",
    )

    assert found is not None
    assert found.due == date(2026, 3, 9)


def test_the_cqc_reason_names_regulation_18_2_f_for_a_police_reported_staff_assault() -> None:
    found = duty(SCENARIOS["independent-hospital-police-reported-staff-assault"].facts, "CQC_NOTIFICATION")

    assert found is not None
    assert "18(2)(f)" in found.reason
    assert "NHS England" not in found.reason


def test_a_child_affected_with_nothing_sexual_or_criminal_is_a_consider_saying_what_would_require_it() -> (
    None
):
    found = duty(
        facts(
            concern={
                "sexual_dimension": "no",
                "affected": {"kind": "patient", "child": True, "adult_at_risk": False},
            },
            subject={"works_with_children": None},
        ),
        "SAFEGUARDING_REFERRAL",
    )

    assert found is not None
    assert found.status == "consider"
    assert "works with children" in found.reason
    assert "Required once" in found.reason
    assert found.due == date(2026, 3, 2)


def test_a_child_with_sexual_abuse_asks_whether_the_subject_works_with_children() -> None:
    found = duty(
        facts(
            concern={"affected": {"kind": "patient", "child": True, "adult_at_risk": False}},
            subject={"works_with_children": None},
        ),
        "SAFEGUARDING_REFERRAL",
    )

    assert found is not None
    assert found.status == "required"
    assert "It is not known whether the subject works with children" in found.reason
    assert "Working Together" in found.basis


def test_a_sexual_dimension_not_yet_known_for_an_adult_at_risk_is_a_consider() -> None:
    found = duty(
        facts(
            concern={"sexual_dimension": "unknown", "affected": {"kind": "patient", "adult_at_risk": True}}
        ),
        "SAFEGUARDING_REFERRAL",
    )

    assert found is not None
    assert found.status == "consider"
    assert "not yet known whether the concern has a sexual dimension" in found.reason


def test_a_criminal_allegation_against_an_adult_at_risk_is_named_as_such() -> None:
    found = duty(
        facts(
            concern={
                "sexual_dimension": "no",
                "criminal_allegation": True,
                "affected": {"kind": "patient", "adult_at_risk": True},
            }
        ),
        "SAFEGUARDING_REFERRAL",
    )

    assert found is not None
    assert "a criminal allegation has been made" in found.reason


def test_police_advice_and_a_criminal_allegation_together_are_due_today() -> None:
    found = duty(
        facts(
            concern={"criminal_allegation": True},
            risk={"police_contact_advised": True},
            police={"involved": True},
        ),
        "POLICE_REPORT",
    )

    assert found is not None
    assert found.due == date(2026, 3, 2)
    assert "record their reference" in found.reason
    assert "next working day" not in found.reason


def test_an_unrecorded_police_question_is_a_consider_even_with_the_police_involved() -> None:
    found = duty(
        facts(
            concern={"sexual_dimension": "no", "criminal_allegation": False},
            risk={"police_contact_advised": None},
            police={"involved": True},
        ),
        "POLICE_REPORT",
    )

    assert found is not None
    assert found.status == "consider"
    assert "risk assessment" in found.reason


def test_a_charged_gmc_registrant_is_flagged_as_a_serious_concern_for_the_responsible_officer() -> None:
    found = duty(SCENARIOS["trust-consultant-charged"].facts, "REGULATOR_REFERRAL")

    assert found is not None
    assert "charged by the police, which suggests a serious concern" in found.reason
    assert "responsible officer" in found.reason
    assert "responsible officer" in found.basis


def test_an_open_nmc_case_says_a_charge_would_make_the_referral_required() -> None:
    found = duty(facts(), "REGULATOR_REFERRAL")

    assert found is not None
    assert found.status == "consider"
    assert "or they are charged by the police." in found.reason


def test_an_unknown_performers_list_at_a_gp_practice_asks_it_at_the_mdsips_too() -> None:
    found = duty(
        facts(organisation={"kind": None}, subject={"on_performers_list": True}),
        "MDSIPS_NOTIFICATION",
    )

    assert found is not None
    assert found.status == "consider"
    assert "Required once the organisation is recorded as a primary care provider" in found.reason


def test_interim_measures_name_removing_access_to_drugs_that_could_be_fatal() -> None:
    found = duty(facts(), "INTERIM_MEASURES_REVIEW")

    assert found is not None
    assert "removing access to drugs that could be fatal" in found.reason
    assert "fatal drugs" in found.basis


def test_removal_from_clinical_duties_is_kept_under_review() -> None:
    found = duty(
        facts(concern={"sexual_dimension": "no"}, actions={"removed_from_clinical_duties": True}),
        "INTERIM_MEASURES_REVIEW",
    )

    assert found is not None
    assert "removed from clinical duties: keep this under review" in found.reason


def test_the_new_facts_are_read_from_their_sections() -> None:
    parsed = parse_facts(
        {
            "subject": {"works_with_children": True, "left_on": "2026-05-01"},
            "police": {"charged": True},
            "risk": {"police_contact_advised": True},
            "actions": {"removed_from_clinical_duties": True, "removed_on": "2026-04-01"},
        }
    )

    assert parsed.subject.works_with_children is True
    assert parsed.subject.left_on == date(2026, 5, 1)
    assert parsed.police.charged is True
    assert parsed.risk.police_contact_advised is True
    assert parsed.actions.removed_from_clinical_duties is True
    assert parsed.actions.removed_on == date(2026, 4, 1)


def test_missing_new_facts_are_unknown_or_false_as_documented() -> None:
    parsed = parse_facts({})

    assert parsed.subject.works_with_children is None
    assert parsed.subject.left_on is None
    assert parsed.police.charged is False
    assert parsed.risk.police_contact_advised is False
    assert parsed.actions.removed_from_clinical_duties is False
    assert parsed.actions.removed_on is None


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 3, 2), 0, date(2026, 3, 2)),
        (date(2026, 3, 7), 0, date(2026, 3, 7)),  # same day, even on a Saturday
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Friday -> Monday
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Thursday before Easter -> Tuesday after
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # Christmas, and Boxing Day's substitute
    ],
)
def test_working_days_skip_weekends_and_englands_bank_holidays(
    start: date, days: int, expected: date
) -> None:
    assert add_working_days(start, days) == expected
    assert is_working_day(date(2026, 12, 28)) is False


def test_the_cli_answers_the_contract_with_the_new_facts_on_standard_input() -> None:
    scenario = SCENARIOS["trust-nurse-removed-relevant-conduct-and-harm-test"].facts
    stdout, stderr = io.StringIO(), io.StringIO()

    code = main(["evaluate", "-"], stdin=io.StringIO(json.dumps(scenario)), stdout=stdout, stderr=stderr)

    assert code == 0
    assert stderr.getvalue() == ""
    answer = json.loads(stdout.getvalue())
    assert set(answer) == {"duties"}
    for item in answer["duties"]:
        assert set(item) == {"code", "status", "basis", "due", "reason", "recipient"}
    dbs = [item for item in answer["duties"] if item["code"] == "DBS_BARRING_REFERRAL"]
    assert dbs == [{**dbs[0], "status": "required", "due": "2026-03-16"}]


def test_the_cli_names_a_bad_new_fact() -> None:
    stdout, stderr = io.StringIO(), io.StringIO()

    code = main(
        ["evaluate", "-"],
        stdin=io.StringIO(json.dumps(case(actions__removed_on="9 March"))),
        stdout=stdout,
        stderr=stderr,
    )

    assert code == 2
    assert "actions.removed_on" in stderr.getvalue()


# Review findings (issue 16): the LADO needs an allegation of harm.
def _child_case(concern: dict[str, Any], works_with_children: bool | None = True) -> dict[str, Any]:
    return facts(
        concern={"affected": {"kind": "patient", "child": True, "adult_at_risk": False}, **concern},
        subject={"works_with_children": works_with_children},
    )


def test_a_records_access_case_about_a_child_does_not_go_to_the_lado() -> None:
    found = duty(
        _child_case({"sexual_dimension": "no", "categories": ["inappropriate_records_access"]}),
        "SAFEGUARDING_REFERRAL",
    )

    assert found is not None
    assert found.status == "consider"
    assert found.recipient == "The organisation's safeguarding lead"
    assert "LADO" not in found.basis


def test_a_criminal_records_access_case_about_a_child_goes_to_the_lado() -> None:
    found = duty(
        _child_case(
            {
                "sexual_dimension": "no",
                "categories": ["inappropriate_records_access"],
                "criminal_allegation": True,
            }
        ),
        "SAFEGUARDING_REFERRAL",
    )

    assert found is not None
    assert found.status == "required"
    assert "LADO" in found.recipient


def test_a_records_access_case_with_the_sexual_dimension_unknown_asks_whether_harm_is_alleged() -> None:
    found = duty(
        _child_case({"sexual_dimension": "unknown", "categories": ["inappropriate_records_access"]}),
        "SAFEGUARDING_REFERRAL",
    )

    assert found is not None
    assert found.status == "consider"
    assert "It is not yet known whether harm to the child is alleged" in found.reason


def test_an_adult_at_risk_who_may_be_a_child_asks_about_the_lado() -> None:
    found = duty(
        facts(
            concern={"affected": {"kind": "patient", "child": None, "adult_at_risk": True}},
            subject={"works_with_children": True},
        ),
        "SAFEGUARDING_REFERRAL",
    )

    assert found is not None
    assert found.status == "required"
    assert "It is not known whether the person affected is a child" in found.reason


# Review findings (issue 16): leaving after a removal does not push back the DBS or regulator clock.
def test_leaving_after_a_removal_does_not_push_back_the_dbs_and_regulator_deadlines() -> None:
    removed_then_left = facts(
        subject={"left_on": "2026-03-23"},
        actions={"removed_from_regulated_activity": True, "removed_on": "2026-03-09"},
        findings={"substantiated": True, "relevant_conduct": True},
    )

    for code in ("DBS_BARRING_REFERRAL", "REGULATOR_REFERRAL"):
        found = duty(removed_then_left, code)
        assert found is not None
        assert (code, found.status, found.due) == (code, "required", date(2026, 3, 16))


def test_a_removal_without_a_date_starts_the_clock_at_the_report_even_for_a_leaver() -> None:
    found = duty(
        facts(
            subject={"left_on": "2026-03-23"},
            actions={"removed_from_regulated_activity": True},
            findings={"substantiated": True, "relevant_conduct": True},
        ),
        "DBS_BARRING_REFERRAL",
    )

    assert found is not None
    assert found.due == date(2026, 3, 9)


def test_would_have_removed_had_they_not_left_starts_the_dbs_clock_on_leaving() -> None:
    found = duty(
        facts(
            subject={"left_on": "2026-03-23"},
            actions={"would_have_removed_if_not_left": True},
            findings={"substantiated": True, "relevant_conduct": True},
        ),
        "DBS_BARRING_REFERRAL",
    )

    assert found is not None
    assert (found.status, found.due) == ("required", date(2026, 3, 30))

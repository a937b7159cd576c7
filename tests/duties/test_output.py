"""The output contract: duty shape, order and JSON form."""

from __future__ import annotations

from datetime import date

from rampart.duties import RULES, Duty, DutyCode, Status, evaluate

from .builders import TRUST_CASE, codes, trust_case

CONTRACT_CODES = [
    "REVIEW_GROUP",
    "RISK_ASSESSMENT_ALL_PARTIES",
    "SUPPORT_ALL_PARTIES",
    "SPECIALIST_INVESTIGATOR",
    "INTERIM_MEASURES_REVIEW",
    "POLICE_REPORT",
    "POLICE_LIAISON",
    "SAFEGUARDING_REFERRAL",
    "DBS_BARRING_REFERRAL",
    "REGULATOR_REFERRAL",
    "CQC_NOTIFICATION",
    "COMMISSIONER_NOTIFICATION",
    "MDSIPS_NOTIFICATION",
    "POSTGRADUATE_DEAN_DISCUSSION",
    "ESR_RECORD_UPDATE",
    "INFORMATION_SHARING_ON_TRANSFER",
]


def test_the_duty_codes_are_exactly_the_contracts_in_its_order() -> None:
    assert [code.value for code in DutyCode] == CONTRACT_CODES


def test_there_is_one_rule_for_every_duty_code_in_order() -> None:
    assert list(RULES) == list(DutyCode)


def test_a_case_bringing_every_duty_lists_them_in_contract_order() -> None:
    facts = trust_case(
        organisation__kind="primary_care",
        concern__criminal_allegation=True,
        concern__affected__child=True,
        subject__role="doctor",
        subject__resident_doctor=True,
        subject__on_performers_list=None,
        subject__kind="staff",
        police__involved=True,
        actions__suspended=True,
        actions__removed_from_regulated_activity=True,
        findings__harm_test_met=True,
    )

    assert codes(facts) == CONTRACT_CODES


def test_every_duty_code_is_reachable() -> None:
    seen: set[str] = set()
    for facts in (
        trust_case(concern__criminal_allegation=True, police__involved=True, concern__affected__child=True),
        trust_case(
            organisation__kind="primary_care",
            subject__on_performers_list=True,
            subject__resident_doctor=True,
        ),
        trust_case(organisation__kind="primary_care", subject__role="nurse"),
    ):
        seen.update(codes(facts))

    assert seen == set(CONTRACT_CODES)


def test_to_json_gives_the_contract_dictionary() -> None:
    duty = Duty(
        code=DutyCode.CQC_NOTIFICATION,
        status=Status.REQUIRED,
        basis="regulation 18",
        due=date(2026, 3, 1),
        reason="a patient alleges abuse",
        recipient="Care Quality Commission (CQC)",
    )

    assert duty.to_json() == {
        "code": "CQC_NOTIFICATION",
        "status": "required",
        "basis": "regulation 18",
        "due": "2026-03-01",
        "reason": "a patient alleges abuse",
        "recipient": "Care Quality Commission (CQC)",
    }


def test_to_json_writes_missing_due_date_and_recipient_as_null() -> None:
    duty = Duty(DutyCode.SUPPORT_ALL_PARTIES, Status.CONSIDER, "b", None, "r", None)

    assert duty.to_json()["due"] is None
    assert duty.to_json()["recipient"] is None


def test_the_same_facts_always_give_the_same_answer() -> None:
    assert evaluate(TRUST_CASE) == evaluate(TRUST_CASE)


def test_a_typical_trust_case_matches_the_expected_duties() -> None:
    statuses = {d.code.value: d.status.value for d in evaluate(TRUST_CASE)}

    assert statuses == {
        "REVIEW_GROUP": "required",
        "RISK_ASSESSMENT_ALL_PARTIES": "required",
        "SUPPORT_ALL_PARTIES": "required",
        "SPECIALIST_INVESTIGATOR": "required",
        "INTERIM_MEASURES_REVIEW": "required",
        "POLICE_REPORT": "consider",
        "DBS_BARRING_REFERRAL": "consider",
        "REGULATOR_REFERRAL": "consider",
        "CQC_NOTIFICATION": "required",
        "ESR_RECORD_UPDATE": "required",
        "INFORMATION_SHARING_ON_TRANSFER": "consider",
    }

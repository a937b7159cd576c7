from __future__ import annotations

from datetime import date

import pytest

from rampart.sharing import rules
from rampart.sharing.rules import (
    CaseFacts,
    Category,
    Condition,
    HolderRecord,
    LawfulBasis,
    Purpose,
    Status,
    Step,
)

ONGOING = CaseFacts(
    closed=False, investigation_started=True, investigation_completed=False, substantiated=None
)
UPHELD = CaseFacts(closed=True, investigation_started=True, investigation_completed=True, substantiated=True)
NOT_UPHELD = CaseFacts(
    closed=True,
    investigation_started=True,
    investigation_completed=True,
    substantiated=False,
    outcome_kind="no_case_to_answer",
)
OPEN = CaseFacts(closed=False, investigation_started=False, investigation_completed=False, substantiated=None)


def test_an_investigation_under_way_is_ongoing():
    assert rules.categories(HolderRecord(cases=(ONGOING,))) == (Category.ONGOING_INVESTIGATION,)


def test_an_upheld_investigation_is_a_finding():
    assert rules.categories(HolderRecord(cases=(UPHELD,))) == (Category.FINDING,)


def test_a_partly_substantiated_investigation_is_partly_upheld_never_upheld():
    # cases keeps substantiated=True beside a partial finding; sharing reads the finding itself
    partly = CaseFacts(
        closed=True,
        investigation_started=True,
        investigation_completed=True,
        substantiated=True,
        outcome_kind="written_warning",
        finding="partly_substantiated",
    )
    assert rules.categories(HolderRecord(cases=(partly,))) == (Category.PARTLY_UPHELD,)
    assert "partly upheld" in rules.CATEGORY_LABELS[Category.PARTLY_UPHELD]


def test_an_outcome_other_than_no_case_is_a_finding_even_without_a_substantiated_flag():
    closed_with_warning = CaseFacts(
        closed=True,
        investigation_started=True,
        investigation_completed=True,
        substantiated=None,
        outcome_kind="written_warning",
    )
    assert rules.categories(HolderRecord(cases=(closed_with_warning,))) == (Category.FINDING,)


def test_a_single_closed_case_with_no_case_to_answer_is_not_reported():
    assert rules.categories(HolderRecord(cases=(NOT_UPHELD,))) == ()


def test_an_open_case_not_yet_investigated_is_an_open_concern():
    assert rules.categories(HolderRecord(cases=(OPEN,))) == (Category.OPEN_CONCERN,)


def test_a_closed_case_never_investigated_is_not_reported_alone():
    closed = CaseFacts(
        closed=True, investigation_started=False, investigation_completed=False, substantiated=None
    )
    assert rules.categories(HolderRecord(cases=(closed,))) == ()


def test_two_unupheld_cases_are_a_cumulative_concern():
    assert rules.categories(HolderRecord(cases=(NOT_UPHELD, NOT_UPHELD))) == (Category.CUMULATIVE_CONCERN,)


@pytest.mark.parametrize("record", [HolderRecord(weak_signals=1), HolderRecord(pattern_alerts=1)])
def test_weak_signals_or_pattern_alerts_are_cumulative_concerns(record):
    assert rules.categories(record) == (Category.CUMULATIVE_CONCERN,)


def test_categories_come_in_a_fixed_order():
    record = HolderRecord(cases=(UPHELD, ONGOING), weak_signals=2)
    assert rules.categories(record) == (
        Category.ONGOING_INVESTIGATION,
        Category.FINDING,
        Category.CUMULATIVE_CONCERN,
    )


def test_an_empty_record_has_no_categories():
    assert rules.categories(HolderRecord()) == ()


@pytest.mark.parametrize(
    "kind",
    ["nhs_trust", "icb", "region", "national", "primary_care", "social_care", "independent_provider", ""],
)
def test_no_holder_is_offered_legal_obligation(kind):
    assert LawfulBasis.LEGAL_OBLIGATION not in rules.bases_for(kind)
    problem = rules.basis_problem(LawfulBasis.LEGAL_OBLIGATION, holder_kind=kind)
    assert problem
    assert "No law obliges this disclosure" in problem


def test_a_public_body_relies_on_its_public_task_not_legitimate_interests():
    assert rules.bases_for("nhs_trust") == (LawfulBasis.PUBLIC_TASK,)
    assert rules.basis_problem(LawfulBasis.PUBLIC_TASK, holder_kind="nhs_trust") is None
    problem = rules.basis_problem(LawfulBasis.LEGITIMATE_INTERESTS, holder_kind="icb")
    assert problem
    assert "public task" in problem


def test_an_independent_provider_relies_on_legitimate_interests():
    assert rules.bases_for("independent_provider") == (LawfulBasis.LEGITIMATE_INTERESTS,)
    problem = rules.basis_problem(LawfulBasis.PUBLIC_TASK, holder_kind="independent_provider")
    assert problem
    assert "legitimate interests" in problem


def test_a_social_care_provider_may_be_either():
    assert set(rules.bases_for("social_care")) == {LawfulBasis.PUBLIC_TASK, LawfulBasis.LEGITIMATE_INTERESTS}


def test_an_unknown_basis_is_refused():
    assert rules.basis_problem("", holder_kind="nhs_trust") == "Select the lawful basis"


def test_schedule_1_conditions_offered_never_include_the_old_employment_condition():
    for kind in ("nhs_trust", "independent_provider", "social_care"):
        assert Condition.EMPLOYMENT not in rules.conditions_for(kind)
        assert {Condition.UNLAWFUL_ACTS, Condition.SAFEGUARDING} <= set(rules.conditions_for(kind))


def test_statutory_purposes_need_a_body_with_statutory_functions():
    assert Condition.STATUTORY in rules.conditions_for("nhs_trust")
    assert Condition.STATUTORY not in rules.conditions_for("independent_provider")


@pytest.mark.parametrize(
    ("special", "condition", "kind", "expected"),
    [
        (None, "", "nhs_trust", "special_category"),
        (True, "", "nhs_trust", "condition"),
        (True, Condition.EMPLOYMENT, "nhs_trust", "condition"),
        (True, Condition.STATUTORY, "independent_provider", "condition"),
        (True, Condition.SAFEGUARDING, "independent_provider", None),
        (True, Condition.STATUTORY, "nhs_trust", None),
        (False, "", "nhs_trust", None),
    ],
)
def test_special_category_data_needs_a_condition_the_holder_can_rely_on(special, condition, kind, expected):
    problem = rules.condition_problem(special, condition, holder_kind=kind)
    assert (problem[0] if problem else None) == expected


def test_every_condition_has_a_label_naming_its_paragraph():
    assert set(rules.CONDITION_LABELS) == set(Condition)
    for condition in Condition:
        assert f"paragraph {condition.value.removeprefix('sch1_para')}" in rules.CONDITION_LABELS[condition]


def test_every_basis_and_purpose_has_a_label():
    assert set(rules.BASIS_LABELS) == set(LawfulBasis)
    assert set(rules.PURPOSE_LABELS) == set(Purpose)
    assert set(rules.CATEGORY_LABELS) == set(Category)


def test_a_request_can_be_prepared():
    assert rules.step_problem(Step.PREPARE, Status.REQUESTED, actor_id=1, preparer_id=None) is None


def test_a_sent_back_disclosure_can_be_prepared_again():
    assert rules.step_problem(Step.PREPARE, Status.SENT_BACK, actor_id=1, preparer_id=1) is None


def test_the_preparer_cannot_approve():
    problem = rules.step_problem(Step.APPROVE, Status.PREPARED, actor_id=1, preparer_id=1)
    assert problem
    assert "second case handler" in problem


def test_the_preparer_cannot_send_back_their_own_work():
    assert rules.step_problem(Step.SEND_BACK, Status.PREPARED, actor_id=1, preparer_id=1)


def test_a_second_handler_approves():
    assert rules.step_problem(Step.APPROVE, Status.PREPARED, actor_id=2, preparer_id=1) is None


def test_a_released_disclosure_cannot_be_declined():
    problem = rules.step_problem(Step.DECLINE, Status.RELEASED, actor_id=2, preparer_id=1)
    assert problem
    assert "released to the requester" in problem


def test_a_request_cannot_be_approved_before_it_is_prepared():
    assert rules.step_problem(Step.APPROVE, Status.REQUESTED, actor_id=2, preparer_id=None)


def test_the_preparer_may_decline():
    assert rules.step_problem(Step.DECLINE, Status.PREPARED, actor_id=1, preparer_id=1) is None


def test_pattern_summary_with_nothing():
    assert rules.pattern_summary([]).startswith("We hold no other concerns")


def test_pattern_summary_counts_and_dates_in_order():
    text = rules.pattern_summary(
        [
            rules.Concern("signal", date(2025, 3, 1), "RA1"),
            rules.Concern("case", date(2024, 1, 5), "RA1"),
            rules.Concern("case", date(2025, 6, 9), "RA1"),
        ]
    )
    assert text.startswith("2 concerns raised with us and 1 below-threshold worry recorded")
    assert "between 5 January 2024 and 9 June 2025" in text
    assert text.index("5 Jan 2024") < text.index("1 Mar 2025 (worry)") < text.index("9 Jun 2025")


def test_pattern_summary_singular_case_and_plural_signals():
    text = rules.pattern_summary(
        [
            rules.Concern("case", date(2024, 1, 5), "RA1"),
            rules.Concern("signal", date(2024, 2, 5), "RA1"),
            rules.Concern("signal", date(2024, 3, 5), "RA1"),
        ]
    )
    assert text.startswith("1 concern raised with us and 2 below-threshold worries")


def test_pattern_summary_signals_only():
    assert rules.pattern_summary([rules.Concern("signal", date(2024, 2, 5), "RA1")]).startswith(
        "1 below-threshold worry recorded between"
    )


@pytest.mark.parametrize("value", ["=SUM(A1)", "+1", "-1", "@x", "\tx"])
def test_csv_formula_cells_are_escaped(value):
    assert rules.csv_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["A123", 12, ""])
def test_csv_plain_cells_are_kept(value):
    assert rules.csv_safe(value) == value


def test_pattern_summary_cases_only():
    text = rules.pattern_summary([rules.Concern("case", date(2024, 1, 5), "RA1")])
    assert text.startswith("1 concern raised with us between 5 January 2024 and 5 January 2024.")
    assert text.endswith("Dates: 5 Jan 2024 (concern).")


def test_reminders_wait_over_a_bank_holiday():
    thursday_before_easter = date(2027, 3, 25)
    assert rules.reminder_due(Status.PREPARED, thursday_before_easter) == date(2027, 3, 31)
    assert rules.reminder_due(Status.SENT_BACK, thursday_before_easter) == date(2027, 4, 1)
    assert rules.reminder_due(Status.REQUESTED, thursday_before_easter) == date(2027, 4, 5)


def test_only_a_disclosure_waiting_on_the_holder_has_a_reminder():
    monday = date(2026, 11, 30)
    assert rules.reminder_due(Status.REQUESTED, monday) == date(2026, 12, 7)
    assert rules.reminder_due(Status.PREPARED, monday) == date(2026, 12, 2)
    assert rules.reminder_due(Status.SENT_BACK, monday) == date(2026, 12, 3)
    assert rules.reminder_due(Status.RELEASED, monday) is None
    assert rules.reminder_due(Status.DECLINED, monday) is None


TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("told", "told_on", "reason", "expected"),
    [
        ("told", date(2026, 11, 30), "", None),
        ("told", TODAY, "", None),
        ("not_told", None, "A police investigation is under way", None),
        ("", None, "", "person_told"),
        ("maybe", None, "", "person_told"),
        ("told", None, "", "person_told_on"),
        ("told", date(2026, 12, 2), "", "person_told_on"),
        ("not_told", None, "   ", "not_told_reason"),
    ],
)
def test_telling_the_person_is_recorded_completely(told, told_on, reason, expected):
    problem = rules.told_problem(told, told_on, reason, TODAY)
    assert (problem[0] if problem else None) == expected


def test_the_reader_is_told_whether_the_person_knows():
    assert rules.told_statement("told", date(2026, 11, 3)).startswith("We told the person on 3 November 2026")
    assert "Do not tell them" in rules.told_statement("not_told", None)
    assert rules.told_statement("", None) == ""

"""The pure assurance rules: RAG against the deadlines, suppression, statistics and safe cells."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rampart.assurance.rules import (
    Deadlines,
    Figure,
    ItemAnswer,
    ItemStatus,
    ProviderProgress,
    Rag,
    Share,
    median_days,
    per_thousand,
    protect_shares,
    provider_rag,
    safe_cell,
    share,
    submission_problems,
    suppress_column,
)

DEADLINES = Deadlines(contact_by=date(2026, 2, 2), confirm_by=date(2026, 3, 31))
BEFORE_CONTACT = date(2026, 1, 15)
BETWEEN = date(2026, 3, 1)
AFTER = date(2026, 11, 23)


def test_signed_up_and_checklist_done_by_the_deadline_is_green():
    progress = ProviderProgress(date(2026, 1, 10), date(2026, 3, 31), None)
    status = provider_rag(progress, DEADLINES, today=AFTER)
    assert status.rag == Rag.GREEN
    assert status.reason == "Signed up and checklist completed by 31 March 2026"


def test_completed_after_the_deadline_is_amber():
    status = provider_rag(ProviderProgress(date(2026, 1, 10), date(2026, 4, 1)), DEADLINES, today=AFTER)
    assert status.rag == Rag.AMBER
    assert status.reason == "Completed on 1 April 2026, after 31 March 2026"


def test_incomplete_after_the_confirmation_deadline_is_red_naming_what_is_missing():
    status = provider_rag(ProviderProgress(date(2026, 1, 10), None, date(2026, 1, 5)), DEADLINES, today=AFTER)
    assert status == provider_rag(ProviderProgress(date(2026, 1, 10)), DEADLINES, today=AFTER)
    assert status.rag == Rag.RED
    assert status.reason == "Not confirmed by 31 March 2026: checklist"


def test_not_contacted_after_the_contact_deadline_is_red():
    status = provider_rag(ProviderProgress(), DEADLINES, today=BETWEEN)
    assert status.rag == Rag.RED
    assert status.reason == "Not contacted by the ICB by 2 February 2026"


def test_contacted_and_not_yet_due_is_amber():
    status = provider_rag(ProviderProgress(contacted_on=date(2026, 1, 20)), DEADLINES, today=BETWEEN)
    assert status.rag == Rag.AMBER
    assert status.reason == "Due by 31 March 2026: charter sign-up and checklist"


def test_nothing_done_before_any_deadline_is_amber():
    assert provider_rag(ProviderProgress(), DEADLINES, today=BEFORE_CONTACT).rag == Rag.AMBER


def test_on_the_deadline_day_itself_is_not_late():
    assert provider_rag(ProviderProgress(), DEADLINES, today=DEADLINES.confirm_by).rag == Rag.RED
    contacted = ProviderProgress(contacted_on=date(2026, 2, 1))
    assert provider_rag(contacted, DEADLINES, today=DEADLINES.confirm_by).rag == Rag.AMBER


@pytest.mark.parametrize(
    ("value", "suppressed"), [(0, False), (1, True), (4, True), (5, False), (120, False)]
)
def test_counts_from_one_to_four_are_suppressed(value, suppressed):
    assert suppress_column([value, 50, 60, 3, 2])[0].suppressed is suppressed


def test_a_lone_suppressed_count_takes_the_next_smallest_with_it():
    assert suppress_column([3, 40, 9, 0]) == [Figure(None, True), Figure(40), Figure(None, True), Figure(0)]


def test_a_lone_suppressed_count_with_nothing_else_to_hide_stays_alone():
    assert suppress_column([2, 0]) == [Figure(None, True), Figure(0)]


def test_figures_read_plainly():
    assert (str(Figure(None, True)), str(Figure(12))) == ("fewer than 5", "12")


@given(st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=8))
def test_no_small_count_is_ever_shown_or_derivable(values):
    column = suppress_column(values)
    assert all(f.suppressed for v, f in zip(values, column, strict=True) if 0 < v < 5)
    assert sum(f.suppressed for f in column) != 1 or sum(1 for v in values if v > 0) == 1


@pytest.mark.parametrize(
    ("n", "d", "text"),
    [
        (7, 12, "58% (7 of 12)"),
        (3, 12, "suppressed (fewer than 5)"),
        (9, 12, "suppressed (fewer than 5)"),
        (2, 3, "suppressed (fewer than 5)"),
        (0, 10, "0% (0 of 10)"),
        (10, 10, "100% (10 of 10)"),
        (0, 0, "none to count"),
    ],
)
def test_shares_hide_small_numbers_on_either_side(n, d, text):
    assert str(share(n, d)) == text


def test_a_hidden_share_has_no_percent():
    assert share(3, 12).percent is None
    assert share(0, 0).percent is None


def test_an_impossible_share_is_refused():
    with pytest.raises(ValueError, match="impossible"):
        share(6, 5)


def test_a_lone_hidden_share_takes_the_smallest_shown_one_with_it():
    protected = protect_shares([share(3, 10), share(9, 20), share(6, 12), Share(0, 0, False)])
    assert [s.suppressed for s in protected] == [True, False, True, False]


def test_two_hidden_shares_need_no_more_hiding():
    protected = protect_shares([share(3, 10), share(2, 9), share(6, 12)])
    assert [s.suppressed for s in protected] == [True, True, False]


def test_rates_and_medians():
    assert per_thousand(12, 8000) == 1.5
    assert per_thousand(3, 0) is None
    assert median_days([1, 3, 10]) == 3
    assert median_days([]) is None


@pytest.mark.parametrize("text", ["=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_risky_cells_are_made_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Chief People Officer", "", 42, None])
def test_ordinary_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_submission_needs_every_item_answered_explained_and_every_gap_planned():
    problems = submission_problems(
        [
            ItemAnswer("A", ItemStatus.NOT_STARTED),
            ItemAnswer("B", ItemStatus.NOT_APPLICABLE, "  "),
            ItemAnswer("C", ItemStatus.PARTLY_MET, has_action=False),
            ItemAnswer("D", ItemStatus.PARTLY_MET, has_action=True),
            ItemAnswer("E", ItemStatus.NOT_APPLICABLE, "No inpatients"),
            ItemAnswer("F", ItemStatus.MET),
            ItemAnswer("G", ItemStatus.EXCEEDED),
        ]
    )
    assert problems == [
        "A: choose a status",
        "B: say why it does not apply",
        "C: add an action to the action plan for this gap",
    ]

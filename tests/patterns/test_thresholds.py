from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rampart.patterns.thresholds import Item, Reason, Thresholds, in_window, items_key, reasons, window_start

TODAY = date(2026, 12, 1)
T = Thresholds()


def test_window_start_is_the_same_day_24_months_earlier():
    assert window_start(TODAY, 24) == date(2024, 12, 1)


def test_window_start_uses_the_month_end_when_the_day_is_missing():
    assert window_start(date(2026, 3, 31), 1) == date(2026, 2, 28)


def test_one_item_is_no_pattern():
    assert reasons([Item("case", 1, 1, date(2026, 1, 1))], today=TODAY, thresholds=T) == []


def test_two_items_in_24_months_are_a_pattern():
    items = [Item("case", 1, 1, date(2025, 1, 1)), Item("signal", 2, 1, date(2026, 6, 1))]
    assert reasons(items, today=TODAY, thresholds=T) == [Reason.REPEATED]


def test_an_item_older_than_the_window_does_not_count():
    items = [Item("case", 1, 1, date(2024, 11, 30)), Item("signal", 2, 1, date(2026, 6, 1))]
    assert reasons(items, today=TODAY, thresholds=T) == []


def test_the_window_and_minimum_are_configurable():
    items = [Item("case", 1, 1, date(2025, 1, 1)), Item("signal", 2, 1, date(2026, 6, 1))]
    assert reasons(items, today=TODAY, thresholds=Thresholds(window_months=6)) == []
    assert reasons(items, today=TODAY, thresholds=Thresholds(min_items=3)) == []


def test_a_signal_while_an_old_case_is_still_open():
    items = [Item("case", 1, 1, date(2020, 1, 1), open=True), Item("signal", 2, 1, date(2026, 6, 1))]
    assert Reason.SIGNAL_WHILE_CASE_OPEN in reasons(items, today=TODAY, thresholds=T)


def test_a_signal_before_the_case_opened_is_not_while_it_is_open():
    items = [Item("signal", 2, 1, date(2026, 1, 1)), Item("case", 1, 1, date(2026, 6, 1), open=True)]
    assert reasons(items, today=TODAY, thresholds=T) == [Reason.REPEATED]


def test_items_at_two_organisations():
    items = [Item("case", 1, 1, date(2026, 1, 1)), Item("signal", 2, 2, date(2026, 6, 1))]
    assert reasons(items, today=TODAY, thresholds=T) == [Reason.REPEATED, Reason.MORE_THAN_ONE_ORGANISATION]


def test_thresholds_refuse_nonsense():
    with pytest.raises(ValueError):
        Thresholds(min_items=1)
    with pytest.raises(ValueError):
        Thresholds(window_months=0)


def test_in_window_keeps_open_cases_and_sorts_by_date():
    old_open = Item("case", 1, 1, date(2019, 1, 1), open=True)
    old_closed = Item("case", 3, 1, date(2019, 1, 1))
    recent = Item("signal", 2, 1, date(2026, 6, 1))
    assert in_window([recent, old_closed, old_open], today=TODAY, thresholds=T) == [old_open, recent]


items = st.lists(
    st.builds(
        Item,
        kind=st.sampled_from(["case", "signal"]),
        id=st.integers(1, 50),
        organisation=st.integers(1, 3),
        on=st.dates(date(2020, 1, 1), TODAY),
        open=st.booleans(),
    ),
    max_size=8,
)


@given(items, st.randoms())
def test_items_key_ignores_order(found, rnd):
    shuffled = list(found)
    rnd.shuffle(shuffled)
    assert items_key(found) == items_key(shuffled)


@given(items)
def test_more_items_never_remove_the_repeated_reason(found):
    if Reason.REPEATED in reasons(found, today=TODAY, thresholds=T):
        extra = [*found, Item("signal", 99, 1, TODAY)]
        assert Reason.REPEATED in reasons(extra, today=TODAY, thresholds=T)

"""Working days: Monday to Friday, not one of England's bank holidays (docs/decisions/0005-bank-holidays.md).
The one calendar behind the duties' due dates, disclosure reminders and the chasing of notifications."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
from hypothesis import given
from hypothesis import strategies as st

from rampart.core import working_days


def test_working_days_skip_the_weekend():
    friday = date(2026, 12, 4)
    assert working_days.add_working_days(friday, 1) == date(2026, 12, 7)  # Monday
    assert working_days.add_working_days(friday, 5) == date(2026, 12, 11)  # the next Friday
    assert working_days.add_working_days(date(2026, 12, 5), 1) == date(2026, 12, 7)  # from a Saturday
    assert working_days.add_working_days(friday, 0) == friday


ENGLAND = holidays.country_holidays("GB", subdiv="ENG")


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(1, 40))
def test_working_days_land_on_a_working_day_with_exactly_that_many_working_days_between(start, days):
    end = working_days.add_working_days(start, days)
    assert end.weekday() < 5
    assert end not in ENGLAND
    between = [start + timedelta(n) for n in range(1, (end - start).days + 1)]
    assert sum(d.weekday() < 5 and d not in ENGLAND for d in between) == days


def test_working_days_skip_easter():
    thursday_before_easter = date(2027, 3, 25)  # Good Friday 26 March, Easter Monday 29 March 2027
    assert working_days.add_working_days(thursday_before_easter, 1) == date(2027, 3, 30)
    assert working_days.add_working_days(thursday_before_easter, 2) == date(2027, 3, 31)


def test_working_days_skip_christmas_boxing_day_and_its_substitute_day():
    # Christmas Day 2026 is a Friday; Boxing Day a Saturday, so Monday 28 December is its substitute.
    christmas_eve = date(2026, 12, 24)
    assert working_days.add_working_days(christmas_eve, 1) == date(2026, 12, 29)
    assert not working_days.is_working_day(date(2026, 12, 28))
    assert working_days.is_working_day(date(2026, 12, 29))


def test_working_days_skip_the_early_may_and_august_bank_holidays():
    assert working_days.add_working_days(date(2027, 4, 30), 1) == date(
        2027, 5, 4
    )  # Friday; 3 May is a holiday
    assert working_days.add_working_days(date(2027, 8, 27), 1) == date(2027, 8, 31)  # Friday; 30 August


def test_working_days_skip_a_one_off_bank_holiday():
    # The coronation of King Charles III: Monday 8 May 2023.
    assert not working_days.is_working_day(date(2023, 5, 8))


def test_scottish_bank_holidays_are_working_days_in_england():
    assert working_days.is_working_day(date(2027, 1, 4))  # 2 January holiday in Scotland, substituted
    assert working_days.is_working_day(date(2027, 8, 2))  # Scotland's summer bank holiday


def test_the_bank_holidays_of_a_year_are_read_once():
    assert working_days.bank_holidays(2026) is working_days.bank_holidays(2026)
    assert date(2026, 12, 25) in working_days.bank_holidays(2026)

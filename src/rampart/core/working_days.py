"""Working days: Monday to Friday and not one of England's bank holidays. Pure; no Django.

Rampart serves NHS England and organisations record no nation, so England's bank holidays (which
Wales shares; Scotland's and Northern Ireland's differ). The `holidays` library keeps the rules,
substitute days and one-off holidays; see docs/decisions/0005-bank-holidays.md. The one calendar
for the duties engine's due dates, disclosure reminders and the chasing of notifications.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import holidays

BANK_HOLIDAY_COUNTRY, BANK_HOLIDAY_SUBDIVISION = "GB", "ENG"


@functools.cache
def bank_holidays(year: int) -> frozenset[date]:
    """England's bank holidays in `year`, substitute days included."""
    return frozenset(
        holidays.country_holidays(BANK_HOLIDAY_COUNTRY, subdiv=BANK_HOLIDAY_SUBDIVISION, years=year)
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (from a weekend, the first is the Monday);
    `start` itself for 0."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day

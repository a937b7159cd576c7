"""When a duty falls due: the same day, or a number of working days after the day its clock starts.

A working day is Monday to Friday and not one of England's bank holidays (the ``holidays``
library, as ``sharing.rules`` uses; see docs/decisions/0005-bank-holidays.md). The duties engine
cannot import ``sharing`` (it sits on a lower layer), so it keeps this small copy of its own.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import holidays

BANK_HOLIDAY_COUNTRY, BANK_HOLIDAY_SUBDIVISION = "GB", "ENG"

# "Without delay", "immediately", "same day": the day the clock starts, weekend or not.
SAME_DAY = 0
# Working Together to Safeguard Children 2023: allegations against people who work with
# children are reported to the Local Authority Designated Officer within one working day.
LADO_WORKING_DAYS = 1
# A criminal allegation with no risk to life and no advice from the risk assessment: no source
# sets a deadline, so Rampart asks for it to be reported by the next working day.
POLICE_WORKING_DAYS = 1
# Where the source says "without delay", "early" or "promptly" but the referral needs an evidence
# bundle (DBS, regulators), or the source gives no deadline at all (commissioner, MDSIPS,
# Postgraduate Dean, ESR, information sharing): five working days, Rampart's documented default.
PROMPT_WORKING_DAYS = 5


@functools.cache
def bank_holidays(year: int) -> frozenset[date]:
    """England's bank holidays in ``year``, substitute days included."""
    return frozenset(
        holidays.country_holidays(BANK_HOLIDAY_COUNTRY, subdiv=BANK_HOLIDAY_SUBDIVISION, years=year)
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start``; ``start`` itself for 0."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def clock_start(*days: date | None) -> date | None:
    """The latest known of the given days: a clock never starts before the concern is known."""
    known = [day for day in days if day is not None]
    return max(known) if known else None


def due(start: date | None, working_days: int) -> date | None:
    """``working_days`` working days after ``start``; ``None`` while the clock has not started."""
    return None if start is None else add_working_days(start, working_days)

"""When a duty falls due: the same day, or a number of working days after the day its clock starts.

A working day is Monday to Friday and not one of England's bank holidays: the one calendar in
``rampart.core.working_days`` (pure, like this engine), which sharing and referrals use too.
"""

from __future__ import annotations

from datetime import date

from rampart.core.working_days import add_working_days, bank_holidays, is_working_day

__all__ = ["add_working_days", "bank_holidays", "clock_start", "due", "is_working_day"]

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


def clock_start(*days: date | None) -> date | None:
    """The latest known of the given days: a clock never starts before the concern is known."""
    known = [day for day in days if day is not None]
    return max(known) if known else None


def due(start: date | None, working_days: int) -> date | None:
    """``working_days`` working days after ``start``; ``None`` while the clock has not started."""
    return None if start is None else add_working_days(start, working_days)

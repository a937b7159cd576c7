"""Statutory duties engine: which referrals and notifications the law and national policy require.

Pure Python with no Django import, so the rules can be read, tested and run on their own::

    from rampart.duties import evaluate
    for duty in evaluate({"concern": {"sexual_dimension": "yes"}}):
        print(duty.code, duty.status, duty.reason)

``docs/duties.md`` describes every rule and its source.
"""

from .duty import DUTY_NAMES, Duty, DutyCode, Status
from .facts import Facts, InvalidFacts, parse_facts
from .rules import RULES, duties_for, evaluate

__all__ = [
    "DUTY_NAMES",
    "RULES",
    "Duty",
    "DutyCode",
    "Facts",
    "InvalidFacts",
    "Status",
    "duties_for",
    "evaluate",
    "parse_facts",
]

"""When does a professional's linked record become a pattern worth a case handler's attention? Pure
Python: the items and "today" are passed in; the numbers come from settings through the caller."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Reason(StrEnum):
    REPEATED = "repeated"
    SIGNAL_WHILE_CASE_OPEN = "signal_while_case_open"
    MORE_THAN_ONE_ORGANISATION = "more_than_one_organisation"


REASON_TEXT = {
    Reason.REPEATED: "Two or more concerns or signals in the period",
    Reason.SIGNAL_WHILE_CASE_OPEN: "A weak signal while a case about them is open",
    Reason.MORE_THAN_ONE_ORGANISATION: "Concerns or signals held by more than one organisation",
}


@dataclass(frozen=True)
class Thresholds:
    window_months: int = 24
    min_items: int = 2

    def __post_init__(self) -> None:
        if self.window_months < 1 or self.min_items < 2:
            raise ValueError("the window is at least 1 month and a pattern at least 2 items")


@dataclass(frozen=True)
class Item:
    kind: str  # "case" or "signal"
    id: int
    organisation: int  # organisation id
    on: date  # when the case was opened or the signal recorded
    open: bool = False  # a case not yet closed


def window_start(today: date, months: int) -> date:
    """The same day `months` months before today (the last day of the month when that day is missing)."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    day = today.day
    while True:
        try:
            return date(year, month + 1, day)
        except ValueError:
            day -= 1


def in_window(items: list[Item], *, today: date, thresholds: Thresholds) -> list[Item]:
    """The items that count now: those in the window, and any case still open however old."""
    start = window_start(today, thresholds.window_months)
    kept = (i for i in items if start <= i.on <= today or (i.kind == "case" and i.open))
    return sorted(kept, key=lambda i: (i.on, i.kind, i.id))


def reasons(items: list[Item], *, today: date, thresholds: Thresholds) -> list[Reason]:
    """Which thresholds the record crosses now (empty when none)."""
    recent = in_window(items, today=today, thresholds=thresholds)
    found = []
    if len(recent) >= thresholds.min_items:
        found.append(Reason.REPEATED)
    open_cases = [i for i in recent if i.kind == "case" and i.open]
    if any(s.kind == "signal" and any(c.on <= s.on for c in open_cases) for s in recent):
        found.append(Reason.SIGNAL_WHILE_CASE_OPEN)
    if len({i.organisation for i in recent}) > 1:
        found.append(Reason.MORE_THAN_ONE_ORGANISATION)
    return found


def items_key(items: list[Item]) -> str:
    """One digest per set of items, whatever their order, so the same set never raises two alerts."""
    text = ",".join(sorted(f"{i.kind}:{i.id}" for i in items))
    return hashlib.sha256(text.encode()).hexdigest()

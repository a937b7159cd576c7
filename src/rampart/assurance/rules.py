"""Assurance rules in plain Python: RAG status against the deadlines, small-number suppression,
simple statistics for evidence, and safe spreadsheet cells. No Django; "today" is a parameter."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

SMALL_NUMBER = 5  # counts from 1 to 4 are never shown


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


@dataclass(frozen=True)
class Deadlines:
    """The primary care dates NHS England set (kept in the framework file, not in code)."""

    contact_by: date  # ICBs contact every provider
    confirm_by: date  # providers have confirmed sign-up and checklist (NHS England review)


@dataclass(frozen=True)
class ProviderProgress:
    charter_signed_on: date | None = None
    checklist_completed_on: date | None = None
    contacted_on: date | None = None


@dataclass(frozen=True)
class RagStatus:
    rag: Rag
    reason: str


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def provider_rag(progress: ProviderProgress, deadlines: Deadlines, *, today: date) -> RagStatus:
    """Red: a deadline has passed with the step not done. Amber: done late, or not yet done and not
    yet due. Green: signed up and checklist completed by the confirmation deadline."""
    signed, checked = progress.charter_signed_on, progress.checklist_completed_on
    if signed and checked:
        finished = max(signed, checked)
        if finished <= deadlines.confirm_by:
            return RagStatus(Rag.GREEN, f"Signed up and checklist completed by {_day(deadlines.confirm_by)}")
        return RagStatus(Rag.AMBER, f"Completed on {_day(finished)}, after {_day(deadlines.confirm_by)}")
    missing = [name for name, done in (("charter sign-up", signed), ("checklist", checked)) if not done]
    if today > deadlines.confirm_by:
        return RagStatus(Rag.RED, f"Not confirmed by {_day(deadlines.confirm_by)}: {' and '.join(missing)}")
    if progress.contacted_on is None and today > deadlines.contact_by:
        return RagStatus(Rag.RED, f"Not contacted by the ICB by {_day(deadlines.contact_by)}")
    return RagStatus(Rag.AMBER, f"Due by {_day(deadlines.confirm_by)}: {' and '.join(missing)}")


@dataclass(frozen=True)
class Figure:
    """A number for an aggregate table: either shown, or suppressed because it is small."""

    value: int | None
    suppressed: bool = False

    def __str__(self) -> str:
        return "fewer than 5" if self.suppressed else str(self.value)


def is_small(n: int) -> bool:
    return 0 < n < SMALL_NUMBER


def suppress_column(values: Sequence[int]) -> list[Figure]:
    """Suppress counts of 1 to 4; if exactly one value in a column is suppressed, also suppress the
    next smallest so it cannot be worked out from the total."""
    hidden = {i for i, v in enumerate(values) if is_small(v)}
    if len(hidden) == 1:
        others = sorted((v, i) for i, v in enumerate(values) if i not in hidden and v > 0)
        if others:
            hidden.add(others[0][1])
    return [Figure(None, True) if i in hidden else Figure(v) for i, v in enumerate(values)]


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int
    suppressed: bool

    @property
    def percent(self) -> int | None:
        if self.suppressed or self.denominator == 0:
            return None
        return round(100 * self.numerator / self.denominator)

    def __str__(self) -> str:
        if self.suppressed:
            return "suppressed (fewer than 5)"
        if self.denominator == 0:
            return "none to count"
        return f"{self.percent}% ({self.numerator} of {self.denominator})"


def share(numerator: int, denominator: int) -> Share:
    """A share is shown only when neither the count with nor the count without is from 1 to 4."""
    if not 0 <= numerator <= denominator:
        raise ValueError(f"share {numerator} of {denominator} is impossible")
    hidden = is_small(denominator) or is_small(numerator) or is_small(denominator - numerator)
    return Share(numerator, denominator, hidden)


def per_thousand(count: int, headcount: int) -> float | None:
    return round(1000 * count / headcount, 1) if headcount > 0 else None


def median_days(durations: Sequence[float]) -> float | None:
    return round(statistics.median(durations), 1) if durations else None


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Stop a spreadsheet treating text as a formula: prefix risky text with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


class ItemStatus(StrEnum):
    NOT_STARTED = "not_started"
    PARTLY_MET = "partly_met"
    MET = "met"
    EXCEEDED = "exceeded"
    NOT_APPLICABLE = "not_applicable"


GAP_STATUSES = frozenset({ItemStatus.NOT_STARTED, ItemStatus.PARTLY_MET})


@dataclass(frozen=True)
class ItemAnswer:
    code: str
    status: ItemStatus
    na_reason: str = ""
    has_action: bool = False


def submission_problems(answers: Sequence[ItemAnswer]) -> list[str]:
    """What stops an assessment being submitted: every item answered, every N/A explained and every
    gap (partly met) given an action plan item."""
    problems: list[str] = []
    for a in answers:
        if a.status == ItemStatus.NOT_STARTED:
            problems.append(f"{a.code}: choose a status")
        elif a.status == ItemStatus.NOT_APPLICABLE and not a.na_reason.strip():
            problems.append(f"{a.code}: say why it does not apply")
        elif a.status == ItemStatus.PARTLY_MET and not a.has_action:
            problems.append(f"{a.code}: add an action to the action plan for this gap")
    return problems


def protect_shares(column: Sequence[Share]) -> list[Share]:
    """Secondary suppression down a column of shares: if exactly one is hidden, hide the shown one
    with the smallest count as well, so the hidden one cannot be worked out from the total."""
    hidden = [i for i, s in enumerate(column) if s.suppressed]
    shown = sorted((s.numerator, i) for i, s in enumerate(column) if not s.suppressed and s.denominator)
    result = list(column)
    if len(hidden) == 1 and shown:
        i = shown[0][1]
        result[i] = Share(column[i].numerator, column[i].denominator, True)
    return result

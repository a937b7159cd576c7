"""Whether training is current, and how to read a training CSV row. Pure, no Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

COLUMNS = ("person_name", "staff_number", "email", "course", "completed_on", "expires_on")


def is_current(completed_on: date, expires_on: date | None, *, on: date) -> bool:
    """Training counts from completion until its expiry date (inclusive); no expiry means it lasts."""
    return completed_on <= on and (expires_on is None or on <= expires_on)


@dataclass(frozen=True)
class Row:
    person_name: str
    staff_number: str
    email: str
    course: str
    completed_on: date
    expires_on: date | None


class RowError(ValueError):
    def __init__(self, line: int, column: str, problem: str) -> None:
        super().__init__(f"line {line}, {column}: {problem}")
        self.line, self.column, self.problem = line, column, problem


def _date(value: str, *, line: int, column: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise RowError(line, column, f"{value!r} is not a date like 2026-03-01") from None


def parse_row(raw: Mapping[str, str | None], *, line: int, courses: frozenset[str]) -> Row:
    def cell(name: str) -> str:
        return (raw.get(name) or "").strip()

    if not cell("person_name"):
        raise RowError(line, "person_name", "is empty")
    if cell("course") not in courses:
        raise RowError(line, "course", f"{cell('course')!r} is not one of {', '.join(sorted(courses))}")
    completed = _date(cell("completed_on"), line=line, column="completed_on")
    expires = _date(cell("expires_on"), line=line, column="expires_on") if cell("expires_on") else None
    if expires is not None and expires < completed:
        raise RowError(line, "expires_on", "is before completed_on")
    return Row(
        cell("person_name")[:200],
        cell("staff_number")[:30],
        cell("email").lower(),
        cell("course"),
        completed,
        expires,
    )

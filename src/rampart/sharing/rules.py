"""Information sharing decisions, in plain Python: what a holding organisation's record about a
professional amounts to (categories, never content), which lawful bases fit which purpose, how a
disclosure moves from request to release, and the cumulative pattern summary. No Django, no clock."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import holidays


class Category(StrEnum):
    ONGOING_INVESTIGATION = "ongoing_investigation"
    FINDING = "finding"
    CUMULATIVE_CONCERN = "cumulative_concern"
    OPEN_CONCERN = "open_concern"


CATEGORY_LABELS = {
    Category.ONGOING_INVESTIGATION: "An ongoing investigation",
    Category.FINDING: "A finding: a concern investigated and upheld",
    Category.CUMULATIVE_CONCERN: "Cumulative concerns: more than one concern, or below-threshold worries",
    Category.OPEN_CONCERN: "A concern being looked into, not yet investigated",
}

# Outcomes that are not a finding against the person.
NO_FINDING_OUTCOMES = frozenset({"no_case_to_answer", ""})


@dataclass(frozen=True)
class CaseFacts:
    """One case in which the professional is the subject, reduced to what sharing decides on."""

    closed: bool
    investigation_started: bool
    investigation_completed: bool
    substantiated: bool | None
    outcome_kind: str = ""


@dataclass(frozen=True)
class HolderRecord:
    cases: tuple[CaseFacts, ...] = ()
    weak_signals: int = 0
    pattern_alerts: int = 0


def _is_finding(case: CaseFacts) -> bool:
    return case.substantiated is True or case.outcome_kind not in NO_FINDING_OUTCOMES


def categories(record: HolderRecord) -> tuple[Category, ...]:
    """What an onboarding check may say an organisation holds, in a fixed order. Empty: nothing to
    report (for example one closed case with no case to answer)."""
    found: set[Category] = set()
    for case in record.cases:
        if case.investigation_started and not case.investigation_completed:
            found.add(Category.ONGOING_INVESTIGATION)
        elif _is_finding(case):
            found.add(Category.FINDING)
        elif not case.closed and not case.investigation_started:
            found.add(Category.OPEN_CONCERN)
    if record.weak_signals or record.pattern_alerts or len(record.cases) >= 2:
        found.add(Category.CUMULATIVE_CONCERN)
    return tuple(c for c in Category if c in found)


class Purpose(StrEnum):
    RECRUITMENT = "recruitment"
    PLACEMENT = "placement"
    HOST = "host"
    REGULATOR = "regulator"


PURPOSE_LABELS = {
    Purpose.RECRUITMENT: "Recruitment: we are offering this person a job",
    Purpose.PLACEMENT: "Placement or rotation: they are coming to us on a rotation or placement",
    Purpose.HOST: "Host organisation: they will work here as a contractor, locum, agency worker or student",
    Purpose.REGULATOR: "Fitness to practise: we are preparing a referral to their regulator",
}


class LawfulBasis(StrEnum):
    LEGAL_OBLIGATION_EMPLOYMENT = "legal_obligation_employment"
    PUBLIC_TASK_EMPLOYMENT = "public_task_employment"
    PUBLIC_TASK_SAFEGUARDING = "public_task_safeguarding"
    PUBLIC_TASK_UNLAWFUL_ACTS = "public_task_unlawful_acts"
    PUBLIC_TASK_REGULATORY = "public_task_regulatory"


BASIS_LABELS = {
    LawfulBasis.LEGAL_OBLIGATION_EMPLOYMENT: (
        "A legal obligation as an employer (UK GDPR Article 6(1)(c)), with employment law "
        "(Article 9(2)(b); Data Protection Act 2018 Schedule 1 paragraph 1)"
    ),
    LawfulBasis.PUBLIC_TASK_EMPLOYMENT: (
        "Our public task (Article 6(1)(e)), with employment law "
        "(Article 9(2)(b); Data Protection Act 2018 Schedule 1 paragraph 1)"
    ),
    LawfulBasis.PUBLIC_TASK_SAFEGUARDING: (
        "Our public task (Article 6(1)(e)), with substantial public interest: safeguarding patients and "
        "people at risk (Article 9(2)(g); Schedule 1 paragraph 18)"
    ),
    LawfulBasis.PUBLIC_TASK_UNLAWFUL_ACTS: (
        "Our public task (Article 6(1)(e)), with substantial public interest: preventing or detecting "
        "unlawful acts (Article 9(2)(g); Schedule 1 paragraph 10)"
    ),
    LawfulBasis.PUBLIC_TASK_REGULATORY: (
        "Our public task (Article 6(1)(e)), with substantial public interest: regulatory requirements "
        "(Article 9(2)(g); Schedule 1 paragraph 12)"
    ),
}

_EMPLOYMENT = (LawfulBasis.LEGAL_OBLIGATION_EMPLOYMENT, LawfulBasis.PUBLIC_TASK_EMPLOYMENT)
_SAFEGUARDING = (LawfulBasis.PUBLIC_TASK_SAFEGUARDING, LawfulBasis.PUBLIC_TASK_UNLAWFUL_ACTS)

# Employment-law conditions need an employment relationship: a host organisation (contractor, locum,
# student) has none with the person, so it relies on safeguarding; a regulator referral on regulatory
# requirements.
ACCEPTABLE_BASES: dict[Purpose, tuple[LawfulBasis, ...]] = {
    Purpose.RECRUITMENT: _EMPLOYMENT + _SAFEGUARDING,
    Purpose.PLACEMENT: _EMPLOYMENT + _SAFEGUARDING,
    Purpose.HOST: _SAFEGUARDING,
    Purpose.REGULATOR: (LawfulBasis.PUBLIC_TASK_REGULATORY, *_SAFEGUARDING),
}


def basis_problem(purpose: Purpose, basis: LawfulBasis) -> str | None:
    """None when the lawful basis fits the purpose; else why not, in words a case handler can act on."""
    if basis in ACCEPTABLE_BASES[purpose]:
        return None
    if basis in _EMPLOYMENT:
        return "Employment law is a lawful basis only when the person is or will be employed by the requester"
    return "This lawful basis does not fit the purpose of the request: choose another"


class Status(StrEnum):
    REQUESTED = "requested"
    PREPARED = "prepared"
    SENT_BACK = "sent_back"
    RELEASED = "released"
    DECLINED = "declined"


STATUS_LABELS = {
    Status.REQUESTED: "Requested: waiting for the holder to prepare",
    Status.PREPARED: "Prepared: waiting for a second case handler to approve",
    Status.SENT_BACK: "Sent back to be changed",
    Status.RELEASED: "Released to the requester",
    Status.DECLINED: "Declined",
}


class Step(StrEnum):
    PREPARE = "prepare"
    APPROVE = "approve"
    SEND_BACK = "send_back"
    DECLINE = "decline"


_FROM: dict[Step, frozenset[Status]] = {
    Step.PREPARE: frozenset({Status.REQUESTED, Status.SENT_BACK}),
    Step.APPROVE: frozenset({Status.PREPARED}),
    Step.SEND_BACK: frozenset({Status.PREPARED}),
    Step.DECLINE: frozenset({Status.REQUESTED, Status.SENT_BACK, Status.PREPARED}),
}

RESULT = {
    Step.PREPARE: Status.PREPARED,
    Step.APPROVE: Status.RELEASED,
    Step.SEND_BACK: Status.SENT_BACK,
    Step.DECLINE: Status.DECLINED,
}


def step_problem(step: Step, status: Status, *, actor_id: int, preparer_id: int | None) -> str | None:
    """None when the step may be taken now by this person; else why not."""
    if status not in _FROM[step]:
        return (
            f"This disclosure is {STATUS_LABELS[status].split(':')[0].lower()}: it cannot be changed that way"
        )
    if step in (Step.APPROVE, Step.SEND_BACK) and actor_id == preparer_id:
        return "A second case handler must review a disclosure: you prepared this one"
    return None


class Told(StrEnum):
    """Whether the person has been told what will be shared about them (transparency, UK GDPR
    Articles 13 and 14), recorded when the disclosure is prepared."""

    TOLD = "told"
    NOT_TOLD = "not_told"


TOLD_LABELS = {
    Told.TOLD: "Yes, we have told them what we will share",
    Told.NOT_TOLD: "No, telling them now would put someone at risk or prejudice an investigation",
}


def told_problem(
    told: str, told_on: date | None, not_told_reason: str, today: date
) -> tuple[str, str] | None:
    """None when what was recorded about telling the person is complete; else (field, message)."""
    if told not in tuple(Told):
        return "person_told", "Say whether you have told the person what you will share"
    if told == Told.TOLD:
        if told_on is None:
            return "person_told_on", "Enter the date you told them"
        if told_on > today:
            return "person_told_on", "The date you told them must be today or in the past"
    elif not not_told_reason.strip():
        return "not_told_reason", "Say why the person has not been told"
    return None


def told_statement(told: str, told_on: date | None) -> str:
    """What the disclosure says to its reader about telling the person ("" if not recorded)."""
    if told == Told.TOLD and told_on is not None:
        return f"We told the person on {told_on:%-d %B %Y} what we are sharing, and asked for their comments."
    if told == Told.NOT_TOLD:
        return (
            "We have not told the person about this disclosure. "
            "Do not tell them about it without speaking to us first."
        )
    return ""


# How long a disclosure may wait on the holder before its case handlers are reminded, in working
# days (Monday to Friday except England's bank holidays, `is_working_day`). Every change of status
# cancels the reminder not yet sent and sets the next one, if any.
REMIND_AFTER_WORKING_DAYS: dict[Status, int] = {
    Status.REQUESTED: 5,  # to prepare (or decline)
    Status.SENT_BACK: 3,  # to prepare again
    Status.PREPARED: 2,  # for a second handler to approve or send back
}


# Rampart serves NHS England and organisations record no nation, so England's bank holidays (which
# Wales shares; Scotland's and Northern Ireland's differ). The `holidays` library keeps the rules,
# substitute days and one-off holidays; see docs/decisions/0005-bank-holidays.md.
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
    """The date `days` working days (Monday to Friday, not a bank holiday) after `start`."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def reminder_due(status: Status, since: date) -> date | None:
    """When to remind the holder's case handlers of a disclosure that has had `status` since
    `since`; None when it waits on nobody at the holder (released or declined)."""
    days = REMIND_AFTER_WORKING_DAYS.get(status)
    return None if days is None else add_working_days(since, days)


@dataclass(frozen=True)
class Concern:
    """One item of the cumulative record: a case or a weak signal, when, and where."""

    kind: str  # "case" or "signal"
    on: date
    organisation: str


def pattern_summary(items: Iterable[Concern]) -> str:
    """Counts and dates, generated from the record so the handler edits rather than retypes."""
    ordered = sorted(items, key=lambda c: c.on)
    if not ordered:
        return "We hold no other concerns or below-threshold worries about this person."
    cases = [c for c in ordered if c.kind == "case"]
    signals = [c for c in ordered if c.kind != "case"]
    parts = []
    if cases:
        parts.append(f"{len(cases)} {'concern' if len(cases) == 1 else 'concerns'} raised with us")
    if signals:
        parts.append(f"{len(signals)} below-threshold {'worry' if len(signals) == 1 else 'worries'} recorded")
    span = f"between {ordered[0].on:%-d %B %Y} and {ordered[-1].on:%-d %B %Y}"
    dates = "; ".join(f"{c.on:%-d %b %Y} ({'concern' if c.kind == 'case' else 'worry'})" for c in ordered)
    return f"{' and '.join(parts)} {span}. Dates: {dates}."


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """Stop a spreadsheet treating a cell as a formula: text starting = + - @ gets an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value

"""Information sharing decisions, in plain Python: what a holding organisation's record about a
professional amounts to (categories, never content), which lawful bases fit which purpose, how a
disclosure moves from request to release, and the cumulative pattern summary. No Django, no clock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rampart.core.working_days import add_working_days


class Category(StrEnum):
    ONGOING_INVESTIGATION = "ongoing_investigation"
    FINDING = "finding"
    PARTLY_UPHELD = "partly_upheld"
    CUMULATIVE_CONCERN = "cumulative_concern"
    OPEN_CONCERN = "open_concern"


CATEGORY_LABELS = {
    Category.ONGOING_INVESTIGATION: "An ongoing investigation",
    Category.FINDING: "A finding: a concern investigated and upheld",
    Category.PARTLY_UPHELD: "A finding: a concern investigated and partly upheld",
    Category.CUMULATIVE_CONCERN: "Cumulative concerns: more than one concern, or below-threshold worries",
    Category.OPEN_CONCERN: "A concern being looked into, not yet investigated",
}

# Outcomes that are not a finding against the person.
NO_FINDING_OUTCOMES = frozenset({"no_case_to_answer", ""})
# The investigation's answer as the cases app records it (`cases.models.Finding`). Partly
# substantiated is its own answer: never reported as "investigated and upheld".
SUBSTANTIATED, PARTLY_SUBSTANTIATED, NOT_SUBSTANTIATED = (
    "substantiated",
    "partly_substantiated",
    "not_substantiated",
)
FINDING_WORDS = {
    SUBSTANTIATED: "upheld",
    PARTLY_SUBSTANTIATED: "partly upheld",
    NOT_SUBSTANTIATED: "not upheld",
}


@dataclass(frozen=True)
class CaseFacts:
    """One case in which the professional is the subject, reduced to what sharing decides on."""

    closed: bool
    investigation_started: bool
    investigation_completed: bool
    substantiated: bool | None
    outcome_kind: str = ""
    finding: str = ""  # `cases.models.Finding`; "" when the investigation has not answered (or before it)


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
        elif case.finding == PARTLY_SUBSTANTIATED:
            found.add(Category.PARTLY_UPHELD)
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
    """The holder's lawful basis under UK GDPR Article 6(1) for disclosing to another organisation.

    No law obliges one employer to tell another about a concern (NHS Employers: "there is no legal duty
    to give references"), so "legal obligation" (Article 6(1)(c)) is not offered: it stays only to name
    what disclosures recorded before issue 16 said. A public body discloses as part of its public task
    (Article 6(1)(e)); legitimate interests (Article 6(1)(f)) is for organisations that are not public
    authorities, which may not rely on it for their tasks (Article 6(1), final subparagraph)."""

    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTERESTS = "legitimate_interests"
    LEGAL_OBLIGATION = "legal_obligation"  # recorded before issue 16; never offered


BASIS_LABELS = {
    LawfulBasis.PUBLIC_TASK: (
        "Public task (UK GDPR Article 6(1)(e)): sharing is necessary for our functions as a public body, "
        "to protect patients and staff"
    ),
    LawfulBasis.LEGITIMATE_INTERESTS: (
        "Legitimate interests (UK GDPR Article 6(1)(f)): protecting patients and staff, weighed against "
        "the person's interests and rights (for an organisation that is not a public authority)"
    ),
    LawfulBasis.LEGAL_OBLIGATION: (
        "Legal obligation (UK GDPR Article 6(1)(c)), as recorded before Rampart stopped offering it"
    ),
}

# Organisation kinds that are public authorities (an NHS trust, an ICB, NHS England; a GP practice
# for its NHS services), kinds that are not (an independent provider), and social care providers,
# which may be either (a council's own service, or a private home).
PUBLIC_BODY_KINDS = frozenset({"national", "region", "icb", "nhs_trust", "primary_care"})
EITHER_KINDS = frozenset({"social_care"})


def bases_for(holder_kind: str) -> tuple[LawfulBasis, ...]:
    """The Article 6 bases the holder of the record can actually rely on."""
    if holder_kind in PUBLIC_BODY_KINDS:
        return (LawfulBasis.PUBLIC_TASK,)
    if holder_kind in EITHER_KINDS:
        return (LawfulBasis.PUBLIC_TASK, LawfulBasis.LEGITIMATE_INTERESTS)
    return (LawfulBasis.LEGITIMATE_INTERESTS,)


def basis_problem(basis: str, *, holder_kind: str) -> str | None:
    """None when the holder can rely on this basis; else why not, in words a case handler can act on."""
    if basis in bases_for(holder_kind):
        return None
    if basis == LawfulBasis.LEGAL_OBLIGATION:
        return (
            "No law obliges this disclosure, so legal obligation is not a lawful basis for it: choose another"
        )
    if basis == LawfulBasis.LEGITIMATE_INTERESTS:
        return "A public body shares as part of its public task, not on legitimate interests"
    if basis == LawfulBasis.PUBLIC_TASK:
        return (
            "An organisation that is not a public authority relies on legitimate interests, not a public task"
        )
    return "Select the lawful basis"


class Condition(StrEnum):
    """The Data Protection Act 2018 Schedule 1 condition for special category data (UK GDPR Article
    9(2)(g), substantial public interest) and criminal offence data (Article 10, section 10(5); for
    criminal offence data paragraph 36 lets a Part 2 condition apply without the substantial public
    interest test). An allegation of a sexual offence is criminal offence data whether or not it was
    proven (section 11(2))."""

    STATUTORY = "sch1_para6"
    UNLAWFUL_ACTS = "sch1_para10"
    PROTECTING_THE_PUBLIC = "sch1_para11"
    REGULATORY = "sch1_para12"
    SAFEGUARDING = "sch1_para18"
    EMPLOYMENT = "sch1_para1"  # recorded before issue 16; never offered (no employment-law duty to share)


CONDITION_LABELS = {
    Condition.STATUTORY: (
        "Statutory and government purposes: a function given to us by an Act of Parliament "
        "(Data Protection Act 2018 Schedule 1 paragraph 6)"
    ),
    Condition.UNLAWFUL_ACTS: "Preventing or detecting unlawful acts (Schedule 1 paragraph 10)",
    Condition.PROTECTING_THE_PUBLIC: (
        "Protecting the public against malpractice, seriously improper conduct, unfitness or incompetence "
        "(Schedule 1 paragraph 11)"
    ),
    Condition.REGULATORY: (
        "Regulatory requirements: helping the requester meet a requirement to establish whether someone "
        "committed an unlawful act or seriously improper conduct, such as the fit and proper person "
        "checks of CQC regulation 19 (Schedule 1 paragraph 12)"
    ),
    Condition.SAFEGUARDING: ("Safeguarding of children and of individuals at risk (Schedule 1 paragraph 18)"),
    Condition.EMPLOYMENT: (
        "Employment, social security and social protection (Schedule 1 paragraph 1), as recorded before "
        "Rampart stopped offering it"
    ),
}


def conditions_for(holder_kind: str) -> tuple[Condition, ...]:
    """The Schedule 1 conditions the holder may rely on: paragraph 6 needs a function conferred by an
    enactment, so only a body with statutory functions."""
    others = (
        Condition.UNLAWFUL_ACTS,
        Condition.PROTECTING_THE_PUBLIC,
        Condition.REGULATORY,
        Condition.SAFEGUARDING,
    )
    return (Condition.STATUTORY, *others) if holder_kind in PUBLIC_BODY_KINDS | EITHER_KINDS else others


def condition_problem(
    special_category: bool | None, condition: str, *, holder_kind: str
) -> tuple[str, str] | None:
    """None when what the disclosure records about special category and criminal offence data is
    complete; else (field, message)."""
    if special_category is None:
        return (
            "special_category",
            "Say whether the disclosure includes special category or criminal offence data",
        )
    if not special_category:
        return None
    if not condition:
        return "condition", "Select the Data Protection Act 2018 Schedule 1 condition you rely on"
    if condition not in conditions_for(holder_kind):
        return "condition", "You cannot rely on this condition: select another"
    return None


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


# Working days are `rampart.core.working_days` (England's bank holidays; docs/decisions/0005).


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

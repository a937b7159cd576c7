"""The case workflow as a state machine: which steps are allowed, and what must be true first.

Pure Python, no Django: views, the API and services all ask `check(step, facts)`. The steps follow
NHS England's national sexual misconduct policy framework: screen every concern for a sexual
dimension; take a case with a sexual component to the review group (with its checklist complete)
before an investigation; use only specially trained investigators; assess risk and offer support to
every party; record the outcome; close only when nothing is left undone; reopen with a reason.

Two guards may be overridden by a decision recorded with a reason (who, when, why: `OVERRIDES`):
an outcome for a case with a sexual dimension before the review group has decided, and closing while
a required referral is neither made nor declined with a reason. Nothing else is overridable: an
overdue interim measure is reviewed or ended, never waved through.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class State(StrEnum):
    NEW = "new"
    TRIAGED = "triaged"
    AWAITING_REVIEW_GROUP = "awaiting_review_group"
    REVIEWED = "reviewed"
    UNDER_INVESTIGATION = "under_investigation"
    OUTCOME_RECORDED = "outcome_recorded"
    CLOSED = "closed"


STATE_LABELS = {
    State.NEW: "New",
    State.TRIAGED: "Triaged",
    State.AWAITING_REVIEW_GROUP: "Awaiting review group",
    State.REVIEWED: "Reviewed by review group",
    State.UNDER_INVESTIGATION: "Under investigation",
    State.OUTCOME_RECORDED: "Outcome recorded",
    State.CLOSED: "Closed",
}


class Step(StrEnum):
    TRIAGE = "triage"
    REFER_TO_REVIEW_GROUP = "refer_to_review_group"
    RECORD_REVIEW_DECISION = "record_review_decision"
    START_INVESTIGATION = "start_investigation"
    RECORD_OUTCOME = "record_outcome"
    CLOSE = "close"
    REOPEN = "reopen"


# Where each step may start from, and where it leads.
TRANSITIONS: dict[Step, tuple[frozenset[State], State]] = {
    Step.TRIAGE: (frozenset({State.NEW}), State.TRIAGED),
    Step.REFER_TO_REVIEW_GROUP: (frozenset({State.TRIAGED}), State.AWAITING_REVIEW_GROUP),
    Step.RECORD_REVIEW_DECISION: (frozenset({State.AWAITING_REVIEW_GROUP}), State.REVIEWED),
    Step.START_INVESTIGATION: (frozenset({State.TRIAGED, State.REVIEWED}), State.UNDER_INVESTIGATION),
    Step.RECORD_OUTCOME: (
        frozenset({State.TRIAGED, State.REVIEWED, State.UNDER_INVESTIGATION}),
        State.OUTCOME_RECORDED,
    ),
    Step.CLOSE: (frozenset({State.OUTCOME_RECORDED}), State.CLOSED),
    Step.REOPEN: (frozenset({State.CLOSED}), State.TRIAGED),
}

REVIEW_CHECKLIST = {
    "risk_assessed_all_parties": "Risk assessed for every party",
    "support_offered_all_parties": "Support offered to every party, including the person accused",
    "police_considered": "Police involvement considered",
    "safeguarding_considered": "Safeguarding referral considered",
    "interim_measures_considered": "Interim measures considered",
    "regulator_and_dbs_considered": "Professional regulator and DBS duties considered",
    "investigator_chosen": "A specially trained investigator chosen (or no investigation needed)",
}

# The checklist items Rampart checks from what the case records, never ticked by hand.
CHECKED_FROM_DATA = ("risk_assessed_all_parties", "support_offered_all_parties", "police_considered")

# The steps whose overridable guards a recorded decision with a reason lifts, and what it is called.
OVERRIDES: dict[Step, str] = {
    Step.RECORD_OUTCOME: "Record the outcome without the review group's decision",
    Step.CLOSE: "Close with required referrals neither made nor declined",
}


@dataclass(frozen=True)
class CaseFacts:
    """What the guards need to know about a case, gathered by the caller."""

    state: State
    sexual_dimension: str = "unknown"  # yes | possible | no | unknown
    parties: int = 0
    parties_without_risk_assessment: int = 0
    parties_without_support_offer: int = 0
    review_checklist: frozenset[str] = field(default_factory=frozenset)
    trained_investigator_assigned: bool = False
    investigation_started: bool = False
    findings_recorded: bool = False
    outcome_recorded: bool = False
    open_interim_measures_overdue: int = 0
    reason_given: bool = False
    review_group_decided: bool = False
    # A police liaison record, or a recorded decision not to involve the police.
    police_considered: bool = False
    # Why the case may not close yet, from the apps above cases (`cases.hooks.closure_blockers`):
    # required referrals neither made nor declined with a reason.
    closure_blockers: tuple[str, ...] = ()
    # Steps whose overridable guards a decision with a reason has lifted (since the case last reopened).
    overridden: frozenset[Step] = field(default_factory=frozenset)


def may_have_sexual_dimension(facts: CaseFacts) -> bool:
    """'Possible' and 'unknown' count: the framework asks organisations to consider it when not obvious."""
    return facts.sexual_dimension in ("yes", "possible", "unknown")


@dataclass(frozen=True)
class ChecklistItem:
    """One review group checklist item checked from the case's data: met or not, and why."""

    key: str
    label: str
    met: bool
    why: str


def checked_from_data(facts: CaseFacts) -> list[ChecklistItem]:
    """The checklist items Rampart can check itself, each with the reason it is met or not."""
    nobody = facts.parties == 0
    risk = facts.parties_without_risk_assessment
    support = facts.parties_without_support_offer
    answers = {
        "risk_assessed_all_parties": (
            not nobody and not risk,
            "Nobody involved is recorded yet"
            if nobody
            else f"{risk} of {facts.parties} people involved have no risk assessment"
            if risk
            else f"All {facts.parties} people involved have a risk assessment",
        ),
        "support_offered_all_parties": (
            not nobody and not support,
            "Nobody involved is recorded yet"
            if nobody
            else f"{support} of {facts.parties} people involved have no support offer recorded"
            if support
            else f"All {facts.parties} people involved have a support offer recorded",
        ),
        "police_considered": (
            facts.police_considered,
            "Police liaison recorded, or a decision not to involve the police"
            if facts.police_considered
            else "No police liaison and no recorded decision not to involve the police",
        ),
    }
    return [
        ChecklistItem(key, REVIEW_CHECKLIST[key], met, why)
        for key in CHECKED_FROM_DATA
        for met, why in [answers[key]]
    ]


def _guards(step: Step, facts: CaseFacts) -> list[tuple[str, bool]]:
    """Reasons the step cannot happen yet, in plain words (empty when it may), each saying whether a
    recorded override lifts it."""
    problems: list[str] = []
    overridable: list[str] = []
    lifted = step in facts.overridden
    if step is Step.TRIAGE and facts.sexual_dimension == "unknown":
        problems.append("Screen the concern for a sexual dimension (yes, possible or no)")
    if step is Step.RECORD_REVIEW_DECISION:
        problems += [
            f"Review group checklist: {item.label} ({item.why})"
            for item in checked_from_data(facts)
            if not item.met
        ]
        missing = [
            label
            for key, label in REVIEW_CHECKLIST.items()
            if key not in CHECKED_FROM_DATA and key not in facts.review_checklist
        ]
        problems += [f"Review group checklist: {label}" for label in missing]
    if step is Step.START_INVESTIGATION:
        if facts.state is State.TRIAGED and may_have_sexual_dimension(facts):
            problems.append("A case that may have a sexual dimension goes to the review group first")
        if not facts.trained_investigator_assigned:
            problems.append("Assign a specially trained investigator (or a named independent investigator)")
    if step is Step.RECORD_OUTCOME:
        if facts.investigation_started and not facts.findings_recorded:
            problems.append("Record the investigation's findings first")
        sexual = facts.sexual_dimension in ("yes", "possible")
        if sexual and not facts.review_group_decided and not lifted:
            overridable.append(
                "A case with a sexual dimension needs the review group's decision before its outcome, "
                "or an override recorded with a reason"
            )
    if step is Step.CLOSE:
        if facts.parties == 0:
            problems.append("Add the people involved")
        if facts.parties_without_risk_assessment:
            problems.append(
                f"{facts.parties_without_risk_assessment} party or parties have no risk assessment"
            )
        if facts.parties_without_support_offer:
            problems.append(
                f"{facts.parties_without_support_offer} party or parties have no support offer recorded"
            )
        if facts.open_interim_measures_overdue:
            problems.append(OVERDUE_MEASURES)
        if not lifted:
            overridable += list(facts.closure_blockers)
    if step is Step.REOPEN and not facts.reason_given:
        problems.append("Give a reason for reopening the case")
    return [(r, False) for r in problems] + [(r, True) for r in overridable]


# The refusal a page links to the measures to review (cases/detail.html, cases/action.html).
OVERDUE_MEASURES = "Review or end the interim measures that are overdue"


@dataclass(frozen=True)
class Check:
    allowed: bool
    to: State | None
    reasons: tuple[str, ...]
    # Refused only for reasons a decision recorded with a reason may override (`OVERRIDES`).
    overridable: bool = False


def check(step: Step, facts: CaseFacts) -> Check:
    """May this step happen now? If not, every reason why."""
    sources, target = TRANSITIONS[step]
    if facts.state not in sources:
        return Check(
            False, None, (f"This cannot be done while the case is {STATE_LABELS[facts.state].lower()}",)
        )
    guards = _guards(step, facts)
    reasons = tuple(reason for reason, _ in guards)
    overridable = bool(guards) and all(lifts for _, lifts in guards)
    return Check(not reasons, target if not reasons else None, reasons, overridable)


def available_steps(facts: CaseFacts) -> list[Step]:
    """Steps whose starting state matches, whether or not their guards are met yet."""
    return [step for step, (sources, _) in TRANSITIONS.items() if facts.state in sources]

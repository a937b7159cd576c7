"""The case workflow as a state machine: which steps are allowed, and what must be true first.

Pure Python, no Django: views, the API and services all ask `check(step, facts)`. The steps follow
NHS England's national sexual misconduct policy framework: screen every concern for a sexual
dimension; take a case with a sexual component to the review group (with its checklist complete)
before an investigation; use only specially trained investigators; assess risk and offer support to
every party; record the outcome; close only when nothing is left undone; reopen with a reason.
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


def may_have_sexual_dimension(facts: CaseFacts) -> bool:
    """'Possible' and 'unknown' count: the framework asks organisations to consider it when not obvious."""
    return facts.sexual_dimension in ("yes", "possible", "unknown")


def _guards(step: Step, facts: CaseFacts) -> list[str]:
    """Reasons the step cannot happen yet, in plain words (empty when it may)."""
    problems: list[str] = []
    if step is Step.TRIAGE and facts.sexual_dimension == "unknown":
        problems.append("Screen the concern for a sexual dimension (yes, possible or no)")
    if step is Step.RECORD_REVIEW_DECISION:
        missing = [label for key, label in REVIEW_CHECKLIST.items() if key not in facts.review_checklist]
        problems += [f"Review group checklist: {label}" for label in missing]
    if step is Step.START_INVESTIGATION:
        if facts.state is State.TRIAGED and may_have_sexual_dimension(facts):
            problems.append("A case that may have a sexual dimension goes to the review group first")
        if not facts.trained_investigator_assigned:
            problems.append("Assign a specially trained investigator (or a named independent investigator)")
    if step is Step.RECORD_OUTCOME and facts.investigation_started and not facts.findings_recorded:
        problems.append("Record the investigation's findings first")
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
            problems.append("Review or end the interim measures that are overdue")
    if step is Step.REOPEN and not facts.reason_given:
        problems.append("Give a reason for reopening the case")
    return problems


@dataclass(frozen=True)
class Check:
    allowed: bool
    to: State | None
    reasons: tuple[str, ...]


def check(step: Step, facts: CaseFacts) -> Check:
    """May this step happen now? If not, every reason why."""
    sources, target = TRANSITIONS[step]
    if facts.state not in sources:
        return Check(
            False, None, (f"This cannot be done while the case is {STATE_LABELS[facts.state].lower()}",)
        )
    reasons = tuple(_guards(step, facts))
    return Check(not reasons, target if not reasons else None, reasons)


def available_steps(facts: CaseFacts) -> list[Step]:
    """Steps whose starting state matches, whether or not their guards are met yet."""
    return [step for step, (sources, _) in TRANSITIONS.items() if facts.state in sources]

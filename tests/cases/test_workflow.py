"""The case state machine: allowed steps, guards, and that no sequence reaches an illegal state."""

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from rampart.cases.workflow import (
    REVIEW_CHECKLIST,
    TRANSITIONS,
    CaseFacts,
    State,
    Step,
    available_steps,
    check,
)

COMPLETE = frozenset(REVIEW_CHECKLIST)


def test_triage_needs_the_sexual_dimension_screened():
    assert not check(Step.TRIAGE, CaseFacts(State.NEW)).allowed
    assert check(Step.TRIAGE, CaseFacts(State.NEW, sexual_dimension="no")).to is State.TRIAGED


def test_a_possible_sexual_dimension_goes_to_the_review_group_before_investigation():
    facts = CaseFacts(State.TRIAGED, sexual_dimension="possible", trained_investigator_assigned=True)
    verdict = check(Step.START_INVESTIGATION, facts)
    assert not verdict.allowed
    assert "review group first" in verdict.reasons[0]
    no_sexual = CaseFacts(State.TRIAGED, sexual_dimension="no", trained_investigator_assigned=True)
    assert check(Step.START_INVESTIGATION, no_sexual).allowed


def test_review_decision_needs_every_checklist_item():
    partial = CaseFacts(State.AWAITING_REVIEW_GROUP, review_checklist=frozenset({"police_considered"}))
    verdict = check(Step.RECORD_REVIEW_DECISION, partial)
    assert len(verdict.reasons) == len(REVIEW_CHECKLIST) - 1
    assert check(
        Step.RECORD_REVIEW_DECISION, CaseFacts(State.AWAITING_REVIEW_GROUP, review_checklist=COMPLETE)
    ).allowed


def test_investigation_needs_a_trained_investigator():
    verdict = check(Step.START_INVESTIGATION, CaseFacts(State.REVIEWED, sexual_dimension="yes"))
    assert verdict.reasons == (
        "Assign a specially trained investigator (or a named independent investigator)",
    )


def test_outcome_after_an_investigation_needs_findings():
    facts = CaseFacts(State.UNDER_INVESTIGATION, investigation_started=True)
    assert not check(Step.RECORD_OUTCOME, facts).allowed
    assert check(
        Step.RECORD_OUTCOME,
        CaseFacts(State.UNDER_INVESTIGATION, investigation_started=True, findings_recorded=True),
    ).allowed


def test_closing_needs_every_party_assessed_and_supported_and_no_overdue_measure():
    facts = CaseFacts(
        State.OUTCOME_RECORDED,
        parties=3,
        parties_without_risk_assessment=1,
        parties_without_support_offer=2,
        open_interim_measures_overdue=1,
    )
    assert len(check(Step.CLOSE, facts).reasons) == 3
    assert "Add the people involved" in check(Step.CLOSE, CaseFacts(State.OUTCOME_RECORDED)).reasons
    assert check(Step.CLOSE, CaseFacts(State.OUTCOME_RECORDED, parties=2)).to is State.CLOSED


def test_reopening_needs_a_reason():
    assert not check(Step.REOPEN, CaseFacts(State.CLOSED)).allowed
    assert check(Step.REOPEN, CaseFacts(State.CLOSED, reason_given=True)).to is State.TRIAGED


def test_a_step_from_the_wrong_state_is_refused_with_the_state_named():
    verdict = check(Step.CLOSE, CaseFacts(State.NEW))
    assert verdict.reasons == ("This cannot be done while the case is new",)


def test_available_steps_follow_the_state():
    assert available_steps(CaseFacts(State.NEW)) == [Step.TRIAGE]
    assert Step.REOPEN in available_steps(CaseFacts(State.CLOSED))


facts_strategy = st.builds(
    CaseFacts,
    state=st.just(State.NEW),
    sexual_dimension=st.sampled_from(["yes", "possible", "no", "unknown"]),
    parties=st.integers(0, 3),
    parties_without_risk_assessment=st.integers(0, 1),
    parties_without_support_offer=st.integers(0, 1),
    review_checklist=st.sampled_from([frozenset(), COMPLETE]),
    trained_investigator_assigned=st.booleans(),
    investigation_started=st.booleans(),
    findings_recorded=st.booleans(),
    reason_given=st.booleans(),
)


@given(facts_strategy, st.lists(st.sampled_from(list(Step)), max_size=12))
def test_no_sequence_of_steps_reaches_an_illegal_state(facts, steps):
    state = State.NEW
    history = [state]
    for step in steps:
        verdict = check(step, CaseFacts(**{**facts.__dict__, "state": state}))
        if verdict.allowed:
            sources, target = TRANSITIONS[step]
            assert state in sources
            assert verdict.to is target
            state = target
            history.append(state)
    # Never investigated a possibly-sexual case without the review group.
    for before, after in pairwise(history):
        if after is State.UNDER_INVESTIGATION and facts.sexual_dimension != "no":
            assert before is State.REVIEWED
        if after is State.CLOSED:
            assert facts.parties
            assert not facts.parties_without_risk_assessment

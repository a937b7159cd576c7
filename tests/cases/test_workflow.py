"""The case state machine: allowed steps, guards, and that no sequence reaches an illegal state."""

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from rampart.cases.workflow import (
    CHECKED_FROM_DATA,
    OVERDUE_MEASURES,
    REVIEW_CHECKLIST,
    TRANSITIONS,
    CaseFacts,
    State,
    Step,
    available_steps,
    check,
    checked_from_data,
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


# Everyone assessed and supported and the police considered: what Rampart checks from the data.
CHECKED = {"parties": 2, "police_considered": True}


def test_review_decision_needs_every_checklist_item():
    partial = CaseFacts(
        State.AWAITING_REVIEW_GROUP, review_checklist=frozenset({"safeguarding_considered"}), **CHECKED
    )
    verdict = check(Step.RECORD_REVIEW_DECISION, partial)
    assert len(verdict.reasons) == len(REVIEW_CHECKLIST) - len(CHECKED_FROM_DATA) - 1
    assert not verdict.overridable
    assert check(
        Step.RECORD_REVIEW_DECISION,
        CaseFacts(State.AWAITING_REVIEW_GROUP, review_checklist=COMPLETE, **CHECKED),
    ).allowed


def test_the_checklist_items_rampart_can_check_are_checked_from_the_data_not_ticked():
    # Ticked by hand, but nobody is recorded and the police were not considered: refused.
    ticked = CaseFacts(State.AWAITING_REVIEW_GROUP, review_checklist=COMPLETE)
    reasons = check(Step.RECORD_REVIEW_DECISION, ticked).reasons
    assert reasons == (
        "Review group checklist: Risk assessed for every party (Nobody involved is recorded yet)",
        "Review group checklist: Support offered to every party, including the person accused "
        "(Nobody involved is recorded yet)",
        "Review group checklist: Police involvement considered (No police liaison and no recorded "
        "decision not to involve the police)",
    )
    missing = CaseFacts(
        State.AWAITING_REVIEW_GROUP,
        parties=3,
        parties_without_risk_assessment=1,
        parties_without_support_offer=2,
        police_considered=True,
    )
    items = {item.key: item for item in checked_from_data(missing)}
    assert not items["risk_assessed_all_parties"].met
    assert items["risk_assessed_all_parties"].why == "1 of 3 people involved have no risk assessment"
    assert items["support_offered_all_parties"].why == "2 of 3 people involved have no support offer recorded"
    assert items["police_considered"].met
    done = {item.key: item for item in checked_from_data(CaseFacts(State.REVIEWED, **CHECKED))}
    assert all(item.met for item in done.values())
    assert done["risk_assessed_all_parties"].why == "All 2 people involved have a risk assessment"
    assert done["support_offered_all_parties"].why == "All 2 people involved have a support offer recorded"
    assert done["police_considered"].why.startswith("Police liaison recorded")


def test_an_outcome_for_a_sexual_dimension_needs_the_review_group_or_an_override():
    for dimension in ("yes", "possible"):
        facts = CaseFacts(State.TRIAGED, sexual_dimension=dimension)
        verdict = check(Step.RECORD_OUTCOME, facts)
        assert not verdict.allowed
        assert verdict.overridable
        assert "review group's decision before its outcome" in verdict.reasons[0]
        overridden = CaseFacts(
            State.TRIAGED, sexual_dimension=dimension, overridden=frozenset({Step.RECORD_OUTCOME})
        )
        assert check(Step.RECORD_OUTCOME, overridden).to is State.OUTCOME_RECORDED
    decided = CaseFacts(State.REVIEWED, sexual_dimension="yes", review_group_decided=True)
    assert check(Step.RECORD_OUTCOME, decided).allowed
    assert check(Step.RECORD_OUTCOME, CaseFacts(State.TRIAGED, sexual_dimension="no")).allowed


def test_an_override_lifts_only_the_guards_it_names():
    # Findings missing as well: the override lifts the review group guard, not that one.
    facts = CaseFacts(
        State.UNDER_INVESTIGATION,
        sexual_dimension="yes",
        investigation_started=True,
        overridden=frozenset({Step.RECORD_OUTCOME}),
    )
    verdict = check(Step.RECORD_OUTCOME, facts)
    assert verdict.reasons == ("Record the investigation's findings first",)
    assert not verdict.overridable


def test_closing_needs_every_required_referral_made_or_an_override():
    blocked = CaseFacts(State.OUTCOME_RECORDED, parties=1, closure_blockers=("DBS referral to do",))
    verdict = check(Step.CLOSE, blocked)
    assert verdict.reasons == ("DBS referral to do",)
    assert verdict.overridable
    lifted = CaseFacts(**{**blocked.__dict__, "overridden": frozenset({Step.CLOSE})})
    assert check(Step.CLOSE, lifted).to is State.CLOSED
    # An overdue measure is reviewed or ended, never overridden.
    overdue = CaseFacts(**{**lifted.__dict__, "open_interim_measures_overdue": 1})
    verdict = check(Step.CLOSE, overdue)
    assert verdict.reasons == (OVERDUE_MEASURES,)
    assert not verdict.overridable


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


OVERRIDES_ALL = (Step.RECORD_OUTCOME, Step.CLOSE)

facts_strategy = st.builds(
    CaseFacts,
    state=st.just(State.NEW),
    sexual_dimension=st.sampled_from(["yes", "possible", "no", "unknown"]),
    parties=st.integers(0, 3),
    parties_without_risk_assessment=st.integers(0, 1),
    parties_without_support_offer=st.integers(0, 1),
    review_checklist=st.sampled_from([frozenset(), COMPLETE]),
    police_considered=st.booleans(),
    closure_blockers=st.sampled_from([(), ("A required referral is to do",)]),
    overridden=st.sampled_from([frozenset(), frozenset({Step.CLOSE}), frozenset(OVERRIDES_ALL)]),
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
            assert not facts.closure_blockers or Step.CLOSE in facts.overridden
        # An outcome for a sexual dimension only after the review group, or overridden.
        if after is State.OUTCOME_RECORDED and facts.sexual_dimension in ("yes", "possible"):
            assert State.REVIEWED in history or Step.RECORD_OUTCOME in facts.overridden

"""The factories' state traits make the rows the services would: the same workflow facts, transitions
and versions as a case driven through `cases.services`, the same status history as a report or a
referral changed through their services."""

from __future__ import annotations

from datetime import time
from itertools import pairwise

import pytest
from django.utils import timezone

from rampart.cases import selectors, services, workflow
from rampart.cases.models import Case, CaseTeamMember
from rampart.referrals import services as referrals
from rampart.reporting import services as reporting
from rampart.reporting.journey import UK
from tests.factories import (
    PATH,
    CaseFactory,
    EvidenceTickFactory,
    InterimMeasureFactory,
    InterviewFactory,
    MessageFactory,
    PoliceLiaisonFactory,
    ReferralFactory,
    ReportFactory,
    ReviewGroupMeetingFactory,
    ReviewGroupMemberFactory,
)

pytestmark = pytest.mark.django_db
State, Step = workflow.State, workflow.Step
TRAITS = {
    None: State.NEW,
    "triaged": State.TRIAGED,
    "referred": State.AWAITING_REVIEW_GROUP,
    "reviewed": State.REVIEWED,
    "investigating": State.UNDER_INVESTIGATION,
    "outcome_recorded": State.OUTCOME_RECORDED,
    "closed": State.CLOSED,
}


def made(trait: str | None, **kwargs) -> Case:
    return CaseFactory(**({trait: True} if trait else {}), **kwargs)


def handler_of(case: Case):
    return CaseTeamMember.objects.get(case=case, role="handler").user


def test_a_new_case_has_no_named_handler_until_one_is_given(alice):
    assert not CaseFactory().team.exists()
    assert handler_of(CaseFactory(handler=alice)) == alice


def shape(case: Case) -> dict:
    """What the workflow and the optimistic lock see of a case."""
    case = Case.objects.get(pk=case.pk)
    return {
        "state": case.state,
        "version": case.version,
        "facts": selectors.facts_for(case),
        "transitions": list(case.transitions.values_list("step", "from_state", "to_state")),
        "team": sorted(case.team.values_list("role", flat=True)),
    }


@pytest.mark.parametrize(("trait", "state"), TRAITS.items(), ids=[str(t) for t in TRAITS])
def test_each_trait_gives_a_case_the_workflow_sees_in_that_state(trait, state):
    facts = selectors.facts_for(made(trait))
    assert facts.state is state
    assert workflow.available_steps(facts) == [
        step for step, (sources, _) in workflow.TRANSITIONS.items() if state in sources
    ]


@pytest.mark.parametrize("trait", TRAITS, ids=[str(t) for t in TRAITS])
def test_each_trait_records_one_transition_per_step_in_time_order(trait):
    case = made(trait)
    transitions = list(case.transitions.all())
    assert [t.to_state for t in transitions] == list(PATH[: len(transitions)])
    assert transitions[-1].to_state == case.state
    for before, after in pairwise(transitions):
        assert after.from_state == before.to_state
        assert workflow.TRANSITIONS[Step(after.step)] == (
            workflow.TRANSITIONS[Step(after.step)][0],
            State(after.to_state),
        )
        assert State(after.from_state) in workflow.TRANSITIONS[Step(after.step)][0]
        assert before.at < after.at <= timezone.now()
    assert {t.actor for t in transitions} == {handler_of(case) if trait else None}


def test_a_triaged_case_may_go_to_the_review_group_but_not_straight_to_investigation():
    facts = selectors.facts_for(CaseFactory(triaged=True))
    assert workflow.check(Step.REFER_TO_REVIEW_GROUP, facts).allowed
    assert "review group first" in " ".join(workflow.check(Step.START_INVESTIGATION, facts).reasons)


def test_a_reviewed_case_lacks_only_an_investigator_to_start_the_investigation():
    facts = selectors.facts_for(CaseFactory(reviewed=True))
    assert facts.review_checklist == frozenset(workflow.REVIEW_CHECKLIST)
    assert workflow.check(Step.START_INVESTIGATION, facts).reasons == (
        "Assign a specially trained investigator (or a named independent investigator)",
    )


def test_an_investigating_case_needs_its_findings_before_the_outcome():
    facts = selectors.facts_for(CaseFactory(investigating=True))
    assert facts.trained_investigator_assigned
    assert facts.investigation_started
    assert workflow.check(Step.RECORD_OUTCOME, facts).reasons == (
        "Record the investigation's findings first",
    )


def test_a_case_with_its_outcome_may_close_once_its_people_are_assessed_and_supported():
    alone = selectors.facts_for(CaseFactory(outcome_recorded=True, parties=0))
    with_people = selectors.facts_for(CaseFactory(outcome_recorded=True, parties=2))
    assert workflow.check(Step.CLOSE, alone).reasons == ("Add the people involved",)
    assert with_people.parties == 2
    assert workflow.check(Step.CLOSE, with_people).allowed


def test_a_closed_case_would_have_been_allowed_to_close_and_reopens_with_a_reason():
    facts = selectors.facts_for(CaseFactory(closed=True))
    assert facts.outcome_recorded
    assert facts.findings_recorded
    assert facts.parties == 1
    before_closing = workflow.CaseFacts(**{**facts.__dict__, "state": State.OUTCOME_RECORDED})
    assert workflow.check(Step.CLOSE, before_closing).allowed
    assert not workflow.check(Step.REOPEN, facts).allowed
    assert workflow.check(Step.REOPEN, workflow.CaseFacts(**{**facts.__dict__, "reason_given": True})).allowed


def test_the_traits_match_a_case_driven_through_the_services(orgs, alice, reviewer):
    """Drive one case through the services; at each state it must look as the trait's case does."""
    case = services.open_case(actor=alice, organisation=orgs["trust_a"], summary="Touching on nights")
    stages = {"new": shape(case)}
    services.triage(
        actor=alice,
        case=case,
        version=None,
        sexual_dimension="yes",
        screening_notes="Touching",
        immediate_actions="",
        priority="urgent",
        criminal_allegation=False,
    )
    stages["triaged"] = shape(case)
    services.refer_to_review_group(actor=alice, case=case, version=None)
    stages["referred"] = shape(case)
    # What the review group's checklist checks from the data: everyone assessed and supported, and
    # the police considered.
    party = services.add_party(
        actor=alice,
        case=case,
        version=None,
        role="subject",
        person=services.PersonDetails(kind="staff", name="Dr B"),
    )
    services.record_risk_assessment(
        actor=alice,
        case=case,
        version=None,
        party=party,
        risks=["patients"],
        details="",
        mitigations="",
        contact_police=False,
        review_on=timezone.localdate().replace(year=timezone.localdate().year + 1),
    )
    services.record_support_offer(
        actor=alice,
        case=case,
        version=None,
        party=party,
        kind="ftsu",
        status="offered",
        offered_on=timezone.localdate(),
        follow_up_on=None,
        notes="",
    )
    services.record_decision(
        actor=alice, case=case, version=None, kind="police_not_involved", reason="Not wanted"
    )
    services.record_review_decision(
        actor=reviewer,
        case=case,
        version=None,
        checklist=list(workflow.REVIEW_CHECKLIST),
        decision="Investigate",
        decided_on=timezone.localdate(),
    )
    stages["reviewed"] = shape(case)
    services.assign_investigation(
        actor=alice,
        case=case,
        version=None,
        terms_of_reference="ToR",
        investigators=[],
        independent_investigator="Dr Ines Independent (external)",
    )
    stages["investigating"] = shape(case)
    services.record_findings(actor=alice, case=case, version=None, findings="Found", finding="substantiated")
    services.record_outcome(
        actor=alice,
        case=case,
        version=None,
        kind="written_warning",
        removed_from_regulated_activity=False,
        left_before_removal=False,
        lessons_learned="",
    )
    # Closing needs every required referral made or declined with a reason (the factory makes none).
    from rampart.referrals.models import Referral

    for record in Referral.objects.filter(case=case, duty_status="required", indicated=True):
        referrals.change_status(
            actor=alice,
            referral=record,
            version=record.version,
            status="not_needed",
            sent_on=None,
            recipient_reference="",
            reason="Done outside Rampart",
        )
    stages["outcome_recorded"] = shape(case)
    services.close(actor=alice, case=case, version=None)
    stages["closed"] = shape(case)

    reviewed = ("reviewed", "investigating", "outcome_recorded", "closed")
    for trait, expected in stages.items():
        # From the review on, the person the checklist checks was assessed and supported.
        people = {"parties": 1} if trait in reviewed else {}
        factory_made = shape(made(None if trait == "new" else trait, handler=alice, **people))
        assert factory_made == expected, trait


def test_a_report_is_received_as_submitted():
    submitted = reporting.submit_report(
        {
            "organisation": ReportFactory().organisation.ods_code,
            "anonymity": "confidential",
            "about": "staff",
            "affected": "me",
            "what_happened": "x",
            "still_happening": "no",
            "reporter_name": "Sam",
            "reporter_email": "sam@example.com",
        }
    ).report
    report = ReportFactory(confidential=True)
    assert list(report.status_changes.values_list("status", flat=True)) == list(
        submitted.status_changes.values_list("status", flat=True)
    )
    assert report.status == submitted.status == "received"


def test_an_anonymous_report_keeps_no_identity_and_only_its_day():
    report = ReportFactory(anonymous=True)
    assert (report.reporter_name, report.reporter_email, report.reporter_phone) == ("", "", "")
    assert report.received_at.astimezone(UK).time() == time(0)


def test_a_confidential_report_keeps_who_sent_it_and_its_time():
    report = ReportFactory(confidential=True)
    assert report.anonymity == "confidential"
    assert report.reporter_name
    assert report.reporter_email
    assert report.keeps_time_of_day


@pytest.mark.parametrize(
    ("trait", "statuses"),
    [
        (None, ["to_do"]),
        ("sent", ["to_do", "sent"]),
        ("acknowledged", ["to_do", "sent", "acknowledged"]),
        ("not_needed", ["to_do", "not_needed"]),
    ],
)
def test_each_referral_trait_has_the_status_history_that_leads_to_it(trait, statuses):
    referral = ReferralFactory(**({trait: True} if trait else {}))
    changes = list(referral.changes.all())
    assert [c.to_status for c in changes] == statuses
    assert [c.from_status for c in changes] == ["", *statuses[:-1]]
    assert referral.status == statuses[-1]
    assert (referral.sent_on is not None) == (trait in ("sent", "acknowledged"))


def test_a_sent_referral_matches_one_marked_sent_through_the_service():
    through_service = ReferralFactory()
    referrals.change_status(
        actor=handler_of(through_service.case),
        referral=through_service,
        version=None,
        status="sent",
        sent_on=timezone.localdate(),
        recipient_reference="DBS-1",
        reason="",
    )
    made_sent = ReferralFactory(sent=True)
    fields = ("from_status", "to_status", "reason")
    assert list(made_sent.changes.values_list(*fields)) == list(through_service.changes.values_list(*fields))
    assert [bool(c.sent_on) for c in made_sent.changes.all()] == [False, True]


def test_the_other_factories_make_rows_for_a_consistent_case():
    measure = InterimMeasureFactory()
    overdue = InterimMeasureFactory(overdue=True)
    interview = InterviewFactory()
    tick = EvidenceTickFactory()
    member = ReviewGroupMemberFactory()
    assert selectors.facts_for(measure.case).open_interim_measures_overdue == 0
    assert selectors.facts_for(overdue.case).open_interim_measures_overdue == 1
    assert interview.party.case == interview.investigation.case
    assert tick.item in {item.code for item in tick.referral.checklist()}
    assert member.user.memberships.get().organisation == member.organisation
    assert PoliceLiaisonFactory().case.state == "triaged"
    assert MessageFactory().report.status_changes.exists()
    assert ReviewGroupMeetingFactory().held_on > timezone.localdate()

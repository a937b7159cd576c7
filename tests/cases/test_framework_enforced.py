"""The workflow enforces the national framework, through the services and the case pages: an outcome
for a case with a sexual dimension needs the review group or an override with a reason (shown on the
case page and in the audit log); closure needs every required referral made, declined with a reason,
or overridden; the checklist items Rampart can check are checked from the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from rampart.cases import selectors, services, workflow
from rampart.cases.models import Case, RecordedDecision
from rampart.core.models import AuditEntry
from rampart.referrals import services as referrals
from rampart.referrals.models import Referral
from tests.cases.test_case_pages import errors_on, readable
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


def fresh(case: Case) -> Case:
    case.refresh_from_db()
    return case


def triaged(case: Case, actor, dimension: str = "yes") -> Case:
    services.triage(
        actor=actor,
        case=case,
        version=None,
        sexual_dimension=dimension,
        screening_notes="Touching on nights",
        immediate_actions="",
        priority="urgent",
        criminal_allegation=False,
    )
    return fresh(case)


def outcome(actor, case: Case, **facts) -> None:
    services.record_outcome(
        actor=actor,
        case=fresh(case),
        version=None,
        kind=facts.pop("kind", "written_warning"),
        removed_from_regulated_activity=facts.pop("removed", False),
        left_before_removal=False,
        lessons_learned="",
        **facts,
    )


@pytest.mark.parametrize("dimension", ["yes", "possible"])
def test_a_sexual_dimension_case_cannot_record_an_outcome_without_the_review_group(
    dimension, case, alice, as_user
):
    triaged(case, alice, dimension)
    with pytest.raises(services.StepRefused) as refused:
        outcome(alice, case)
    assert "review group's decision before its outcome" in refused.value.reasons[0]
    # The page says so too, links to the override, and changes nothing.
    handler = as_user(alice)
    response = handler.post(
        f"/cases/{case.reference}/outcome/", {"version": fresh(case).version, "kind": "written_warning"}
    )
    page = readable(response)
    assert response.status_code == 200
    assert any("review group's decision before its outcome" in e for e in errors_on(page))
    assert f"/cases/{case.reference}/decisions/outcome-without-review-group/" in page
    assert fresh(case).state == workflow.State.TRIAGED


def test_a_case_with_no_sexual_dimension_records_its_outcome_without_the_review_group(case, alice):
    triaged(case, alice, "no")
    outcome(alice, case)
    assert fresh(case).state == workflow.State.OUTCOME_RECORDED


def test_an_override_with_a_reason_lets_the_outcome_be_recorded_and_shows_who_when_and_why(
    case, alice, as_user
):
    triaged(case, alice)
    handler = as_user(alice)
    page = handler.get(f"/cases/{case.reference}/decisions/outcome-without-review-group/").content.decode()
    assert "review group&#39;s decision before its outcome" in page or "review group's decision" in page
    # A reason is required.
    empty = handler.post(
        f"/cases/{case.reference}/decisions/outcome-without-review-group/",
        {"version": fresh(case).version, "reason": " "},
    )
    assert empty.status_code == 200
    assert not RecordedDecision.objects.filter(case=case).exists()
    reason = "The subject resigned and the review group cannot meet before the contract ends"
    response = handler.post(
        f"/cases/{case.reference}/decisions/outcome-without-review-group/",
        {"version": fresh(case).version, "reason": reason},
    )
    assert response.status_code == 302
    outcome(alice, case)
    assert fresh(case).state == workflow.State.OUTCOME_RECORDED
    # The case page shows the override: what, why, who and when.
    page = handler.get(f"/cases/{case.reference}/").content.decode()
    assert "Outcome without the review group&#39;s decision" in page
    assert reason in page
    assert "Decided by alice" in page.lower() or "decided by" in page.lower()
    # And the audit log holds it, naming the decision; the reason stays encrypted on the decision.
    (entry,) = AuditEntry.objects.filter(object_type="cases.recordeddecision")
    assert entry.actor == alice
    decision = RecordedDecision.objects.get(case=case)
    assert entry.detail == {
        "kind": "override:record_outcome",
        "decision": decision.pk,
        "what": "Decision recorded: Outcome without the review group's decision",
    }


def test_an_override_is_refused_when_nothing_it_lifts_stops_the_step(case, alice):
    triaged(case, alice, "no")
    with pytest.raises(services.StepRefused) as refused:
        services.record_decision(
            actor=alice, case=fresh(case), version=None, kind="override:record_outcome", reason="Because"
        )
    assert refused.value.reasons == ("Nothing an override can lift stops this step now",)


def _nurse_dismissed(case: Case, alice) -> Case:
    """A nurse removed from regulated activity for relevant conduct, the harm test met: DBS required."""
    triaged(case, alice, "no")
    services.add_party(
        actor=alice,
        case=fresh(case),
        version=None,
        role="subject",
        person=services.PersonDetails(kind="staff", name="Nurse N", profession="nurse", regulator="NMC"),
    )
    party = fresh(case).parties.get()
    services.record_risk_assessment(
        actor=alice,
        case=fresh(case),
        version=None,
        party=party,
        risks=["patients"],
        details="",
        mitigations="",
        contact_police=False,
        review_on=timezone.localdate() + timedelta(days=30),
    )
    services.record_support_offer(
        actor=alice,
        case=fresh(case),
        version=None,
        party=party,
        kind="ftsu",
        status="offered",
        offered_on=timezone.localdate(),
        follow_up_on=None,
        notes="",
    )
    outcome(alice, case, kind="dismissal", removed=True, relevant_conduct=True, harm_test_met=True)
    return fresh(case)


def _required(case: Case) -> list[Referral]:
    return list(Referral.objects.filter(case=case, duty_status="required", indicated=True))


def test_a_case_cannot_close_while_a_required_referral_is_to_do(case, alice, as_user):
    _nurse_dismissed(case, alice)
    required = _required(case)
    assert "DBS_BARRING_REFERRAL" in {r.duty_code for r in required}
    with pytest.raises(services.StepRefused) as refused:
        services.close(actor=alice, case=fresh(case), version=None)
    assert any("DBS barring referral is required and still to do" in r for r in refused.value.reasons)
    page = as_user(alice).post(f"/cases/{case.reference}/close/", {"version": fresh(case).version})
    assert page.status_code == 200
    assert "DBS barring referral is required and still to do" in page.content.decode()
    assert fresh(case).state == workflow.State.OUTCOME_RECORDED


def test_a_case_closes_once_each_required_referral_is_sent_or_declined_with_a_reason(case, alice):
    _nurse_dismissed(case, alice)
    required = _required(case)
    for n, record in enumerate(required):
        referrals.change_status(
            actor=alice,
            referral=record,
            version=record.version,
            status="sent" if n % 2 == 0 else "not_needed",
            sent_on=timezone.localdate() if n % 2 == 0 else None,
            recipient_reference="",
            reason="" if n % 2 == 0 else "Already referred by the agency that employs them",
        )
    assert selectors.facts_for(fresh(case)).closure_blockers == ()
    services.close(actor=alice, case=fresh(case), version=None)
    assert fresh(case).state == workflow.State.CLOSED


def test_a_case_closes_with_referrals_outstanding_only_by_an_override_with_a_reason(case, alice, as_user):
    _nurse_dismissed(case, alice)
    handler = as_user(alice)
    page = handler.get(f"/cases/{case.reference}/").content.decode()
    assert f"/cases/{case.reference}/decisions/close-with-referrals-outstanding/" in page
    reason = "The DBS referral is being made by the lead employer; confirmed by e-mail"
    response = handler.post(
        f"/cases/{case.reference}/decisions/close-with-referrals-outstanding/",
        {"version": fresh(case).version, "reason": reason},
    )
    assert response.status_code == 302
    services.close(actor=alice, case=fresh(case), version=None)
    assert fresh(case).state == workflow.State.CLOSED
    # Reopened, the earlier override no longer stands: closing again needs the referrals or another.
    services.reopen(actor=alice, case=fresh(case), version=None, reason="New information")
    facts = selectors.facts_for(fresh(case))
    assert workflow.Step.CLOSE not in facts.overridden
    page = handler.get(f"/cases/{case.reference}/").content.decode()
    assert "no longer applies" in page


def test_the_review_group_checklist_checks_assessment_support_and_police_from_the_data(
    case, alice, reviewer, as_user
):
    triaged(case, alice)
    services.refer_to_review_group(actor=alice, case=fresh(case), version=None)
    page = as_user(reviewer).get(f"/cases/{case.reference}/review/").content.decode()
    assert "Not met:</strong> Police involvement considered" in page
    # Ticking the items by hand changes nothing.
    with pytest.raises(services.StepRefused) as refused:
        services.record_review_decision(
            actor=reviewer,
            case=fresh(case),
            version=None,
            checklist=list(workflow.REVIEW_CHECKLIST),
            decision="Investigate",
            decided_on=timezone.localdate(),
        )
    assert len(refused.value.reasons) == len(workflow.CHECKED_FROM_DATA)
    PartyFactory(case=case, assessed=True, supported=True, by=alice)
    services.update_police_liaison(
        actor=alice,
        case=fresh(case),
        version=None,
        police_reference="MPS/1",
        contact="DC Jones",
        investigation_active=False,
        agreed_to_continue="",
    )
    page = as_user(reviewer).get(f"/cases/{case.reference}/review/").content.decode()
    assert "Checked:</strong> Police involvement considered" in page
    assert "Checked:</strong> Risk assessed for every party" in page
    decision = services.record_review_decision(
        actor=reviewer,
        case=fresh(case),
        version=None,
        checklist=[k for k in workflow.REVIEW_CHECKLIST if k not in workflow.CHECKED_FROM_DATA],
        decision="Investigate",
        decided_on=timezone.localdate(),
    )
    assert sorted(decision.checklist) == sorted(workflow.REVIEW_CHECKLIST)
    # With the police involved, a decision not to involve them is refused.
    with pytest.raises(services.StepRefused):
        services.record_decision(
            actor=alice, case=fresh(case), version=None, kind="police_not_involved", reason="No"
        )

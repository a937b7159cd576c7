"""Cases do not get stuck: interim measures are reviewed, changed and ended from the case page (and an
overdue one no longer stops closure once reviewed); the case team is changed and the case handed
over, each audited and on the timeline, the newcomer e-mailed a link (and nothing of the case)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from rampart.cases import selectors, services, workflow
from rampart.cases.models import Case, CaseTeamMember, InterimMeasure, MeasureReview
from rampart.core.models import AuditEntry, Reminder
from tests.cases.test_case_pages import date_post, errors_on, readable, timeline_of
from tests.factories import CaseFactory, MembershipFactory, PartyFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def fresh(case: Case) -> Case:
    case.refresh_from_db()
    return case


@pytest.fixture
def ready_to_close(alice, orgs):
    """A case with its outcome, its people assessed and supported, and a measure overdue for review."""
    case = CaseFactory(outcome_recorded=True, organisation=orgs["trust_a"], handler=alice)
    started = timezone.localdate() - timedelta(days=40)
    measure = InterimMeasure.objects.create(
        case=case,
        kind="non_patient_facing",
        reason="Pending the investigation",
        starts_on=started,
        review_on=started + timedelta(days=28),
        decided_by=alice,
    )
    return case, measure


def test_an_overdue_measure_stops_closure_until_it_is_reviewed_from_the_case_page(
    ready_to_close, alice, as_user
):
    case, measure = ready_to_close
    handler = as_user(alice)
    refused = handler.post(f"/cases/{case.reference}/close/", {"version": case.version})
    page = readable(refused)
    assert "Review or end the interim measures that are overdue" in errors_on(page)
    # The refusal links to the measures to review, and the case page to this one's review page.
    assert f"/cases/{case.reference}/#measures-to-review" in page
    case_page = readable(handler.get(f"/cases/{case.reference}/"))
    review_url = f"/cases/{case.reference}/measures/{measure.pk}/review/"
    assert review_url in case_page
    assert "Pending the investigation" in readable(handler.get(review_url))
    # A review needs its notes and a next review date.
    bad = handler.post(review_url, {"version": fresh(case).version, "decision": "continue", "notes": ""})
    assert bad.status_code == 200
    assert "Enter the next review date" in errors_on(readable(bad))
    next_review = timezone.localdate() + timedelta(days=28)
    done = handler.post(
        review_url,
        {
            "version": fresh(case).version,
            "decision": "continue",
            "notes": "Investigation still running; the measure is still needed",
            **date_post("next_review_on", next_review.isoformat()),
        },
    )
    assert done.status_code == 302
    measure.refresh_from_db()
    assert measure.review_on == next_review
    assert measure.ends_on is None
    (review,) = MeasureReview.objects.filter(measure=measure)
    assert (review.outcome, review.reviewed_by, review.next_review_on) == ("continued", alice, next_review)
    assert timeline_of(readable(handler.get(f"/cases/{case.reference}/")))[0] == (
        "Interim measure reviewed: Non-patient-facing work"
    )
    assert Reminder.objects.filter(
        topic=f"case:{case.pk}:measure:{measure.pk}", due_at__date=next_review
    ).exists()
    # Closure is no longer refused for the measure (only for what else it still needs, if anything).
    verdict = workflow.check(workflow.Step.CLOSE, selectors.facts_for(fresh(case)))
    assert workflow.OVERDUE_MEASURES not in verdict.reasons


def test_a_measure_can_be_changed_then_ended(ready_to_close, alice, as_user):
    case, measure = ready_to_close
    handler = as_user(alice)
    url = f"/cases/{case.reference}/measures/{measure.pk}/review/"
    changed = handler.post(
        url,
        {
            "version": fresh(case).version,
            "decision": "change",
            "notes": "Now excluded: new allegation",
            "kind": "exclusion",
            "reason": "A second allegation",
            **date_post("next_review_on", (timezone.localdate() + timedelta(days=14)).isoformat()),
        },
    )
    assert changed.status_code == 302
    measure.refresh_from_db()
    assert (measure.kind, measure.reason) == ("exclusion", "A second allegation")
    assert selectors.duties_facts(fresh(case))["actions"]["suspended"] is True
    ended = handler.post(
        url,
        {
            "version": fresh(case).version,
            "decision": "end",
            "notes": "Allegation withdrawn",
            **date_post("ends_on", timezone.localdate().isoformat()),
        },
    )
    assert ended.status_code == 302
    measure.refresh_from_db()
    assert measure.ends_on == timezone.localdate()
    assert list(measure.reviews.values_list("outcome", flat=True)) == ["ended", "changed"]
    assert not Reminder.objects.filter(
        topic=f"case:{case.pk}:measure:{measure.pk}", sent_at__isnull=True
    ).exists()
    # An ended measure is not reviewed again.
    with pytest.raises(services.StepRefused):
        services.end_interim_measure(
            actor=alice, case=fresh(case), version=None, measure=measure, ends_on=timezone.localdate()
        )


def test_only_the_case_handlers_review_measures_and_change_the_team(ready_to_close, orgs, as_user):
    case, measure = ready_to_close
    other = MembershipFactory(organisation=orgs["trust_a"], role="case_handler").user
    for url in (
        f"/cases/{case.reference}/measures/{measure.pk}/review/",
        f"/cases/{case.reference}/team/",
        f"/cases/{case.reference}/hand-over/",
    ):
        assert as_user(other).get(url).status_code == 404


@pytest.fixture
def colleague(orgs):
    return MembershipFactory(
        user=UserFactory(email="carol@trust-a.nhs.uk", first_name="Carol", last_name="Cole"),
        organisation=orgs["trust_a"],
        role="case_handler",
    ).user


def test_a_handler_is_added_from_the_team_page_and_e_mailed_a_link(
    case, alice, colleague, as_user, django_capture_on_commit_callbacks
):
    handler = as_user(alice)
    assert "Carol Cole" in readable(handler.get(f"/cases/{case.reference}/team/add/"))
    assert as_user(colleague).get(f"/cases/{case.reference}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = handler.post(
            f"/cases/{case.reference}/team/add/",
            {"version": fresh(case).version, "role": "handler", "handler": str(colleague.pk)},
        )
    assert response.status_code == 302
    assert as_user(colleague).get(f"/cases/{case.reference}/").status_code == 200
    (sent,) = mail.outbox
    assert sent.to == [colleague.email]
    assert f"/cases/{case.reference}/" in sent.body
    assert "touching" not in sent.body.lower()
    assert "Carol Cole added to the case team as case handler" in timeline_of(
        readable(handler.get(f"/cases/{case.reference}/"))
    )
    assert AuditEntry.objects.filter(object_type="cases.caseteammember", actor=alice).exists()


def test_someone_involved_in_the_case_is_not_offered_or_added(case, alice, colleague, as_user):
    person = PersonFactory(organisation=case.organisation, user=colleague)
    PartyFactory(case=case, person=person, role="witness")
    assert "Carol Cole" not in readable(as_user(alice).get(f"/cases/{case.reference}/team/add/"))
    with pytest.raises(services.StepRefused) as refused:
        services.add_team_member(actor=alice, case=fresh(case), version=None, user=colleague)
    assert "involved in this case" in refused.value.reasons[0]


def test_an_investigator_is_added_only_if_they_are_an_investigator_there(
    case, alice, colleague, investigator
):
    with pytest.raises(services.StepRefused):
        services.add_team_member(
            actor=alice, case=fresh(case), version=None, user=colleague, role="investigator"
        )
    services.add_team_member(
        actor=alice, case=fresh(case), version=None, user=investigator, role="investigator"
    )
    assert CaseTeamMember.objects.filter(case=case, user=investigator, role="investigator").exists()


def test_the_last_handler_cannot_be_removed_but_another_can(case, alice, colleague, as_user):
    (only,) = CaseTeamMember.objects.filter(case=case)
    response = as_user(alice).post(
        f"/cases/{case.reference}/team/{only.pk}/remove/", {"version": fresh(case).version}
    )
    assert response.status_code == 200
    assert any("at least one handler" in e for e in errors_on(readable(response)))
    services.add_team_member(actor=alice, case=fresh(case), version=None, user=colleague)
    member = CaseTeamMember.objects.get(case=case, user=colleague)
    response = as_user(alice).post(
        f"/cases/{case.reference}/team/{member.pk}/remove/", {"version": fresh(case).version}
    )
    assert response.status_code == 302
    assert as_user(colleague).get(f"/cases/{case.reference}/").status_code == 404
    assert "Carol Cole removed from the case team (case handler)" in timeline_of(
        readable(as_user(alice).get(f"/cases/{case.reference}/"))
    )


@pytest.mark.parametrize("keep", [False, True])
def test_a_case_handed_over_is_the_new_handlers_and_the_old_one_keeps_access_only_if_chosen(
    keep, case, alice, colleague, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(alice).post(
            f"/cases/{case.reference}/hand-over/",
            {
                "version": fresh(case).version,
                "to": str(colleague.pk),
                "keep_previous": "yes" if keep else "no",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == (f"/cases/{case.reference}/" if keep else "/cases/")
    assert as_user(colleague).get(f"/cases/{case.reference}/").status_code == 200
    assert as_user(alice).get(f"/cases/{case.reference}/").status_code == (200 if keep else 404)
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    entries = timeline_of(readable(as_user(colleague).get(f"/cases/{case.reference}/")))
    assert entries[0].startswith("Case handed over by")
    assert ("stays on the team" in entries[0]) is keep
    entry = AuditEntry.objects.filter(actor=alice, detail__to=colleague.pk).get()
    assert entry.detail["kept_previous"] is keep


def test_a_hand_over_to_nobody_chosen_says_so(case, alice, as_user):
    response = as_user(alice).post(f"/cases/{case.reference}/hand-over/", {"version": case.version, "to": ""})
    assert response.status_code == 200
    assert "Choose the case handler to hand the case to" in errors_on(readable(response))

"""Issue 16's review findings on cases: a decision's reason stays encrypted (never in the timeline or the
audit detail), a leaving date still to come is not "left", an ended removal still counts as a removal
(only a suspension needs the exclusion in force), a measure ending later is still open, and the police
charge and the caution or conviction are shown on the case page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from rampart.cases import selectors, services
from rampart.cases.models import Case, Outcome, Person, PoliceLiaison, TimelineEntry
from rampart.core.models import AuditEntry
from tests.dates import date_post
from tests.factories import CaseFactory, PoliceLiaisonFactory

pytestmark = pytest.mark.django_db

REASON = "The person affected, who has a mental health condition, does not want the police involved"


def _fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def case(orgs, alice):
    """A case under investigation at Trust A, with a subject and a person affected."""
    return CaseFactory(investigating=True, organisation=orgs["trust_a"], handler=alice, parties=2)


def _subject(case: Case):
    subject, _affected = case.parties.order_by("id")
    return subject


def test_a_decision_reason_is_in_no_timeline_entry_and_no_audit_detail(case, alice):
    made = services.record_decision(
        actor=alice, case=_fresh(case), version=None, kind="police_not_involved", reason=REASON
    )

    assert made.reason == REASON  # kept, encrypted, on the decision
    assert TimelineEntry.objects.filter(case=case).first() is not None
    assert not [e.what for e in TimelineEntry.objects.all() if "mental health" in e.what]
    said = "Decision recorded: Not to involve the police"
    assert TimelineEntry.objects.filter(case=case, what=said).exists()
    assert not [e.detail for e in AuditEntry.objects.all() if "mental health" in str(e.detail)]
    (entry,) = AuditEntry.objects.filter(object_type="cases.recordeddecision")
    assert entry.detail == {
        "kind": "police_not_involved",
        "decision": made.pk,
        "what": "Decision recorded: Not to involve the police",
    }


def test_a_leaving_date_in_the_future_is_refused_by_the_form(case, alice, as_user):
    subject = _subject(case)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = as_user(alice).post(
        f"/cases/{case.reference}/parties/{subject.pk}/facts/",
        {"version": _fresh(case).version, **date_post("left_on", tomorrow)},
    )

    assert response.status_code == 200
    assert "The date they left must be today or in the past" in response.content.decode()
    assert Person.objects.get(pk=subject.person_id).left_on is None


@pytest.mark.parametrize(("days", "left"), [(1, False), (0, True), (-3, True)])
def test_the_engine_hears_of_a_leaving_date_only_once_it_has_passed(case, days, left):
    on = timezone.localdate() + timedelta(days=days)
    Person.objects.filter(pk=_subject(case).person_id).update(left_on=on)

    facts = selectors.duties_facts(_fresh(case))["subject"]

    assert (facts["left_organisation"], facts["left_on"]) == (left, on.isoformat() if left else None)


def _exclusion(case: Case, alice, started):
    return services.add_interim_measure(
        actor=alice,
        case=_fresh(case),
        version=None,
        kind="exclusion",
        reason="Excluded pending a first look.",
        starts_on=started,
        review_on=started + timedelta(days=7),
        party=_subject(case),
    )


def test_an_ended_exclusion_still_removed_them_but_is_no_longer_a_suspension(case, alice):
    started = timezone.localdate() - timedelta(days=30)
    measure = _exclusion(case, alice, started)
    services.end_interim_measure(
        actor=alice, case=_fresh(case), version=None, measure=measure, ends_on=started + timedelta(days=10)
    )

    actions = selectors.duties_facts(_fresh(case))["actions"]

    assert (actions["suspended"], actions["removed_from_regulated_activity"], actions["removed_on"]) == (
        False,
        True,
        started.isoformat(),
    )


def test_a_measure_ending_later_is_still_open_to_review_and_to_end_sooner(case, alice):
    today = timezone.localdate()
    measure = _exclusion(case, alice, today - timedelta(days=5))
    services.end_interim_measure(
        actor=alice, case=_fresh(case), version=None, measure=measure, ends_on=today + timedelta(days=20)
    )

    services.review_interim_measure(
        actor=alice,
        case=_fresh(case),
        version=None,
        measure=measure,
        notes="Still needed until the end date.",
        next_review_on=today + timedelta(days=7),
    )
    services.end_interim_measure(actor=alice, case=_fresh(case), version=None, measure=measure, ends_on=today)

    measure.refresh_from_db()
    assert measure.ends_on == today
    assert selectors.duties_facts(_fresh(case))["actions"]["suspended"] is False
    with pytest.raises(services.StepRefused) as refused:
        services.end_interim_measure(
            actor=alice, case=_fresh(case), version=None, measure=measure, ends_on=today
        )
    assert refused.value.reasons == ("This interim measure has already ended",)


def _page(client, case: Case) -> str:
    response = client.get(f"/cases/{case.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_police_charge_and_a_caution_or_conviction_are_shown(orgs, alice, as_user):
    case = CaseFactory(organisation=orgs["trust_a"], outcome_recorded=True, handler=alice, parties=2)
    PoliceLiaisonFactory(case=case, charged=True)
    Outcome.objects.filter(case=case).update(caution_or_conviction=True)
    assert PoliceLiaison.objects.get(case=case).charged is True

    page = _page(as_user(alice), case)

    assert _row(page, "The police have charged the subject") == "Yes"
    assert _row(page, "Cautioned or convicted for an offence that bars automatically (DBS)") == "Yes"


def _row(page: str, key: str) -> str:
    """The value of the summary-list row with this key."""
    found = re.search(
        rf"summary-list__key\">\s*{re.escape(key)}\s*</dt>\s*"
        r"<dd class=\"nhsuk-summary-list__value\">\s*(.*?)\s*</dd>",
        page,
        re.S,
    )
    assert found, f"no row {key!r}"
    return found.group(1)

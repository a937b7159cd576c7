from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rampart.core.errors import Refused
from rampart.core.models import AuditEntry
from rampart.sharing import rules, selectors, services
from rampart.sharing.models import Disclosure, DisclosureStatusChange, OnboardingCheck
from rampart.sharing.permissions import SharingAction
from tests.sharing.conftest import CHECK, held_case, professional

pytestmark = pytest.mark.django_db


def _check(actor, org, **changes):
    return services.run_onboarding_check(actor=actor, organisation=org, **{**CHECK, **changes})


def test_check_finds_an_ongoing_investigation_held_by_another_trust(orgs, charlie, held):
    check = _check(charlie, orgs["trust_b"])
    assert check.result == [{"organisation": "RA1", "categories": ["ongoing_investigation"]}]


def test_check_by_esr_number_finds_the_same_professional(orgs, charlie):
    prof = professional(number="99Z9999Z", esr="12345678")
    held_case(orgs["trust_a"], prof, completed=True, substantiated=True)
    check = _check(charlie, orgs["trust_b"], registration_number="", regulator="", esr_number="12345678")
    assert check.result == [{"organisation": "RA1", "categories": ["finding"]}]


def test_a_partly_substantiated_finding_is_reported_as_partly_upheld_not_upheld(orgs, charlie, alice):
    prof = professional(number="99Z9999Z", esr="12345678")
    held_case(orgs["trust_a"], prof, completed=True, substantiated=True, finding="partly_substantiated")
    check = _check(charlie, orgs["trust_b"], registration_number="", regulator="", esr_number="12345678")
    assert check.result == [{"organisation": "RA1", "categories": ["partly_upheld"]}]
    disclosure = services.request_disclosure(
        actor=charlie,
        requester=orgs["trust_b"],
        holder=orgs["trust_a"],
        professional=prof,
        onboarding_check=check,
        purpose="recruitment",
        purpose_details="Staff nurse",
        basis_requested="public_task",
    )
    draft = selectors.draft_for(disclosure)["findings"]
    assert "; partly upheld." in draft
    assert "; upheld." not in draft


def test_check_does_not_report_the_checking_organisations_own_cases(orgs, alice, held):
    assert _check(alice, orgs["trust_a"]).result == []


def test_check_finds_nothing_for_an_unknown_number(orgs, charlie, held):
    check = _check(charlie, orgs["trust_b"], registration_number="99A9999A")
    assert check.result == []
    assert check.professional is None


def test_check_never_stores_content_or_the_identifier_in_the_clear(orgs, charlie, held):
    check = _check(charlie, orgs["trust_b"])
    entry = AuditEntry.objects.get(action="sharing.onboarding_check")
    assert entry.detail == {"purpose": "recruitment", "holders": 1}
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT identifier, candidate_name, result FROM sharing_onboardingcheck")
        stored = cursor.fetchone()
    assert "12A3456E" not in str(stored)
    assert "Sam Subject" not in str(stored)
    assert "touched" not in str(stored)
    assert check.identifier == "12A3456E"


def test_check_without_a_purpose_is_refused_and_recorded(orgs, charlie, held):
    with pytest.raises(Refused, match="no purpose, no search"):
        _check(charlie, orgs["trust_b"], purpose_details="  ")
    assert not OnboardingCheck.objects.exists()
    assert AuditEntry.objects.filter(action="sharing.check_refused", detail__why="no purpose").exists()


def test_check_with_an_unknown_purpose_is_refused(orgs, charlie):
    with pytest.raises(Refused):
        _check(charlie, orgs["trust_b"], purpose="curiosity")


def test_check_with_a_badly_formed_number_is_refused(orgs, charlie):
    with pytest.raises(Refused, match="NMC registration numbers are") as refused:
        _check(charlie, orgs["trust_b"], registration_number="1234")
    assert refused.value.fields == ("registration_number",)


def test_the_twenty_first_check_in_a_day_is_refused(orgs, charlie):
    now = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    for _ in range(services.CHECKS_PER_DAY):
        _check(charlie, orgs["trust_b"], now=now)
    with pytest.raises(Refused, match="20 onboarding checks today"):
        _check(charlie, orgs["trust_b"], now=now + timedelta(hours=1))
    assert OnboardingCheck.objects.count() == services.CHECKS_PER_DAY
    assert AuditEntry.objects.filter(action="sharing.check_refused", detail__why="limit").exists()


def test_only_case_handlers_or_administrators_may_check(orgs, alice):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _check(alice, orgs["trust_b"])


def test_holders_elsewhere_gives_the_contact_and_no_content(orgs, bob, prof, held):
    services.set_contact(
        actor=bob, organisation=orgs["trust_a"], name="Rowan", role="Safeguarding lead", email="r@a.nhs.uk"
    )
    (holder,) = selectors.holders_elsewhere(prof, excluding_organisation=orgs["trust_b"])
    assert holder.organisation == orgs["trust_a"]
    assert holder.contact.name == "Rowan"
    assert "touched" not in repr(holder.__dict__)


def test_holders_elsewhere_includes_weak_signals(orgs, prof):
    from django.utils import timezone

    from rampart.cases.models import Person
    from rampart.patterns.models import PersonLink, WeakSignal

    person = Person.objects.create(organisation=orgs["trust_b"], kind="staff", name="Sam")
    PersonLink.objects.create(
        person=person, professional=prof, method="registration", linked_at=timezone.now()
    )
    WeakSignal.objects.create(
        organisation=orgs["trust_b"],
        person=person,
        kinds=["comments"],
        description="x",
        observed_on=timezone.localdate(),
        recorded_at=timezone.now(),
    )
    (holder,) = selectors.holders_elsewhere(prof, excluding_organisation=orgs["trust_a"])
    assert holder.organisation == orgs["trust_b"]
    assert [str(c) for c in holder.categories] == ["cumulative_concern"]


def test_the_case_panel_gives_each_linked_subject_only_who_holds_concerns_about_them(orgs, prof):
    from django.utils import timezone

    from rampart.cases.models import Party, Person
    from rampart.patterns.models import PersonLink

    other = professional(number="98B7654F")
    held_case(orgs["trust_b"], prof, completed=True, substantiated=True)
    held_case(orgs["gp_a"], other)
    case = held_case(orgs["trust_a"], prof)  # Trust A's own case: not "elsewhere"
    second = Person.objects.create(organisation=orgs["trust_a"], kind="staff", name="Second")
    Party.objects.create(case=case, person=second, role="subject")
    PersonLink.objects.create(
        person=second, professional=other, method="registration", linked_at=timezone.now()
    )
    unlinked = Person.objects.create(organisation=orgs["trust_a"], kind="staff", name="Unlinked")
    Party.objects.create(case=case, person=unlinked, role="subject")

    panel = selectors.held_elsewhere_for_case(case)

    assert [
        (party.person.name, [(h.organisation.name, [str(c) for c in h.categories]) for h in holders])
        for party, holders in panel
    ] == [("Sam Subject", [("Trust B", ["finding"])]), ("Second", [("GP A", ["ongoing_investigation"])])]


def _request(charlie, orgs, **changes):
    check = _check(charlie, orgs["trust_b"])
    return services.request_disclosure(
        actor=charlie,
        requester=orgs["trust_b"],
        holder=orgs["trust_a"],
        professional=check.professional,
        onboarding_check=check,
        **{
            "purpose": "recruitment",
            "purpose_details": "Staff nurse post",
            "basis_requested": "public_task",
            **changes,
        },
    )


def _prepare(alice, disclosure, **changes):
    return services.prepare_disclosure(
        actor=alice,
        disclosure=disclosure,
        **{
            "findings": "Investigation ongoing since February 2025.",
            "dbs_information": "No DBS referral yet.",
            "pattern_summary": "1 concern.",
            "person_comments": "I deny it.",
            "person_told": "told",
            "person_told_on": date(2026, 11, 20),
            "not_told_reason": "",
            "lawful_basis": "public_task",
            "special_category": True,
            "condition": "sch1_para18",
            **changes,
        },
    )


def test_a_disclosure_is_prepared_approved_by_a_second_handler_and_released(orgs, alice, hana, charlie, held):
    disclosure = _request(charlie, orgs)
    _prepare(alice, disclosure)
    services.approve_disclosure(actor=hana, disclosure=disclosure)
    disclosure.refresh_from_db()
    assert disclosure.status == "released"
    assert disclosure.approved_by == hana
    assert [c.to_status for c in DisclosureStatusChange.objects.filter(disclosure=disclosure)] == [
        "requested",
        "prepared",
        "released",
    ]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "sharing.disclosure_requested",
        "sharing.disclosure_prepared",
        "sharing.disclosure_released",
    } <= actions


def test_the_preparer_cannot_approve(orgs, alice, charlie, held):
    disclosure = _prepare(alice, _request(charlie, orgs))
    with pytest.raises(Refused, match="second case handler"):
        services.approve_disclosure(actor=alice, disclosure=disclosure)
    disclosure.refresh_from_db()
    assert disclosure.status == "prepared"


def test_sent_back_with_reasons_then_prepared_again(orgs, alice, hana, charlie, held):
    disclosure = _prepare(alice, _request(charlie, orgs))
    with pytest.raises(Refused, match="reasons"):
        services.send_back_disclosure(actor=hana, disclosure=disclosure, reason="")
    services.send_back_disclosure(actor=hana, disclosure=disclosure, reason="Too much detail")
    assert disclosure.changes.last().reason == "Too much detail"
    _prepare(alice, disclosure, findings="Shorter.")
    services.approve_disclosure(actor=hana, disclosure=disclosure)
    assert Disclosure.objects.get().findings == "Shorter."


def test_a_holder_may_decline_with_reasons(orgs, alice, charlie, held):
    disclosure = _request(charlie, orgs)
    services.decline_disclosure(actor=alice, disclosure=disclosure, reason="Not relevant to the post")
    disclosure.refresh_from_db()
    assert disclosure.status == "declined"
    with pytest.raises(Refused):
        _prepare(alice, disclosure)


def test_the_requester_cannot_prepare(orgs, charlie, held):
    from django.core.exceptions import PermissionDenied

    disclosure = _request(charlie, orgs)
    with pytest.raises(PermissionDenied):
        _prepare(charlie, disclosure)


def test_legal_obligation_is_refused_because_no_law_obliges_the_disclosure(orgs, alice, charlie, held):
    with pytest.raises(Refused, match="No law obliges") as refused:
        _request(charlie, orgs, basis_requested="legal_obligation")
    assert refused.value.fields == ("basis_requested",)
    disclosure = _request(charlie, orgs)
    with pytest.raises(Refused, match="No law obliges") as refused:
        _prepare(alice, disclosure, lawful_basis="legal_obligation")
    assert refused.value.fields == ("lawful_basis",)  # the page shows it at that answer


def test_a_public_body_cannot_rely_on_legitimate_interests(orgs, alice, charlie, held):
    disclosure = _request(charlie, orgs)
    with pytest.raises(Refused, match="public task"):
        _prepare(alice, disclosure, lawful_basis="legitimate_interests")


def test_special_category_data_needs_a_schedule_1_condition(orgs, alice, charlie, held):
    disclosure = _request(charlie, orgs)
    with pytest.raises(Refused) as refused:
        _prepare(alice, disclosure, condition="")
    assert refused.value.fields == ("condition",)
    with pytest.raises(Refused) as refused:
        _prepare(alice, disclosure, special_category=None)
    assert refused.value.fields == ("special_category",)
    disclosure.refresh_from_db()
    assert disclosure.status == "requested"


def test_the_schedule_1_condition_is_recorded_and_dropped_without_special_category_data(
    orgs, alice, charlie, held
):
    prepared = _prepare(alice, _request(charlie, orgs), condition="sch1_para10")
    prepared.refresh_from_db()
    assert (prepared.special_category, prepared.condition) == (True, "sch1_para10")
    assert "Schedule 1 paragraph 10" in prepared.condition_label


def test_a_request_needs_a_check_or_own_record_first(orgs, charlie, prof, held):
    with pytest.raises(Refused, match="onboarding check"):
        services.request_disclosure(
            actor=charlie,
            requester=orgs["trust_b"],
            holder=orgs["trust_a"],
            professional=prof,
            purpose="recruitment",
            purpose_details="x",
            basis_requested="public_task",
        )


def test_reading_a_released_disclosure_is_recorded(orgs, alice, hana, charlie, held):
    disclosure = _prepare(alice, _request(charlie, orgs))
    with pytest.raises(Refused):
        services.read_disclosure(actor=charlie, disclosure=disclosure)
    services.approve_disclosure(actor=hana, disclosure=disclosure)
    services.read_disclosure(actor=charlie, disclosure=disclosure)
    assert AuditEntry.objects.filter(action="read", object_id=str(disclosure.pk), actor=charlie).exists()


def test_draft_is_generated_from_the_holders_records(orgs, charlie, held):
    draft = selectors.draft_for(_request(charlie, orgs))
    assert "investigation started 1 February 2025, ongoing" in draft["findings"]
    assert "touched a patient" in draft["findings"]
    assert draft["dbs_information"].startswith("We have made no DBS barring referral")
    assert draft["pattern_summary"].startswith("1 concern raised with us")


def test_register_lists_investigations_with_filters(orgs, prof, held):
    held_case(
        orgs["trust_a"],
        professional(number="11A1111A"),
        completed=True,
        substantiated=False,
        staff_number="S200",
    )
    assert len(selectors.register_rows(orgs["trust_a"])) == 2
    (ongoing,) = selectors.register_rows(orgs["trust_a"], status="ongoing")
    assert ongoing.staff_number == "S100"
    assert ongoing.completed_on is None
    (done,) = selectors.register_rows(orgs["trust_a"], status="completed")
    assert done.outcome == "Awaiting outcome"
    assert [r.staff_number for r in selectors.register_rows(orgs["trust_a"], search="s200")] == ["S200"]
    assert selectors.register_rows(orgs["trust_b"]) == []


def test_register_search_finds_a_staff_number_ignoring_case_and_surrounding_spaces(orgs, prof, held):
    assert [r.staff_number for r in selectors.register_rows(orgs["trust_a"], search="  s100 ")] == ["S100"]
    assert selectors.register_rows(orgs["trust_a"], search="s10") == []


def test_the_requester_sees_an_unreleased_disclosure_but_not_its_content(orgs, alice, charlie):
    from rampart.core import policy
    from tests.sharing.conftest import disclosure

    item = disclosure(holder=orgs["trust_a"], requester=orgs["trust_b"], status="prepared")
    assert policy.allowed(charlie, SharingAction.VIEW_DISCLOSURE, item)
    assert not policy.allowed(charlie, SharingAction.READ_DISCLOSURE, item)
    assert policy.allowed(alice, SharingAction.READ_DISCLOSURE, item)


def test_the_holder_is_told_of_a_request_and_the_requester_of_the_release_naming_nobody(
    orgs, alice, hana, charlie, held, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        disclosure = _request(charlie, orgs)
    request_mail = mail.outbox[-1]
    assert alice.email in request_mail.to
    assert charlie.email not in request_mail.to
    with django_capture_on_commit_callbacks(execute=True):
        _prepare(alice, disclosure)
        services.approve_disclosure(actor=hana, disclosure=disclosure)
    release_mail = mail.outbox[-1]
    assert charlie.email in release_mail.to
    assert "ready" in release_mail.subject
    for sent in (request_mail, release_mail):
        assert disclosure.professional.registration_number not in sent.body + sent.subject


def test_the_requester_is_told_of_a_refusal(
    orgs, alice, charlie, held, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    disclosure = _request(charlie, orgs)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_disclosure(actor=alice, disclosure=disclosure, reason="Not relevant to the post")
    assert charlie.email in mail.outbox[-1].to
    assert "declined" in mail.outbox[-1].subject


def _reminders(disclosure):
    from rampart.core.models import Reminder

    return Reminder.objects.filter(topic=f"disclosure:{disclosure.pk}", sent_at__isnull=True).order_by(
        "recipient__email"
    )


def test_a_request_left_waiting_reminds_the_holders_case_handlers(orgs, alice, hana, charlie, held, bob):
    from django.utils import timezone

    disclosure = _request(charlie, orgs)
    reminders = list(_reminders(disclosure))
    assert [r.recipient for r in reminders] == [alice, hana]  # case handlers only: not Bob, not Charlie
    requested_on = timezone.localdate(disclosure.requested_at)
    for reminder in reminders:
        assert timezone.localtime(reminder.due_at).date() == rules.add_working_days(requested_on, 5)
        assert timezone.localtime(reminder.due_at).hour == 9
        assert disclosure.reference in reminder.subject
        assert "waiting to be prepared" in reminder.subject
        # Nothing about the person concerned goes in an e-mail.
        assert "Sam" not in reminder.subject + reminder.body
        assert "12A3456E" not in reminder.subject + reminder.body


def test_preparing_replaces_the_reminder_with_one_for_a_second_handler(orgs, alice, hana, charlie, held):
    disclosure = _prepare(alice, _request(charlie, orgs))
    reminders = list(_reminders(disclosure))
    assert [r.recipient for r in reminders] == [hana]  # the preparer cannot approve their own work
    assert "second case handler" in reminders[0].subject


def test_sending_back_asks_for_it_to_be_prepared_again(orgs, alice, hana, charlie, held):
    disclosure = _prepare(alice, _request(charlie, orgs))
    services.send_back_disclosure(actor=hana, disclosure=disclosure, reason="Too much detail")
    reminders = list(_reminders(disclosure))
    assert [r.recipient for r in reminders] == [alice, hana]
    assert "sent back" in reminders[0].subject


@pytest.mark.parametrize("finish", ["approve", "decline"])
def test_a_released_or_declined_disclosure_leaves_no_reminder(orgs, alice, hana, charlie, held, finish):
    disclosure = _request(charlie, orgs)
    if finish == "approve":
        services.approve_disclosure(actor=hana, disclosure=_prepare(alice, disclosure))
    else:
        services.decline_disclosure(actor=alice, disclosure=disclosure, reason="Not relevant to the post")
    assert not _reminders(disclosure).exists()


def test_the_sweeper_sends_a_due_disclosure_reminder_once(orgs, alice, charlie, held):
    from rampart.core.management.commands.sweep import send_due_reminders

    disclosure = _request(charlie, orgs)
    due = _reminders(disclosure).get().due_at
    assert send_due_reminders(now=due - timedelta(minutes=1)) == 0
    assert send_due_reminders(now=due) == 1
    assert send_due_reminders(now=due + timedelta(days=1)) == 0


def test_a_disclosure_records_whether_the_person_was_told(orgs, alice, charlie, held):
    disclosure = _prepare(alice, _request(charlie, orgs))
    disclosure.refresh_from_db()
    assert (disclosure.person_told, disclosure.person_told_on) == ("told", date(2026, 11, 20))
    assert disclosure.told_statement.startswith("We told the person on 20 November 2026")


def test_not_telling_the_person_needs_reasons_and_keeps_no_date(orgs, alice, charlie, held):
    disclosure = _request(charlie, orgs)
    with pytest.raises(Refused, match="why the person has not been told"):
        _prepare(alice, disclosure, person_told="not_told", not_told_reason="  ")
    assert Disclosure.objects.get().status == "requested"  # nothing half-saved
    _prepare(
        alice, disclosure, person_told="not_told", not_told_reason="A police investigation is under way."
    )
    disclosure.refresh_from_db()
    assert disclosure.person_told_on is None
    assert disclosure.not_told_reason == "A police investigation is under way."
    assert "Do not tell them" in disclosure.told_statement


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"person_told": ""}, "Say whether you have told the person"),
        ({"person_told_on": None}, "Enter the date you told them"),
        ({"person_told_on": date(2999, 1, 1)}, "today or in the past"),
    ],
)
def test_telling_the_person_must_be_recorded_completely(orgs, alice, charlie, held, changes, message):
    disclosure = _request(charlie, orgs)
    with pytest.raises(Refused, match=message):
        _prepare(alice, disclosure, **changes)
    assert Disclosure.objects.get().prepared_by is None

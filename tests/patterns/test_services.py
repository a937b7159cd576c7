from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from rampart.cases import services as cases
from rampart.cases.models import Person
from rampart.core.errors import Refused
from rampart.core.models import AuditEntry
from rampart.patterns import selectors, services
from rampart.patterns.models import (
    AlertStatus,
    CandidateStatus,
    LinkMethod,
    MatchCandidate,
    PatternAlert,
    PatternDecision,
    PersonLink,
    Professional,
)
from tests.factories import MembershipFactory, UserFactory

GMC = {"regulator": "GMC", "registration_number": "1234567"}


def test_a_subject_added_to_a_case_is_linked_to_a_new_professional_with_their_number(
    alice, case_a, add_subject
):
    party = add_subject(alice, case_a, name="Dr Jonathan Smith", **GMC)
    link = PersonLink.objects.get(person=party.person)
    assert link.method == LinkMethod.NEW
    assert (link.professional.regulator, link.professional.registration_number) == ("GMC", "1234567")


def test_a_witness_is_not_linked(alice, case_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        party = cases.add_party(
            actor=alice,
            case=case_a,
            version=None,
            role="witness",
            person=cases.PersonDetails(kind="staff", name="W"),
        )
    assert not PersonLink.objects.filter(person=party.person).exists()


def test_add_party_keeps_the_date_of_birth_encrypted_with_a_keyed_hash(alice, case_a, add_subject):
    party = add_subject(alice, case_a, name="A Person", date_of_birth="1980-04-02", esr_number="12345678")
    person = Person.objects.get(pk=party.person.pk)
    assert person.date_of_birth == "1980-04-02"
    assert person.birth_key == cases.birth_key("1980-04-02")
    assert person.esr_number == "12345678"


def test_add_party_refuses_a_malformed_registration_number(alice, case_a):
    with pytest.raises(ValueError, match="GMC registration numbers are 7 digits"):
        cases.add_party(
            actor=alice,
            case=case_a,
            version=None,
            role="subject",
            person=cases.PersonDetails(kind="staff", name="X", regulator="GMC", registration_number="12"),
        )


def test_the_same_registration_number_at_two_trusts_links_one_professional(
    alice, charlie, case_a, case_b, add_subject
):
    first = add_subject(alice, case_a, name="Jonathan Smith", **GMC)
    second = add_subject(charlie, case_b, name="J. Smith", regulator="GMC", registration_number="123 4567")
    assert second.person.link.professional == first.person.link.professional
    assert second.person.link.method == LinkMethod.REGISTRATION
    assert Professional.objects.count() == 1


def test_the_same_esr_number_links(alice, charlie, case_a, case_b, add_subject):
    first = add_subject(alice, case_a, name="Sam Jones", esr_number="12345678")
    second = add_subject(charlie, case_b, name="Samuel Jones", esr_number="12345678")
    assert second.person.link.professional == first.person.link.professional


def test_the_same_staff_number_links_only_at_the_same_employer(
    alice, charlie, case_a, case_b, add_subject, orgs
):
    first = add_subject(alice, case_a, name="Sam Jones", staff_number="S100")
    other_case = cases.open_case(actor=alice, organisation=orgs["trust_a"], summary="Another")
    same = add_subject(alice, other_case, name="Sam Jones", staff_number="s100")
    elsewhere = add_subject(charlie, case_b, name="Sam Jones", staff_number="S100")
    assert same.person.link.professional == first.person.link.professional
    assert elsewhere.person.link.professional != first.person.link.professional


def test_a_similar_name_and_the_same_birthday_is_a_candidate_not_a_link(
    alice, charlie, case_a, case_b, add_subject
):
    first = add_subject(alice, case_a, name="Jonathan Smith", date_of_birth="1980-04-02")
    second = add_subject(charlie, case_b, name="Jonathon Smyth", date_of_birth="1980-04-02")
    assert second.person.link.professional != first.person.link.professional
    candidate = MatchCandidate.objects.get(person=second.person)
    assert candidate.professional == first.person.link.professional
    assert candidate.status == CandidateStatus.PENDING


def test_same_name_and_birthday_with_different_registration_numbers_are_not_candidates(
    alice, charlie, case_a, case_b, add_subject
):
    add_subject(alice, case_a, name="Jonathan Smith", date_of_birth="1980-04-02", **GMC)
    second = add_subject(
        charlie,
        case_b,
        name="Jonathan Smith",
        date_of_birth="1980-04-02",
        regulator="GMC",
        registration_number="7654321",
    )
    assert not MatchCandidate.objects.filter(person=second.person).exists()
    assert Professional.objects.count() == 2


def test_confirming_a_candidate_links_the_records_and_is_audited(alice, charlie, case_a, case_b, add_subject):
    first = add_subject(charlie, case_b, name="Jonathan Smith", date_of_birth="1980-04-02")
    second = add_subject(alice, case_a, name="Jonathon Smyth", date_of_birth="1980-04-02")
    candidate = MatchCandidate.objects.get(person=second.person)
    link = services.confirm_match(actor=alice, candidate=candidate)
    assert link.professional == first.person.link.professional
    assert link.method == LinkMethod.CONFIRMED
    assert link.confirmed_by == alice
    assert AuditEntry.objects.filter(object_type="patterns.matchcandidate", actor=alice).exists()
    # Two cases about one person at two trusts: a pattern, raised at both.
    assert set(PatternAlert.objects.values_list("organisation__ods_code", flat=True)) == {"RA1", "RB1"}


def test_rejecting_a_candidate_keeps_it_and_does_not_link(alice, charlie, case_a, case_b, add_subject):
    first = add_subject(charlie, case_b, name="Jonathan Smith", date_of_birth="1980-04-02")
    second = add_subject(alice, case_a, name="Jonathon Smyth", date_of_birth="1980-04-02")
    candidate = MatchCandidate.objects.get(person=second.person)
    services.reject_match(actor=alice, candidate=candidate)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED
    assert PersonLink.objects.get(person=second.person).professional != first.person.link.professional
    with pytest.raises(ValueError):
        services.reject_match(actor=alice, candidate=candidate)


def test_only_the_persons_organisation_may_confirm(alice, charlie, case_a, case_b, add_subject):
    add_subject(charlie, case_b, name="Jonathan Smith", date_of_birth="1980-04-02")
    second = add_subject(alice, case_a, name="Jonathon Smyth", date_of_birth="1980-04-02")
    candidate = MatchCandidate.objects.get(person=second.person)
    with pytest.raises(PermissionDenied):
        services.confirm_match(actor=charlie, candidate=candidate)


def test_a_pattern_across_two_trusts_raises_an_alert_at_both(
    alice, charlie, orgs, case_a, add_subject, signal_about, mailoutbox, django_capture_on_commit_callbacks
):
    add_subject(alice, case_a, name="Jonathan Smith", **GMC)
    staff = MembershipFactory(
        user=UserFactory(email="sue@trust-b.nhs.uk"), organisation=orgs["trust_b"], role="clinician"
    ).user
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        signal_about(staff, orgs["trust_b"], name="Jon Smith", **GMC)
    alerts = PatternAlert.objects.all()
    assert {a.organisation.ods_code for a in alerts} == {"RA1", "RB1"}
    alert = alerts[0]
    assert "more_than_one_organisation" in alert.reasons
    assert "signal_while_case_open" in alert.reasons
    assert len(alert.items) == 2
    assert len(callbacks) >= 2  # one e-mail per organisation's case handlers, after commit


def test_the_alert_e_mail_names_nobody(alice, orgs, case_a, add_subject, signal_about, settings):
    from django.core import mail

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    add_subject(alice, case_a, name="Jonathan Smith", **GMC)
    signal_about(alice, orgs["trust_a"], name="Jonathan Smith", **GMC)
    alert = PatternAlert.objects.get()
    services._notify_handlers(alert.pk)
    assert mail.outbox
    assert "Smith" not in mail.outbox[-1].body
    assert "1234567" not in mail.outbox[-1].body


def test_the_same_items_never_raise_a_second_alert(alice, orgs, case_a, add_subject, signal_about):
    add_subject(alice, case_a, name="Jonathan Smith", **GMC)
    signal_about(alice, orgs["trust_a"], name="Jonathan Smith", **GMC)
    professional = Professional.objects.get()
    assert services.assess_patterns(professional) == []
    assert PatternAlert.objects.count() == 1


def test_one_item_raises_nothing(alice, case_a, add_subject):
    add_subject(alice, case_a, name="Jonathan Smith", **GMC)
    assert not PatternAlert.objects.exists()


def test_a_decision_marks_the_alert_reviewed_and_is_audited(alice, orgs, case_a, add_subject, signal_about):
    add_subject(alice, case_a, name="Jonathan Smith", **GMC)
    signal_about(alice, orgs["trust_a"], name="Jonathan Smith", **GMC)
    alert = PatternAlert.objects.get()
    services.record_decision(actor=alice, alert=alert, decision="monitor", reasons="Keep an eye on it.")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.REVIEWED
    assert PatternDecision.objects.get().reasons == "Keep an eye on it."
    assert AuditEntry.objects.filter(object_type="patterns.patternalert", actor=alice).exists()


def test_a_decision_needs_reasons_and_a_handler(alice, charlie, orgs, case_a, add_subject, signal_about):
    add_subject(alice, case_a, name="Jonathan Smith", **GMC)
    signal_about(alice, orgs["trust_a"], name="Jonathan Smith", **GMC)
    alert = PatternAlert.objects.get()
    with pytest.raises(Refused):
        services.record_decision(actor=alice, alert=alert, decision="monitor", reasons=" ")
    with pytest.raises(PermissionDenied):
        services.record_decision(actor=charlie, alert=alert, decision="monitor", reasons="x")


def test_a_weak_signal_is_checked(alice, orgs):
    with pytest.raises(Refused) as refused:
        services.record_weak_signal(actor=alice, organisation=orgs["trust_a"], answers={"name": " "})
    assert set(refused.value.problems) == {"name", "kinds", "description", "observed_on"}


def test_a_member_of_another_organisation_cannot_record_a_signal_here(charlie, orgs, signal_about):
    with pytest.raises(PermissionDenied):
        signal_about(charlie, orgs["trust_a"], name="Somebody")


def test_reading_a_signal_is_audited(alice, orgs, signal_about):
    signal = signal_about(alice, orgs["trust_a"], name="Somebody")
    assert services.read_signal(actor=alice, signal=signal).startswith("Joked")
    assert AuditEntry.objects.filter(action="read", object_type="patterns.weaksignal").count() == 1


def test_a_signal_rampart_records_itself_is_never_refused(orgs):
    from datetime import date, timedelta

    signal = services.record_weak_signal(
        actor=None,
        organisation=orgs["trust_a"],
        answers={
            "name": "",
            "kinds": ["record_access"],
            "description": "",
            "observed_on": date.today() + timedelta(days=1),
        },
        source="access alert X",
    )
    assert (signal.person.name, signal.observed_on, signal.recorded_by) == ("Not named", date.today(), None)


def test_confirming_keeps_an_emptied_professional_that_an_alert_still_names(
    alice, orgs, case_a, add_subject, signal_about
):
    first = add_subject(alice, case_a, name="Jonathan Smith", date_of_birth="1980-04-02")
    other = cases.open_case(actor=alice, organisation=orgs["trust_a"], summary="Another")
    second = add_subject(alice, other, name="Jonathon Smyth", staff_number="S9")
    old = second.person.link.professional
    # A signal with the same staff number and a date of birth: joins `old`, raises an alert about it,
    # and is a possible match for the first person.
    signal = signal_about(
        alice, orgs["trust_a"], name="Jonathon Smyth", staff_number="S9", date_of_birth="1980-04-02"
    )
    assert signal.person.link.professional == old
    assert PatternAlert.objects.filter(professional=old).exists()
    candidate = MatchCandidate.objects.get(person=signal.person, professional=first.person.link.professional)
    services.confirm_match(actor=alice, candidate=candidate)
    assert PersonLink.objects.get(person=second.person).professional == first.person.link.professional
    assert Professional.objects.filter(pk=old.pk).exists()
    assert not PersonLink.objects.filter(professional=old).exists()


def test_confirming_removes_an_emptied_professional_nothing_names(alice, orgs, case_a, add_subject):
    first = add_subject(alice, case_a, name="Jonathan Smith", date_of_birth="1980-04-02")
    other = cases.open_case(actor=alice, organisation=orgs["trust_a"], summary="Another")
    second = add_subject(alice, other, name="Jonathon Smyth", date_of_birth="1980-04-02")
    old = second.person.link.professional
    services.confirm_match(actor=alice, candidate=MatchCandidate.objects.get(person=second.person))
    assert not Professional.objects.filter(pk=old.pk).exists()
    assert PersonLink.objects.get(person=second.person).professional == first.person.link.professional


def test_a_new_item_replaces_the_open_alert_rather_than_adding_another(
    alice, orgs, case_a, add_subject, signal_about
):
    from rampart.patterns.models import AlertStatus

    add_subject(alice, case_a, name="Jonathan Smith", **GMC)
    signal_about(alice, orgs["trust_a"], name="Jonathan Smith", **GMC)
    first = PatternAlert.objects.get()
    signal_about(alice, orgs["trust_a"], name="Jonathan Smith", **GMC)
    first.refresh_from_db()
    newest = PatternAlert.objects.exclude(pk=first.pk).get()
    assert first.status == AlertStatus.SUPERSEDED
    assert newest.status == AlertStatus.OPEN
    assert len(newest.items) == 3
    assert list(selectors.open_alerts(orgs["trust_a"], viewer=alice)) == [newest]
    assert selectors.newer_alert(first) == newest
    assert selectors.newer_alert(newest) is None


def test_an_alert_says_who_it_is_about_in_the_handlers_own_records(
    alice, orgs, case_a, add_subject, signal_about
):
    add_subject(alice, case_a, name="Jonathan Smith", **GMC)
    signal_about(alice, orgs["trust_a"], name="Jon Smith", **GMC)
    alert = PatternAlert.objects.get()
    assert selectors.who(alert) == f"Jonathan Smith (GMC {GMC['registration_number']})"

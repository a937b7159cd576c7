"""Chaperoning writes: records, training looked up, concerns reaching the case handlers, the 24-hour
rule and addenda, each audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from rampart.chaperoning import rules, services
from rampart.chaperoning.models import Addendum, ChaperoneRecord
from rampart.core.models import AuditEntry
from rampart.learning.models import Course, TrainingRecord
from rampart.reporting import selectors as reporting
from tests.chaperoning.factories import answers

pytestmark = pytest.mark.django_db


NOT_SAID = rules.ConcernSubject(about="not_said")


def record(actor, org, concern="", about=NOT_SAID, **changes):
    return services.record_examination(
        actor=actor, organisation=org, answers=answers(**changes), concern=concern, about=about
    )


def test_a_record_is_saved_with_the_examiner_and_audited(cara, orgs, trained_bank_chaperone):
    made = record(cara, orgs["trust_a"])
    assert (made.examiner, made.examiner_name, made.recorded_by) == (cara, "Cara Clinician", cara)
    entry = AuditEntry.objects.filter(object_type="chaperoning.chaperonerecord").latest("id")
    assert (entry.action, entry.actor, entry.detail["gaps"]) == ("create", cara, [])


def test_free_text_and_the_patient_identifier_are_encrypted_at_rest(cara, orgs):
    from django.db import connection

    made = record(cara, orgs["trust_a"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT patient_ref, purpose FROM chaperoning_chaperonerecord WHERE id = %s", [made.pk]
        )
        stored = cursor.fetchone()
    assert all(value.startswith("enc:") for value in stored)
    assert "PX-40213" not in stored[0]


def test_a_bank_chaperone_untrained_in_the_learning_records_is_allowed_but_flagged(cara, orgs):
    made = record(cara, orgs["trust_a"])
    assert made.chaperone_trained is False
    assert rules.gaps(made.facts()) == [rules.Gap.UNTRAINED_CHAPERONE]


def test_a_bank_chaperone_is_found_by_staff_number(cara, orgs, trained_bank_chaperone):
    made = record(cara, orgs["trust_a"], chaperone_name="Joanne Smith", chaperone_staff_number="b1234")
    assert made.chaperone_trained is True


def test_a_chaperone_is_found_by_name_when_there_is_no_staff_number(cara, orgs, trained_bank_chaperone):
    assert record(cara, orgs["trust_a"], chaperone_name="  jo   SMITH ").chaperone_trained is True


def test_training_at_another_trust_does_not_count(cara, orgs):
    TrainingRecord.objects.create(
        organisation=orgs["trust_b"],
        person_name="Jo Smith",
        course=Course.CHAPERONE,
        completed_on=date(2020, 1, 1),
    )
    assert record(cara, orgs["trust_a"]).chaperone_trained is False


def test_expired_training_does_not_count(cara, orgs):
    TrainingRecord.objects.create(
        organisation=orgs["trust_a"],
        person_name="Jo Smith",
        course=Course.CHAPERONE,
        completed_on=date(2020, 1, 1),
        expires_on=date(2021, 1, 1),
    )
    assert record(cara, orgs["trust_a"]).chaperone_trained is False


def test_a_chaperone_recording_is_the_chaperone_and_their_own_training_counts(cara, orgs):
    made = record(
        cara, orgs["trust_a"], recorder_role="chaperone", examiner_name="Dr Ellis", chaperone_name=""
    )
    assert (made.chaperone_user, made.chaperone_name, made.chaperone_trained) == (
        cara,
        "Cara Clinician",
        True,
    )
    assert (made.examiner, made.examiner_name) == (None, "Dr Ellis")


def test_a_trained_user_found_through_the_learning_records_is_linked(cara, orgs, alice):
    TrainingRecord.objects.create(
        organisation=orgs["trust_a"],
        user=alice,
        person_name="Alice Handler",
        course=Course.CHAPERONE,
        completed_on=date(2020, 1, 1),
    )
    made = record(cara, orgs["trust_a"], chaperone_name="Alice Handler")
    assert (made.chaperone_user, made.chaperone_trained) == (alice, True)


def test_no_chaperone_means_no_chaperone_details_are_kept(cara, orgs):
    made = record(
        cara,
        orgs["trust_a"],
        offer="declined",
        chaperone_name="",
        chaperone_role="HCA",
        observed_throughout=True,
    )
    assert (made.chaperone_role, made.observed_throughout, made.chaperone_trained) == ("", None, None)


def test_bad_answers_are_refused_with_every_problem_and_nothing_saved(cara, orgs):
    with pytest.raises(services.InvalidRecord) as refused:
        record(cara, orgs["trust_a"], patient_ref="Jane Smith", offer=None)
    assert set(refused.value.problems) == {"patient_ref", "offer"}
    assert not ChaperoneRecord.objects.exists()


def test_only_a_clinician_at_the_organisation_records(alice, dan, orgs):
    for someone in (alice, dan):
        with pytest.raises(PermissionDenied):
            record(someone, orgs["trust_a"])
    assert not ChaperoneRecord.objects.exists()


# --- concerns ---


def test_a_concern_becomes_a_confidential_report_in_the_case_handlers_queue_at_once(
    cara, alice, orgs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = record(cara, orgs["trust_a"], concern="He did not explain why, and sent me out of the room.")
    concern = made.concerns.get()
    queue = list(reporting.triage_queue(alice, orgs["trust_a"]))
    assert queue == [concern.report]
    report = concern.report
    assert (report.anonymity, report.about, report.categories) == (
        "confidential",
        "staff",
        ["inappropriate_examination"],
    )
    assert f"chaperone record {made.reference}" in report.what_happened
    assert "sent me out of the room" in report.what_happened
    assert (report.reporter_name, report.reporter_email) == ("Cara Clinician", cara.email)
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert "He did not explain" not in mail.outbox[0].body


def test_the_concern_is_audited_with_who_raised_it(cara, orgs):
    made = record(cara, orgs["trust_a"], concern="Worried")
    entry = AuditEntry.objects.filter(object_type="chaperoning.chaperoneconcern").get()
    assert (entry.actor, entry.detail["record"]) == (cara, made.reference)


def test_another_trust_never_sees_the_concern(cara, charlie, orgs):
    record(cara, orgs["trust_a"], concern="Worried")
    assert not reporting.triage_queue(charlie, orgs["trust_b"]).exists()
    assert not reporting.triage_queue(charlie, orgs["trust_a"]).exists()


def test_a_concern_can_be_raised_later_from_the_record(cara, orgs):
    made = record(cara, orgs["trust_a"])
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        services.raise_concern(
            actor=cara, record=made, text="On reflection, it did not feel right.", about=NOT_SAID
        )
    assert made.concerns.count() == 1


def test_an_empty_or_unstorable_concern_is_refused(cara, orgs):
    made = record(cara, orgs["trust_a"])
    for text in ("  ", "bad\ud800"):
        with pytest.raises(services.InvalidRecord):
            services.raise_concern(actor=cara, record=made, text=text, about=NOT_SAID)
    assert not made.concerns.exists()


def test_a_concern_at_an_organisation_not_taking_reports_is_refused_and_nothing_saved(cara, orgs):
    orgs["trust_a"].accepts_reports = False
    orgs["trust_a"].save()
    with pytest.raises(services.InvalidRecord) as refused:
        record(cara, orgs["trust_a"], concern="Worried")
    assert "does not take concerns in Rampart" in refused.value.problems["concern"]
    assert not ChaperoneRecord.objects.exists()


def test_a_too_long_concern_is_refused(cara, orgs):
    with pytest.raises(services.InvalidRecord) as refused:
        record(cara, orgs["trust_a"], concern="x" * 5001)
    assert "5,000 characters" in refused.value.problems["concern"]


def test_only_the_people_on_the_record_raise_a_concern_from_it(cara, alice, orgs):
    made = record(cara, orgs["trust_a"])
    with pytest.raises(PermissionDenied):
        services.raise_concern(actor=alice, record=made, text="Not mine to raise", about=NOT_SAID)


# --- the 24 hours and addenda ---------------------------------------------------------------------------


def test_the_author_changes_a_record_within_24_hours_and_the_change_is_audited(cara, orgs):
    made = record(cara, orgs["trust_a"])
    changed = services.amend_record(
        actor=cara, record=made, answers=answers(department="Urology", chaperone_staff_number="")
    )
    assert changed == ["department"]
    made.refresh_from_db()
    assert made.department == "Urology"
    entry = AuditEntry.objects.filter(action="update").latest("id")
    assert (entry.actor, entry.detail) == (cara, {"changed": ["department"]})


def test_an_unchanged_record_writes_no_audit_entry(cara, orgs):
    made = record(cara, orgs["trust_a"])
    before = AuditEntry.objects.count()
    assert services.amend_record(actor=cara, record=made, answers=answers()) == []
    assert AuditEntry.objects.count() == before


def test_a_change_is_checked_like_a_new_record(cara, orgs):
    made = record(cara, orgs["trust_a"])
    with pytest.raises(services.InvalidRecord):
        services.amend_record(actor=cara, record=made, answers=answers(offer=""))


def test_after_24_hours_the_record_never_changes(cara, orgs):
    made = record(cara, orgs["trust_a"])
    with pytest.raises(services.EditWindowClosed):
        services.amend_record(
            actor=cara,
            record=made,
            answers=answers(department="Urology"),
            now=made.recorded_at + timedelta(hours=24),
        )
    made.refresh_from_db()
    assert made.department == "Gynaecology outpatients"


def test_only_the_author_changes_a_record(cara, bob, orgs):
    made = record(cara, orgs["trust_a"])
    with pytest.raises(PermissionDenied):
        services.amend_record(actor=bob, record=made, answers=answers(department="Urology"))


def test_an_addendum_is_a_new_audited_row_and_the_record_is_unchanged(cara, orgs):
    made = record(cara, orgs["trust_a"])
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        addendum = services.add_addendum(
            actor=cara, record=made, reason="Wrong chaperone name", text="The chaperone was Jo Smyth."
        )
    assert (addendum.author, addendum.reason) == (cara, "Wrong chaperone name")
    assert ChaperoneRecord.objects.get(pk=made.pk).chaperone_name == "Jo Smith"
    entry = AuditEntry.objects.filter(object_type="chaperoning.addendum").get()
    assert (entry.actor, entry.detail) == (cara, {"record": made.reference})


def test_an_addendum_needs_a_reason_and_words(cara, orgs):
    made = record(cara, orgs["trust_a"])
    with pytest.raises(services.InvalidRecord) as refused:
        services.add_addendum(actor=cara, record=made, reason=" ", text="")
    assert set(refused.value.problems) == {"reason", "text"}
    assert not Addendum.objects.exists()

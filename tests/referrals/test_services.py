"""Referral records through the services: sync with the duties engine, status changes, checklists,
reminders, packets' audit, and who may do what."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from rampart.cases import services as cases
from rampart.cases.models import Case, Investigation, TimelineEntry
from rampart.cases.selectors import duties_facts
from rampart.core.errors import Conflict, Refused
from rampart.core.models import AuditEntry, Reminder
from rampart.duties import evaluate
from rampart.referrals import selectors, services
from rampart.referrals.models import EvidenceTick, Referral, ReferralStatusChange
from tests.factories import MembershipFactory, UserFactory
from tests.referrals.conftest import add_parties, conclude, record, screen


def test_an_unscreened_case_has_records_for_the_duties_to_consider(case, alice):
    made = services.sync_referrals(actor=alice, case=case)
    assert made
    assert {r.duty_status for r in made} == {"consider"}


def test_each_referral_duty_becomes_a_record_to_do(concluded, alice):
    made = services.sync_referrals(actor=alice, case=concluded)
    # A patient affected whose age and vulnerability the case does not yet record: safeguarding is
    # to be considered; the nurse dismissed with a finding has left, so sharing on transfer applies.
    assert [r.duty_code for r in made] == [
        "POLICE_REPORT",
        "SAFEGUARDING_REFERRAL",
        "DBS_BARRING_REFERRAL",
        "REGULATOR_REFERRAL",
        "CQC_NOTIFICATION",
        "ESR_RECORD_UPDATE",
        "INFORMATION_SHARING_ON_TRANSFER",
    ]
    regulator = Referral.objects.get(case=concluded, duty_code="REGULATOR_REFERRAL")
    assert (regulator.status, regulator.duty_status, regulator.recipient) == (
        "to_do",
        "required",
        "Nursing and Midwifery Council (NMC)",
    )


def test_steps_of_the_case_itself_get_no_referral_record(concluded, alice):
    services.sync_referrals(actor=alice, case=concluded)
    assert not Referral.objects.filter(duty_code__in=["REVIEW_GROUP", "RISK_ASSESSMENT_ALL_PARTIES"]).exists()


def _written(case):
    """What syncing wrote about a case: its records, their first history rows and the engine's audit."""
    referrals = Referral.objects.filter(case=case).order_by("duty_code")
    return (
        list(referrals.values_list("duty_code", "duty_status", "status", "recipient", "due_on", "indicated")),
        list(
            ReferralStatusChange.objects.filter(referral__case=case)
            .order_by("referral__duty_code")
            .values_list("referral__duty_code", "to_status", "reason")
        ),
        [
            (e.action, e.actor_label, e.detail)
            for e in AuditEntry.objects.filter(
                object_type="referrals.referral", object_id__in=[str(r.pk) for r in referrals]
            ).order_by("id")
        ],
    )


def test_duties_handed_in_by_the_case_page_write_what_working_them_out_here_writes(alice, orgs):
    worked_out, handed_in = (
        cases.open_case(actor=alice, organisation=orgs["trust_a"], summary="Touching") for _ in range(2)
    )
    for case in (worked_out, handed_in):
        screen(case, alice)
        add_parties(case, alice)
        conclude(case, alice)

    services.sync_referrals(actor=alice, case=worked_out)
    services.sync_referrals(actor=alice, case=handed_in, evaluated=evaluate(duties_facts(handed_in)))

    assert _written(handed_in) == _written(worked_out)


def test_only_the_duties_handed_in_are_synced(concluded, alice):
    dbs = [d for d in evaluate(duties_facts(concluded)) if d.code == "DBS_BARRING_REFERRAL"]
    Referral.objects.filter(case=concluded).delete()  # those the case's writes opened

    made = services.sync_referrals(actor=alice, case=concluded, evaluated=dbs)

    assert [r.duty_code for r in made] == ["DBS_BARRING_REFERRAL"]


def test_a_new_record_starts_its_history_with_the_engines_reason(case, alice):
    Referral.objects.filter(case=case).delete()  # any the case's earlier writes opened
    screen(case, alice)  # the triage's case_changed opens the record, with what the engine says then
    first = Referral.objects.get(case=case, duty_code="CQC_NOTIFICATION").changes.get()
    engine = next(d for d in evaluate(duties_facts(case)) if d.code == "CQC_NOTIFICATION")
    assert (first.from_status, first.to_status, first.actor, first.reason) == (
        "",
        "to_do",
        None,
        engine.reason,
    )


def test_the_due_date_comes_from_the_duty(screened, alice):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    assert cqc.due_on == timezone.localtime(screened.opened_at).date()


def test_syncing_again_writes_nothing(screened, alice):
    services.sync_referrals(actor=alice, case=screened)
    counts = (Referral.objects.count(), ReferralStatusChange.objects.count(), AuditEntry.objects.count())
    services.sync_referrals(actor=alice, case=screened)
    assert (
        Referral.objects.count(),
        ReferralStatusChange.objects.count(),
        AuditEntry.objects.count(),
    ) == counts


def test_opening_a_record_is_audited_as_the_engine(screened, alice):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    entry = AuditEntry.objects.get(object_type="referrals.referral", object_id=str(cqc.pk), action="create")
    assert (entry.actor, entry.actor_label) == (None, services.ENGINE)


def _not_sexual(case, alice):
    """The facts change: on reflection, nothing sexual (as if re-screened)."""
    Case.objects.filter(pk=case.pk).update(sexual_dimension="no")
    case.refresh_from_db()


def test_a_sent_referral_is_kept_when_its_duty_disappears(screened, alice):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    services.change_status(
        actor=alice,
        referral=cqc,
        version=cqc.version,
        status="sent",
        sent_on=date(2026, 1, 2),
        recipient_reference="CQC-1",
        reason="",
    )
    _not_sexual(screened, alice)
    services.sync_referrals(actor=alice, case=screened)
    cqc.refresh_from_db()
    assert (cqc.status, cqc.indicated, cqc.sent_on) == ("sent", False, date(2026, 1, 2))


def test_a_record_to_do_is_kept_too_and_comes_back_when_the_duty_does(screened, alice):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    _not_sexual(screened, alice)
    services.sync_referrals(actor=alice, case=screened)
    cqc.refresh_from_db()
    assert not cqc.indicated
    Case.objects.filter(pk=screened.pk).update(sexual_dimension="yes")
    screened.refresh_from_db()
    services.sync_referrals(actor=alice, case=screened)
    cqc.refresh_from_db()
    assert cqc.indicated


def test_a_record_to_do_follows_the_engine_when_a_duty_becomes_required(screened, alice):
    regulator = record(screened, alice, "REGULATOR_REFERRAL")
    assert regulator.duty_status == "consider"
    Investigation.objects.create(
        case=screened, terms_of_reference="ToR", substantiated=True, started_on=date(2026, 1, 5)
    )
    services.sync_referrals(actor=alice, case=screened)
    regulator.refresh_from_db()
    assert regulator.duty_status == "required"


def test_a_due_date_reminds_the_named_handler_once(screened, alice):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    services.sync_referrals(actor=alice, case=screened)
    reminder = Reminder.objects.get(topic=f"referral:{cqc.pk}")
    assert reminder.recipient == alice
    assert "Nurse" not in reminder.subject + reminder.body  # no case details in e-mail
    assert screened.reference in reminder.subject


def test_a_referral_without_a_due_date_sets_no_reminder(screened, alice):
    dbs = record(screened, alice, "DBS_BARRING_REFERRAL")
    assert not Reminder.objects.filter(topic=f"referral:{dbs.pk}").exists()


def test_sending_a_referral_cancels_its_unsent_reminder(screened, alice):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    services.change_status(
        actor=alice,
        referral=cqc,
        version=cqc.version,
        status="sent",
        sent_on=date(2026, 1, 2),
        recipient_reference="",
        reason="",
    )
    assert not Reminder.objects.filter(topic=f"referral:{cqc.pk}").exists()


def test_a_handler_may_set_a_due_date_where_the_duty_gives_none(screened, alice):
    dbs = record(screened, alice, "DBS_BARRING_REFERRAL")
    services.change_status(
        actor=alice,
        referral=dbs,
        version=dbs.version,
        status="to_do",
        sent_on=None,
        recipient_reference="",
        reason="",
        due_on=date(2027, 3, 1),
    )
    dbs.refresh_from_db()
    assert (dbs.due_on, dbs.due_set_by_handler) == (date(2027, 3, 1), True)
    assert Reminder.objects.get(topic=f"referral:{dbs.pk}").due_at.date() == date(2027, 3, 1)
    services.sync_referrals(actor=alice, case=screened)
    dbs.refresh_from_db()
    assert dbs.due_on == date(2027, 3, 1)  # the engine gives none and does not clear the handler's


def test_a_duty_deadline_cannot_be_moved_by_the_handler(screened, alice):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    due = cqc.due_on
    services.change_status(
        actor=alice,
        referral=cqc,
        version=cqc.version,
        status="to_do",
        sent_on=None,
        recipient_reference="",
        reason="",
        due_on=due + timedelta(days=30),
    )
    cqc.refresh_from_db()
    assert cqc.due_on == due


def test_recording_a_referral_as_sent_writes_the_row_the_record_the_timeline_and_the_audit(screened, alice):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    services.change_status(
        actor=alice,
        referral=cqc,
        version=cqc.version,
        status="sent",
        sent_on=date(2026, 11, 20),
        recipient_reference="CQC-123",
        reason="",
    )
    cqc.refresh_from_db()
    last = cqc.changes.last()
    assert (cqc.status, cqc.sent_on, cqc.recipient_reference, cqc.changed_by) == (
        "sent",
        date(2026, 11, 20),
        "CQC-123",
        alice,
    )
    assert (last.from_status, last.to_status, last.actor, last.recipient_reference) == (
        "to_do",
        "sent",
        alice,
        "CQC-123",
    )
    assert TimelineEntry.objects.filter(case=screened, what="CQC notification: sent").exists()
    assert AuditEntry.objects.filter(
        actor=alice, action="update", object_type="referrals.referral", object_id=str(cqc.pk)
    ).exists()


def test_status_changes_are_appended_never_edited(screened, alice):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    services.change_status(
        actor=alice,
        referral=cqc,
        version=None,
        status="sent",
        sent_on=date(2026, 11, 20),
        recipient_reference="",
        reason="",
    )
    services.change_status(
        actor=alice,
        referral=cqc,
        version=None,
        status="acknowledged",
        sent_on=date(2026, 11, 20),
        recipient_reference="CQC-9",
        reason="Acknowledged by e-mail",
    )
    assert list(cqc.changes.values_list("to_status", flat=True)) == ["to_do", "sent", "acknowledged"]


def test_not_needed_without_a_reason_is_refused_and_nothing_is_written(screened, alice):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    with pytest.raises(Refused) as refused:
        services.change_status(
            actor=alice,
            referral=cqc,
            version=cqc.version,
            status="not_needed",
            sent_on=None,
            recipient_reference="",
            reason="",
        )
    assert refused.value.problems == {"reason": "Enter why this referral is not needed"}
    cqc.refresh_from_db()
    assert (cqc.status, cqc.changes.count()) == ("to_do", 1)


def test_a_stale_version_is_refused(screened, alice):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    stale = cqc.version
    services.change_status(
        actor=alice,
        referral=cqc,
        version=stale,
        status="not_needed",
        sent_on=None,
        recipient_reference="",
        reason="Notified NHS England already",
    )
    with pytest.raises(Conflict):
        services.change_status(
            actor=alice,
            referral=cqc,
            version=stale,
            status="sent",
            sent_on=date(2026, 11, 1),
            recipient_reference="",
            reason="",
        )
    cqc.refresh_from_db()
    assert (cqc.status, cqc.changes.count()) == ("not_needed", 2)


def test_a_sent_referral_needs_its_date_in_the_database_too(screened, alice):
    from django.db import IntegrityError, transaction

    cqc = record(screened, alice, "CQC_NOTIFICATION")
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=cqc.pk).update(status="sent", sent_on=None)


def test_the_checklist_ticks_and_unticks(screened, alice):
    dbs = record(screened, alice, "DBS_BARRING_REFERRAL")
    services.update_checklist(
        actor=alice, referral=dbs, version=None, ticked={"chronology", "personal_details"}
    )
    services.update_checklist(
        actor=alice, referral=dbs, version=None, ticked={"chronology", "outcome_letter"}
    )
    assert selectors.ticked_items(dbs) == {"chronology", "outcome_letter"}
    assert EvidenceTick.objects.get(referral=dbs, item="chronology").ticked_by == alice
    entry = AuditEntry.objects.filter(object_id=str(dbs.pk), action="update").latest("id")
    assert (entry.detail["ticked"], entry.detail["unticked"]) == (["outcome_letter"], ["personal_details"])


def test_the_checklist_refuses_items_not_on_it(screened, alice):
    dbs = record(screened, alice, "DBS_BARRING_REFERRAL")
    with pytest.raises(Refused) as refused:
        services.update_checklist(actor=alice, referral=dbs, version=None, ticked={"crystal_ball"})
    assert refused.value.problems == {"ticked": "Select items from the checklist"}


def test_a_stale_checklist_is_refused(screened, alice):
    dbs = record(screened, alice, "DBS_BARRING_REFERRAL")
    stale = dbs.version
    services.update_checklist(actor=alice, referral=dbs, version=stale, ticked={"chronology"})
    with pytest.raises(Conflict):
        services.update_checklist(actor=alice, referral=dbs, version=stale, ticked=set())
    assert selectors.ticked_items(dbs) == {"chronology"}


def test_downloading_a_packet_is_an_audited_export(concluded, alice):
    dbs = record(concluded, alice, "DBS_BARRING_REFERRAL")
    services.record_packet_export(actor=alice, referral=dbs)
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.actor, entry.object_id, entry.detail["case"]) == (
        "export",
        alice,
        str(dbs.pk),
        concluded.reference,
    )


def test_there_is_no_packet_for_a_cqc_notification(screened, alice):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    with pytest.raises(Refused) as refused:
        services.record_packet_export(actor=alice, referral=cqc)
    assert refused.value.problems == {"packet": "There is no referral packet for this duty"}


@pytest.fixture
def reviewer(orgs):
    from rampart.cases.models import ReviewGroupMember

    user = MembershipFactory(
        user=UserFactory(email="rita@trust-a.nhs.uk"),
        organisation=orgs["trust_a"],
        role="review_group_member",
    ).user
    ReviewGroupMember.objects.create(organisation=orgs["trust_a"], user=user, role_in_group="DASV lead")
    return user


@pytest.mark.parametrize("who", ["charlie", "reviewer"])
def test_only_the_case_handler_may_change_a_referral(screened, alice, who, request):
    # The reviewer sees the case once it is referred to the review group.
    Case.objects.filter(pk=screened.pk).update(state="awaiting_review_group")
    user = request.getfixturevalue(who)
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    with pytest.raises(PermissionDenied):
        services.change_status(
            actor=user,
            referral=cqc,
            version=None,
            status="not_needed",
            sent_on=None,
            recipient_reference="",
            reason="Not ours",
        )
    with pytest.raises(PermissionDenied):
        services.update_checklist(actor=user, referral=cqc, version=None, ticked=set())
    with pytest.raises(PermissionDenied):
        services.record_packet_export(actor=user, referral=record(screened, alice, "DBS_BARRING_REFERRAL"))


def test_charlie_cannot_sync_trust_as_case(screened, charlie):
    with pytest.raises(PermissionDenied):
        services.sync_referrals(actor=charlie, case=screened)


def _make_overdue(case, alice):
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(days=10))
    case.refresh_from_db()
    return record(case, alice, "CQC_NOTIFICATION")


def test_overdue_referrals_are_those_to_do_past_their_date(screened, alice, case_opened_today):
    cqc = _make_overdue(screened, alice)
    today = timezone.localdate()
    overdue = list(selectors.overdue_referrals(alice, today=today))
    # Every referral duty now has a due date from its basis, so ten days on several are overdue.
    assert cqc in overdue
    assert set(overdue) == set(Referral.objects.filter(case=screened, status="to_do", due_on__lt=today))
    # A case opened today has nothing overdue yet, though its records have due dates.
    assert Referral.objects.filter(case=case_opened_today, due_on__isnull=False).exists()
    assert not [r for r in overdue if r.case_id == case_opened_today.pk]


def test_a_sent_referral_is_not_overdue(screened, alice):
    cqc = _make_overdue(screened, alice)
    services.change_status(
        actor=alice,
        referral=cqc,
        version=None,
        status="sent",
        sent_on=date(2026, 1, 1),
        recipient_reference="",
        reason="",
    )
    overdue = list(selectors.overdue_referrals(alice, today=timezone.localdate()))
    assert cqc not in overdue
    assert all(r.status == "to_do" for r in overdue)


@pytest.fixture
def case_opened_today(alice, orgs):
    fresh = cases.open_case(actor=alice, organisation=orgs["trust_a"], summary="Remarks on a ward round.")
    screen(fresh, alice)
    add_parties(fresh, alice)
    return fresh


def test_charlie_sees_no_overdue_referral_of_trust_a(screened, alice, charlie):
    _make_overdue(screened, alice)
    assert not selectors.overdue_referrals(charlie, today=timezone.localdate()).exists()

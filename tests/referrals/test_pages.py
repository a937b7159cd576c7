"""Referral pages: the case page's records, the referral page, status and checklist forms, packets,
the overdue queue, and Charlie (Trust B) who gets 404 on all of Trust A's."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from rampart.cases import services as cases
from rampart.cases.models import Case, Person
from rampart.core.models import AuditEntry
from rampart.referrals import services
from rampart.referrals.models import Referral
from tests.dates import date_post
from tests.referrals.conftest import record


def url(case, code, suffix=""):
    return f"/referrals/{case.reference}/{code.lower().replace('_', '-')}/{suffix}"


def pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_case_page_shows_each_referral_record_with_its_status_and_deadline(screened, alice, as_user):
    body = as_user(alice).get(f"/cases/{screened.reference}/").content.decode()
    cqc = Referral.objects.get(case=screened, duty_code="CQC_NOTIFICATION")
    assert "Referral record:" in body
    assert f"due {cqc.due_on.day} {cqc.due_on:%b %Y}" in body
    assert url(screened, "CQC_NOTIFICATION") in body
    assert url(screened, "CQC_NOTIFICATION", "status/") in body
    assert url(screened, "DBS_BARRING_REFERRAL", "packet.pdf") in body


def test_the_case_page_lists_a_sent_referral_whose_duty_disappeared(screened, alice, as_user):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    services.change_status(
        actor=alice,
        referral=cqc,
        version=None,
        status="sent",
        sent_on=date(2026, 11, 2),
        recipient_reference="",
        reason="",
    )
    Case.objects.filter(pk=screened.pk).update(sexual_dimension="no")
    screened.refresh_from_db()
    services.sync_referrals(actor=alice, case=screened)  # as `rampart sync-referrals` after such a change
    body = as_user(alice).get(f"/cases/{screened.reference}/").content.decode()
    assert "Referral records no longer indicated" in body
    assert "CQC notification</a>: sent, sent 2 Nov 2026" in body


def test_the_referral_page_shows_the_record_its_history_and_checklist(screened, alice, as_user):
    record(screened, alice, "DBS_BARRING_REFERRAL")
    response = as_user(alice).get(url(screened, "DBS_BARRING_REFERRAL"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Disclosure and Barring Service (DBS)" in body
    assert "Rampart (duties engine)" in body
    assert "First-hand witness statements" in body
    assert "Download the referral packet (PDF)" in body


def test_viewing_a_referral_is_audited(screened, alice, as_user):
    dbs = record(screened, alice, "DBS_BARRING_REFERRAL")
    as_user(alice).get(url(screened, "DBS_BARRING_REFERRAL"))
    assert AuditEntry.objects.filter(action="read", actor=alice, object_id=str(dbs.pk)).exists()


def test_ticking_the_checklist(screened, alice, as_user):
    dbs = record(screened, alice, "DBS_BARRING_REFERRAL")
    response = as_user(alice).post(
        url(screened, "DBS_BARRING_REFERRAL"),
        {"version": dbs.version, "ticked": ["chronology", "outcome_letter"]},
    )
    assert response.status_code == 302
    assert set(dbs.ticks.values_list("item", flat=True)) == {"chronology", "outcome_letter"}


def test_a_stale_checklist_gets_409_with_the_ticks_kept(screened, alice, as_user):
    dbs = record(screened, alice, "DBS_BARRING_REFERRAL")
    stale = dbs.version
    services.update_checklist(actor=alice, referral=dbs, version=stale, ticked={"personal_details"})
    response = as_user(alice).post(
        url(screened, "DBS_BARRING_REFERRAL"), {"version": stale, "ticked": ["chronology"]}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "This referral changed while you were working on it" in body
    assert 'value="chronology" checked' in body


def test_recording_a_referral_as_sent(screened, alice, as_user):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    response = as_user(alice).post(
        url(screened, "CQC_NOTIFICATION", "status/"),
        {
            "version": cqc.version,
            "status": "sent",
            **date_post("sent_on", "2026-11-20"),
            "recipient_reference": "CQC-42",
        },
    )
    assert response["Location"] == url(screened, "CQC_NOTIFICATION")
    cqc.refresh_from_db()
    assert (cqc.status, cqc.sent_on, cqc.recipient_reference) == ("sent", date(2026, 11, 20), "CQC-42")


def test_a_refused_status_shows_an_error_summary_and_keeps_what_was_typed(screened, alice, as_user):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    response = as_user(alice).post(
        url(screened, "CQC_NOTIFICATION", "status/"),
        {
            "version": cqc.version,
            "status": "sent",
            **date_post("sent_on", ""),
            "recipient_reference": "CQC-42",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert re.search(r'href="#id_sent_on_day">\s*Enter the date it was sent', body)
    assert 'value="CQC-42"' in body
    assert "<title>Error:" in body


def test_not_needed_needs_a_reason_on_the_page(screened, alice, as_user):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    body = (
        as_user(alice)
        .post(url(screened, "CQC_NOTIFICATION", "status/"), {"version": cqc.version, "status": "not_needed"})
        .content.decode()
    )
    assert "Enter why this referral is not needed" in body


def test_a_stale_status_form_gets_409_with_the_answers_kept(screened, alice, as_user):
    cqc = record(screened, alice, "CQC_NOTIFICATION")
    stale = cqc.version
    services.change_status(
        actor=alice,
        referral=cqc,
        version=stale,
        status="not_needed",
        sent_on=None,
        recipient_reference="",
        reason="NHS England told",
    )
    response = as_user(alice).post(
        url(screened, "CQC_NOTIFICATION", "status/"),
        {
            "version": stale,
            "status": "sent",
            **date_post("sent_on", "2026-11-20"),
            "recipient_reference": "CQC-77",
        },
    )
    assert response.status_code == 409
    assert 'value="CQC-77"' in response.content.decode()


def test_a_due_date_field_only_where_the_duty_gives_none(screened, alice, as_user):
    record(screened, alice, "CQC_NOTIFICATION")
    client = as_user(alice)
    assert (
        'name="due_on_day"' not in client.get(url(screened, "CQC_NOTIFICATION", "status/")).content.decode()
    )
    assert (
        'name="due_on_day"' in client.get(url(screened, "DBS_BARRING_REFERRAL", "status/")).content.decode()
    )


def test_the_dbs_packet_lists_what_is_missing_first_then_the_case(concluded, alice, as_user):
    cases.record_risk_assessment(
        actor=alice,
        case=concluded,
        version=None,
        party=concluded.parties.get(role="subject"),
        risks=["patients"],
        details="Works nights alone",
        mitigations="Chaperone on every shift",
        contact_police=False,
        review_on=date(2027, 1, 10),
    )
    cases.add_interim_measure(
        actor=alice,
        case=concluded,
        version=None,
        kind="non_patient_facing",
        reason="While the investigation runs",
        starts_on=date(2026, 11, 1),
        review_on=date(2027, 1, 1),
    )
    dbs = record(concluded, alice, "DBS_BARRING_REFERRAL")
    services.update_checklist(actor=alice, referral=dbs, version=None, ticked={"chronology"})
    response = as_user(alice).get(url(concluded, "DBS_BARRING_REFERRAL", "packet.pdf"))
    text = pdf_text(response)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert text.index("What is missing") < text.index("Organisation") < text.index("Chronology")
    assert "Not yet gathered: Personal details" in text
    assert "Not yet gathered: A dated chronology" not in text
    for shown in (
        "Trust A",
        "Nurse Subject",
        "Pat Patient",
        "Works nights alone",
        "Non-patient-facing work",
        "touched the patient without consent",
        "Dismissal",
        "Interim measure: Non-patient-facing work",  # from the case timeline
    ):
        assert shown in text


def test_the_regulator_packet_names_a_missing_registration_number(screened, alice, as_user):
    Person.objects.filter(parties__case=screened, parties__role="subject").update(
        registration_number="", registration_key=""
    )
    record(screened, alice, "REGULATOR_REFERRAL")
    text = pdf_text(as_user(alice).get(url(screened, "REGULATOR_REFERRAL", "packet.pdf")))
    assert "Regulator referral packet" in text
    assert "Nursing and Midwifery Council (NMC)" in text
    missing = text[text.index("What is missing") : text.index("Organisation")]
    assert "registration number is not recorded" in missing
    assert "The outcome is not recorded" in missing


def test_downloading_a_packet_is_audited_as_an_export(concluded, alice, as_user):
    dbs = record(concluded, alice, "DBS_BARRING_REFERRAL")
    as_user(alice).get(url(concluded, "DBS_BARRING_REFERRAL", "packet.pdf"))
    assert AuditEntry.objects.filter(action="export", actor=alice, object_id=str(dbs.pk)).exists()


def test_there_is_no_packet_page_for_a_cqc_notification(screened, alice, as_user):
    record(screened, alice, "CQC_NOTIFICATION")
    assert as_user(alice).get(url(screened, "CQC_NOTIFICATION", "packet.pdf")).status_code == 404


def test_the_overdue_page_lists_overdue_referrals(screened, alice, as_user):
    Case.objects.filter(pk=screened.pk).update(opened_at=timezone.now() - timedelta(days=10))
    screened.refresh_from_db()
    record(screened, alice, "CQC_NOTIFICATION")
    body = as_user(alice).get("/referrals/").content.decode()
    assert url(screened, "CQC_NOTIFICATION") in body
    assert "Overdue" in body


def test_the_overdue_page_is_reachable_from_the_case_list(alice, as_user, orgs):
    assert 'href="/referrals/"' in as_user(alice).get("/cases/").content.decode()


@pytest.mark.parametrize(
    ("method", "suffix", "code"),
    [
        ("get", "", "DBS_BARRING_REFERRAL"),
        ("post", "", "DBS_BARRING_REFERRAL"),
        ("get", "status/", "CQC_NOTIFICATION"),
        ("post", "status/", "CQC_NOTIFICATION"),
        ("get", "packet.pdf", "DBS_BARRING_REFERRAL"),
    ],
)
def test_charlie_gets_404_on_every_referral_page_of_trust_a(
    screened, alice, charlie, as_user, method, suffix, code
):
    record(screened, alice, code)
    response = getattr(as_user(charlie), method)(
        url(screened, code, suffix), {"status": "not_needed", "reason": "x"}
    )
    assert response.status_code == 404


def test_charlie_sees_nothing_of_trust_a_on_the_referrals_page(screened, alice, charlie, as_user):
    Case.objects.filter(pk=screened.pk).update(opened_at=timezone.now() - timedelta(days=10))
    screened.refresh_from_db()
    record(screened, alice, "CQC_NOTIFICATION")
    body = as_user(charlie).get("/referrals/").content.decode()
    assert screened.reference not in body
    assert "No referrals are to do." in body
    assert "No referrals are overdue." in as_user(charlie).get("/referrals/?show=overdue").content.decode()


def test_the_referrals_page_lists_every_referral_to_do_overdue_first_then_by_date_then_undated(
    screened, alice, as_user
):
    today = timezone.localdate()
    services.sync_referrals(actor=alice, case=screened)
    records = list(Referral.objects.filter(case=screened, status="to_do", indicated=True))
    assert len(records) >= 3, [r.duty_code for r in records]
    overdue, later, undated = records[0], records[1], records[2]
    Referral.objects.filter(pk=overdue.pk).update(due_on=today - timedelta(days=2))
    Referral.objects.filter(pk=later.pk).update(due_on=today + timedelta(days=5))
    Referral.objects.filter(pk=undated.pk).update(due_on=None)
    body = as_user(alice).get("/referrals/").content.decode()
    positions = [body.index(url(screened, r.duty_code)) for r in (overdue, later, undated)]
    assert positions == sorted(positions)
    assert "No due date" in body


def test_the_overdue_filter_keeps_only_the_overdue(screened, alice, as_user):
    today = timezone.localdate()
    services.sync_referrals(actor=alice, case=screened)
    first, second = list(Referral.objects.filter(case=screened, status="to_do", indicated=True))[:2]
    Referral.objects.filter(pk=first.pk).update(due_on=today - timedelta(days=2))
    Referral.objects.filter(pk=second.pk).update(due_on=today + timedelta(days=5))
    body = as_user(alice).get("/referrals/?show=overdue").content.decode()
    assert url(screened, first.duty_code) in body
    assert url(screened, second.duty_code) not in body


def test_a_duty_that_is_not_a_referral_has_no_page(screened, alice, as_user):
    assert as_user(alice).get(url(screened, "REVIEW_GROUP")).status_code == 404


def test_someone_signed_out_is_sent_to_sign_in(screened, alice, client):
    record(screened, alice, "CQC_NOTIFICATION")
    assert client.get(url(screened, "CQC_NOTIFICATION")).status_code == 302

"""Importing a scan, dismissing an alert and raising a concern: one transaction, audited, checked."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from rampart.access_alerts import services
from rampart.access_alerts.models import AccessAlert, AlertDecision, AlertEvidence, AlertStatus
from rampart.core.errors import Refused
from rampart.core.models import AuditEntry
from tests.access_alerts.conftest import alert_rows, event_rows


def test_import_adds_every_alert_with_its_evidence(imported, orgs):
    assert (imported.new, imported.already_imported, imported.evidence_attached) == (3, 0, 2)
    alerts = AccessAlert.objects.filter(organisation=orgs["trust_a"])
    assert [a.rules for a in alerts] == [["VIP", "PILE_ON"], ["BULK"], ["FAMILY"]]
    top = alerts.first()
    assert (top.epr_user_id, top.patient_id, top.status) == ("100", "23", AlertStatus.NEW)
    assert top.evidence.rows == 3


def test_identifiers_are_encrypted_at_rest(imported):
    with connection.cursor() as cursor:
        cursor.execute("SELECT epr_user_id, patient_id, user_key FROM access_alerts_accessalert")
        stored = cursor.fetchall()
        cursor.execute("SELECT events_csv FROM access_alerts_alertevidence")
        evidence = [r[0] for r in cursor.fetchall()]
    assert all(u.startswith("enc:") and p.startswith("enc:") for u, p, _ in stored if p)
    assert all(key != "100" and len(key) == 64 for _, _, key in stored)
    assert all(e.startswith("enc:") for e in evidence)


def test_reimporting_the_same_scan_adds_nothing(imported, priya, orgs):
    again = services.import_scan(
        actor=priya, organisation=orgs["trust_a"], source="again", alerts=alert_rows()
    )
    assert (again.new, again.already_imported) == (0, 3)
    assert AccessAlert.objects.count() == 3


def test_reimporting_with_events_attaches_missing_evidence(priya, orgs):
    services.import_scan(actor=priya, organisation=orgs["trust_a"], source="first", alerts=alert_rows())
    again = services.import_scan(
        actor=priya, organisation=orgs["trust_a"], source="second", alerts=alert_rows(), events=event_rows()
    )
    assert (again.new, again.evidence_attached) == (0, 2)
    assert AlertEvidence.objects.count() == 2


def test_the_same_scan_at_another_trust_is_its_own(imported, pete, orgs):
    other = services.import_scan(actor=pete, organisation=orgs["trust_b"], source="b", alerts=alert_rows())
    assert other.new == 3


def test_import_is_audited_with_its_counts(imported, priya):
    entry = AuditEntry.objects.filter(object_type="access_alerts.alertimport").get()
    assert (entry.actor, entry.detail["new"], entry.detail["evidence_attached"]) == (priya, 3, 2)


def test_a_case_handler_cannot_import(alice, orgs):
    with pytest.raises(PermissionDenied):
        services.import_scan(actor=alice, organisation=orgs["trust_a"], source="x", alerts=alert_rows())
    assert not AccessAlert.objects.exists()


def test_trust_bs_privacy_officer_cannot_import_for_trust_a(pete, orgs):
    with pytest.raises(PermissionDenied):
        services.import_scan(actor=pete, organisation=orgs["trust_a"], source="x", alerts=alert_rows())


def test_dismissing_keeps_the_reason_and_audits(imported, priya):
    alert = AccessAlert.objects.first()
    services.dismiss(
        actor=priya, alert=alert, reason="care_not_recorded", details="Ward round cover, confirmed."
    )
    alert.refresh_from_db()
    decision = AlertDecision.objects.get(alert=alert)
    assert (alert.status, decision.actor, decision.details) == (
        "dismissed",
        priya,
        "Ward round cover, confirmed.",
    )
    entry = AuditEntry.objects.filter(object_type="access_alerts.accessalert").latest("id")
    assert entry.detail == {"status": "dismissed", "reason": "care_not_recorded"}


def test_an_alert_is_decided_once(imported, priya):
    alert = AccessAlert.objects.first()
    services.dismiss(actor=priya, alert=alert, reason="other", details="Checked.")
    with pytest.raises(services.AlreadyDecided) as refused:
        services.raise_concern(actor=priya, alert=AccessAlert.objects.get(pk=alert.pk), details="Again")
    assert isinstance(refused.value, Refused)
    assert refused.value.reasons == ("This alert has already been decided.",)
    assert AlertDecision.objects.count() == 1


def test_an_unknown_reason_is_refused(imported, priya):
    with pytest.raises(ValueError):
        services.dismiss(actor=priya, alert=AccessAlert.objects.first(), reason="bored", details="x")


def test_raising_a_concern_sends_a_named_report_about_staff(imported, priya, orgs):
    alert = AccessAlert.objects.first()
    report = services.raise_concern(
        actor=priya,
        alert=alert,
        details="Not on the ward that day.",
        identity="confirmed",
        staff_name="Sam Smith",
        staff_role="Ward clerk",
    )
    alert.refresh_from_db()
    assert (alert.status, alert.report) == ("concern_raised", report)
    assert (report.organisation, report.anonymity, report.about) == (orgs["trust_a"], "named", "staff")
    assert (report.reporter_email, report.categories) == (
        "priya@trust-a.nhs.uk",
        ["inappropriate_records_access"],
    )
    assert "EPR user 100 looked at" in report.what_happened
    assert "has confirmed who holds this EPR login: Sam Smith, Ward clerk." in report.what_happened
    assert "VIP or sensitive record" in report.what_happened
    assert "Not on the ward that day." in report.what_happened
    assert f"/access-alerts/{alert.public_id}/events.csv" in report.what_happened


def test_a_confirmed_identity_needs_a_name_and_a_role_and_nothing_is_saved_without(imported, priya):
    alert = AccessAlert.objects.first()
    with pytest.raises(Refused) as refused:
        services.raise_concern(actor=priya, alert=alert, details="Look.", identity="confirmed")
    assert set(refused.value.problems) == {"staff_name", "staff_role"}
    with pytest.raises(Refused) as refused:
        services.raise_concern(actor=priya, alert=alert, details="Look.", identity="")
    assert set(refused.value.problems) == {"identity"}
    alert.refresh_from_db()
    assert (alert.status, alert.report) == ("new", None)


def test_a_case_handler_opens_a_case_from_the_concern(imported, priya, alice):
    from rampart.cases import services as cases

    report = services.raise_concern(actor=priya, alert=AccessAlert.objects.first(), details="Please look.")
    case = cases.open_case_from_report(actor=alice, report=report)
    assert case.report == report
    assert "EPR user 100" in case.summary


def test_a_concern_cannot_go_to_an_organisation_that_takes_no_reports(imported, priya, orgs):
    orgs["trust_a"].accepts_reports = False
    orgs["trust_a"].save()
    alert = AccessAlert.objects.select_related("organisation").first()
    with pytest.raises(services.NoCaseHandlers) as refused:
        services.raise_concern(actor=priya, alert=alert, details="x")
    assert isinstance(refused.value, Refused)
    assert refused.value.problems == {"": f"{orgs['trust_a'].name} does not take reports in Rampart"}
    assert AccessAlert.objects.get(pk=alert.pk).status == "new"


def test_a_failed_report_leaves_the_alert_undecided(imported, priya, monkeypatch):
    from rampart.reporting import services as reporting

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(reporting, "submit_report", broken)
    alert = AccessAlert.objects.first()
    with pytest.raises(RuntimeError):
        services.raise_concern(actor=priya, alert=alert, details="x")
    assert (AccessAlert.objects.get(pk=alert.pk).status, AlertDecision.objects.count()) == ("new", 0)


def test_trust_bs_privacy_officer_cannot_decide_trust_as_alert(imported, pete):
    alert = AccessAlert.objects.first()
    with pytest.raises(PermissionDenied):
        services.dismiss(actor=pete, alert=alert, reason="other", details="x")
    with pytest.raises(PermissionDenied):
        services.raise_concern(actor=pete, alert=alert, details="x")


def test_demo_data_loads_once(orgs, priya):
    from django.apps import apps

    config = apps.get_app_config("access_alerts")
    users = {"priya.privacy@riverside.example": priya}
    config.load_demo_data(orgs={"R1A": orgs["trust_a"]}, users=users)
    config.load_demo_data(orgs={"R1A": orgs["trust_a"]}, users=users)
    assert AccessAlert.objects.count() == 6
    assert AlertEvidence.objects.count() == 6

"""The pages, for Priya (Trust A's privacy officer), Pete (Trust B's), Alice (a case handler at
Trust A) and Bob (Trust A's administrator)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rampart.access_alerts import services
from rampart.access_alerts.models import AccessAlert, AlertImport
from rampart.core.models import AuditEntry
from tests.access_alerts.conftest import ALERTS_CSV, EVENTS_CSV


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def first_alert() -> AccessAlert:
    return AccessAlert.objects.order_by("-score").first()


def test_the_queue_lists_trust_as_alerts_best_first(imported, priya, as_user):
    response = as_user(priya).get("/access-alerts/")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("VIP or sensitive record") < text.index("Many records looked at in one day")
    # Identifiers are only on an alert's own (audited) page.
    assert "P-" not in text
    assert ">23<" not in text


def test_the_header_offers_access_alerts_to_privacy_officers_only(priya, alice, as_user):
    assert 'href="/access-alerts/"' in as_user(priya).get("/").content.decode()
    assert 'href="/access-alerts/"' not in as_user(alice).get("/").content.decode()


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_other_roles_at_trust_a_cannot_see_the_queue(imported, persona, request, as_user):
    user = request.getfixturevalue(persona)
    assert as_user(user).get("/access-alerts/").status_code == 403
    assert as_user(user).get(f"/access-alerts/{first_alert().public_id}/").status_code == 404


def test_trust_bs_privacy_officer_sees_nothing_of_trust_a(imported, pete, as_user):
    client = as_user(pete)
    assert "No alerts." in client.get("/access-alerts/").content.decode()
    alert = first_alert()
    for path in ("", "dismiss/", "raise-concern/", "events.csv"):
        assert client.get(f"/access-alerts/{alert.public_id}/{path}").status_code == 404
    assert (
        client.post(
            f"/access-alerts/{alert.public_id}/dismiss/", {"reason": "other", "details": "x"}
        ).status_code
        == 404
    )
    assert first_alert().status == "new"


def test_reading_an_alert_is_audited(imported, priya, as_user):
    alert = first_alert()
    response = as_user(priya).get(f"/access-alerts/{alert.public_id}/")
    assert "Download the 3 access events (CSV)" in response.content.decode()
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.actor, entry.object_id) == ("read", priya, str(alert.pk))


def test_uploading_a_scan_fills_the_queue(priya, as_user):
    response = as_user(priya).post(
        "/access-alerts/import/",
        {"alerts": upload("alerts.csv", ALERTS_CSV), "events": upload("events.csv", EVENTS_CSV)},
        follow=True,
    )
    assert "3 new alerts added to the queue. Access events attached to 2." in response.content.decode()
    assert AccessAlert.objects.count() == 3


def test_uploading_the_same_scan_again_adds_nothing(imported, priya, as_user):
    response = as_user(priya).post(
        "/access-alerts/import/", {"alerts": upload("alerts.csv", ALERTS_CSV)}, follow=True
    )
    assert "0 new alerts added" in response.content.decode()
    assert "3 were already imported" in response.content.decode()
    assert AccessAlert.objects.count() == 3


def test_a_bad_line_imports_nothing_and_says_where(priya, as_user):
    bad = ALERTS_CSV + '4,"1","2","2025-01-15T12:00:00Z","2025-01-15T12:00:00Z",many,false,"VIP",1\n'
    response = as_user(priya).post("/access-alerts/import/", {"alerts": upload("alerts.csv", bad)})
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "alerts.csv: line 5: column &#39;events&#39;: &#39;many&#39; is not a whole number" in text
    assert "<title>Error: " in text
    assert not AccessAlert.objects.exists()
    assert not AlertImport.objects.exists()


def test_a_bad_events_file_imports_nothing(priya, as_user):
    response = as_user(priya).post(
        "/access-alerts/import/",
        {"alerts": upload("alerts.csv", ALERTS_CSV), "events": upload("events.csv", "event_id,ts\n1,2\n")},
    )
    assert "column &#39;user_id&#39; is missing" in response.content.decode()
    assert not AccessAlert.objects.exists()


def test_no_file_is_explained(priya, as_user):
    response = as_user(priya).post("/access-alerts/import/", {})
    assert "Select the alerts file" in response.content.decode()


def test_dismissing_from_the_page(imported, priya, as_user):
    alert = first_alert()
    client = as_user(priya)
    response = client.post(
        f"/access-alerts/{alert.public_id}/dismiss/", {"reason": "authorised_work", "details": ""}
    )
    assert "Enter what you found" in response.content.decode()
    assert 'value="authorised_work" checked' in response.content.decode()  # what was chosen is kept
    response = client.post(
        f"/access-alerts/{alert.public_id}/dismiss/",
        {"reason": "authorised_work", "details": "Clinical coding audit."},
        follow=True,
    )
    assert "The alert has been dismissed." in response.content.decode()
    assert first_alert().status == "dismissed"


def test_raising_a_concern_from_the_page_keeps_what_was_typed_on_error(imported, priya, as_user):
    alert = first_alert()
    client = as_user(priya)
    response = client.post(f"/access-alerts/{alert.public_id}/raise-concern/", {"staff_name": "Sam Smith"})
    text = response.content.decode()
    assert "Enter what the case handlers should know" in text
    assert "Say whether you have confirmed who holds this EPR login" in text
    assert 'value="Sam Smith"' in text
    response = client.post(
        f"/access-alerts/{alert.public_id}/raise-concern/",
        {"identity": "confirmed", "staff_name": "Sam Smith", "details": "Not on shift."},
    )
    assert 'href="#id_staff_role"' in response.content.decode()
    response = client.post(
        f"/access-alerts/{alert.public_id}/raise-concern/",
        {
            "identity": "confirmed",
            "staff_name": "Sam Smith",
            "staff_role": "Ward clerk",
            "details": "Not on shift.",
        },
        follow=True,
    )
    assert "sent to the case handlers" in response.content.decode()
    assert first_alert().report is not None


def test_the_case_handler_reads_the_concerns_evidence_and_it_is_audited(
    imported, priya, alice, charlie, as_user
):
    alert = first_alert()
    services.raise_concern(actor=priya, alert=alert, details="Please look.")
    triage = as_user(alice).get(f"/triage/{alert.report.reference}/")
    assert f"/access-alerts/{alert.public_id}/events.csv" in triage.content.decode()
    response = as_user(alice).get(f"/access-alerts/{alert.public_id}/events.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().count("\n") == 4  # header and three accesses
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.actor, entry.detail["rows"]) == ("export", alice, 3)
    # Charlie handles cases at Trust B: not this report's.
    assert as_user(charlie).get(f"/access-alerts/{alert.public_id}/events.csv").status_code == 404


def test_a_case_handler_cannot_read_evidence_before_a_concern_is_raised(imported, alice, as_user):
    assert as_user(alice).get(f"/access-alerts/{first_alert().public_id}/events.csv").status_code == 404


# --- a scan directory on the server ----------------------------------------------------------


@pytest.fixture
def scan_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    directory = tmp_path / "access-audit" / "RA1" / "2025-01-15"
    directory.mkdir(parents=True)
    (directory / "alerts.csv").write_text(ALERTS_CSV)
    (directory / "events.csv").write_text(EVENTS_CSV)
    (directory / "summary.json").write_text('{"events": 7, "explained_share": 0.5, "engine": "duckdb"}')
    return tmp_path


def test_a_scan_on_the_server_is_offered_and_imported(scan_dir, priya, as_user):
    client = as_user(priya)
    assert "2025-01-15" in client.get("/access-alerts/import/").content.decode()
    response = client.post("/access-alerts/import/server/", {"scan": "2025-01-15"}, follow=True)
    assert "3 new alerts added" in response.content.decode()
    assert "7 accesses scanned, 50.0% explained by care" in response.content.decode()


def test_only_listed_scan_directories_can_be_read(scan_dir, priya, as_user):
    (scan_dir / "access-audit" / "RB1" / "theirs").mkdir(parents=True)
    (scan_dir / "access-audit" / "RB1" / "theirs" / "alerts.csv").write_text(ALERTS_CSV)
    client = as_user(priya)
    for name in ("../RB1/theirs", "/etc", "theirs"):
        response = client.post("/access-alerts/import/server/", {"scan": name})
        assert "Select a scan from the list" in response.content.decode()
    assert not AccessAlert.objects.exists()


def test_a_symlink_out_of_the_scan_root_is_not_offered(scan_dir, priya, as_user, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "alerts.csv").write_text(ALERTS_CSV)
    (scan_dir / "access-audit" / "RA1" / "sneaky").symlink_to(outside)
    assert "sneaky" not in as_user(priya).get("/access-alerts/import/").content.decode()


def test_a_bad_summary_upload_is_named_on_its_field(priya, as_user):
    response = as_user(priya).post(
        "/access-alerts/import/",
        {"alerts": upload("alerts.csv", ALERTS_CSV), "summary": upload("summary.json", "[1]")},
    )
    assert 'href="#id_summary"' in response.content.decode()
    assert not AccessAlert.objects.exists()


def test_a_file_over_the_size_limit_is_refused(priya, as_user, monkeypatch):
    from rampart.access_alerts import forms

    monkeypatch.setattr(forms.UploadForm.base_fields["alerts"], "max_bytes", 10)
    response = as_user(priya).post("/access-alerts/import/", {"alerts": upload("alerts.csv", ALERTS_CSV)})
    assert "The selected file must be smaller than" in response.content.decode()


def test_a_decided_alert_cannot_be_decided_again_from_a_stale_page(imported, priya, as_user):
    alert = first_alert()
    services.dismiss(actor=priya, alert=alert, reason="other", details="Checked.")
    response = as_user(priya).post(
        f"/access-alerts/{alert.public_id}/raise-concern/",
        {"details": "Look.", "identity": "unconfirmed"},
        follow=True,
    )
    assert "This alert has already been decided." in response.content.decode()
    assert first_alert().report is None


def test_a_concern_for_an_organisation_without_reporting_is_explained(imported, priya, orgs, as_user):
    orgs["trust_a"].accepts_reports = False
    orgs["trust_a"].save()
    response = as_user(priya).post(
        f"/access-alerts/{first_alert().public_id}/raise-concern/",
        {"details": "Look.", "identity": "unconfirmed"},
    )
    assert "Trust A does not take reports in Rampart" in response.content.decode()
    assert first_alert().status == "new"


def test_a_bad_file_in_a_server_scan_imports_nothing(scan_dir, priya, as_user):
    (scan_dir / "access-audit" / "RA1" / "2025-01-15" / "summary.json").write_text("{")
    response = as_user(priya).post("/access-alerts/import/server/", {"scan": "2025-01-15"})
    assert "Nothing was imported. 2025-01-15/summary.json: not a summary.json" in response.content.decode()
    assert not AccessAlert.objects.exists()


def test_a_server_scan_reads_an_events_directory_of_parquet_parts(settings, tmp_path, priya, as_user):
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    settings.VAR_DIR = tmp_path
    directory = tmp_path / "access-audit" / "RA1" / "nightly"
    (directory / "events").mkdir(parents=True)
    (directory / "alerts.csv").write_text(ALERTS_CSV)
    events = pacsv.read_csv(pa.py_buffer(EVENTS_CSV.encode()))
    pq.write_table(events.slice(0, 3), directory / "events" / "part-0000.parquet")
    pq.write_table(events.slice(3), directory / "events" / "part-0001.parquet")
    response = as_user(priya).post("/access-alerts/import/server/", {"scan": "nightly"}, follow=True)
    assert "Access events attached to 2." in response.content.decode()


def test_the_queue_can_be_filtered_by_why_alerts_were_flagged(imported, priya, as_user):
    client = as_user(priya)
    text = client.get("/access-alerts/?rule=BULK").content.decode()
    assert "Many records looked at in one day" in text.split("<table", 1)[1]
    assert "VIP or sensitive record" not in text.split("<table", 1)[1]
    assert '<option value="BULK" selected' in text
    assert "To review (1)" in text  # the counts follow the filter
    # PILE_ON is the second code of the first alert: a code anywhere in the list counts.
    pile_on = client.get("/access-alerts/?rule=PILE_ON").content.decode().split("<table", 1)[1]
    assert "VIP or sensitive record" in pile_on
    assert "Many records" not in pile_on
    deceased = client.get("/access-alerts/?rule=DECEASED").content.decode()
    assert "No alerts flagged for this reason." in deceased


def test_an_unknown_reason_in_the_address_shows_every_alert(imported, priya, as_user):
    text = as_user(priya).get("/access-alerts/?rule=%22%20OR%201%3D1").content.decode()
    assert "To review (3)" in text
    assert '<option value="" ' in text or '<option value="">' in text


def test_the_report_and_its_case_link_to_the_access_events_and_the_case_team_may_read_them(
    imported, priya, alice, as_user
):
    from rampart.cases import services as cases
    from rampart.cases.models import CaseTeamMember
    from tests.factories import MembershipFactory, UserFactory

    alert = first_alert()
    services.raise_concern(actor=priya, alert=alert, details="Please look.")
    link = f'href="/access-alerts/{alert.public_id}/events.csv" download>Download the 3 access events (CSV)'
    assert link in as_user(alice).get(f"/triage/{alert.report.reference}/").content.decode()
    case = cases.open_case_from_report(actor=alice, report=alert.report)
    assert link in as_user(alice).get(f"/cases/{case.reference}/").content.decode()
    # An investigator on the case team cannot open the report, but needs the evidence.
    ivy = MembershipFactory(
        user=UserFactory(email="ivy@trust-a.nhs.uk"), organisation=alert.organisation, role="investigator"
    ).user
    assert as_user(ivy).get(f"/access-alerts/{alert.public_id}/events.csv").status_code == 404
    CaseTeamMember.objects.create(case=case, user=ivy, role="investigator")
    response = as_user(ivy).get(f"/access-alerts/{alert.public_id}/events.csv")
    assert response.status_code == 200
    assert AuditEntry.objects.latest("id").actor == ivy


def test_a_report_not_raised_from_an_alert_has_no_access_events_row(imported, alice, as_user):
    from rampart.reporting import services as reporting

    submitted = reporting.submit_report(
        {
            "organisation": "RA1",
            "anonymity": "anonymous",
            "about": "staff",
            "what_happened": "A comment in the lift.",
            "still_happening": "no",
            "someone_in_danger": False,
        }
    )
    page = as_user(alice).get(f"/triage/{submitted.report.reference}/").content.decode()
    assert "Access events" not in page

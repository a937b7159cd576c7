"""Pages: every persona sees what they may and nothing else; bad input keeps what was typed."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from rampart.assurance import services
from rampart.assurance.models import Assessment, CharterProgress
from rampart.core.models import AuditEntry
from tests.assurance.conftest import complete
from tests.dates import date_post


def test_board_member_starts_an_assessment(as_user, board, orgs):
    client = as_user(board)
    response = client.post("/assurance/RA1/start/", {"framework": "charter", "period": "2025/26"})
    found = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/assurance/assessments/{found.pk}/"
    assert found.items.count() == 19


def test_start_with_a_bad_period_shows_an_error_and_keeps_the_choice(as_user, board):
    response = as_user(board).post("/assurance/RA1/start/", {"framework": "charter", "period": "2025-26"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter the period as a financial year, like 2025/26" in body
    assert 'value="2025-26"' in body
    assert 'value="charter" checked' in body
    assert "<title>Error:" in body


def test_starting_the_same_period_twice_is_refused_clearly(as_user, admin, assessment):
    response = as_user(admin).post(
        "/assurance/RA1/start/", {"framework": "policy_audit", "period": "2025/26"}
    )
    assert "There is already a sexual misconduct policy audit for 2025/26" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/assurance/",
        "/assurance/RA1/",
        "/assurance/RA1/start/",
        "/assurance/RA1/workforce/",
    ],
)
def test_trust_pages_render(as_user, admin, path):
    assert as_user(admin).get(path).status_code == 200


def test_assessment_pages_render(as_user, admin, assessment):
    client = as_user(admin)
    item = assessment.items.first()
    for path in [
        f"/assurance/assessments/{assessment.pk}/",
        f"/assurance/assessments/{assessment.pk}/items/{item.pk}/",
        f"/assurance/assessments/{assessment.pk}/actions/new/",
        f"/assurance/assessments/{assessment.pk}/submit/",
        f"/assurance/assessments/{assessment.pk}/report/",
    ]:
        assert client.get(path).status_code == 200, path


def test_item_shows_evidence_from_rampart_honestly(as_user, admin, assessment):
    item = assessment.items.get(code="PA3.2")
    body = as_user(admin).get(f"/assurance/assessments/{assessment.pk}/items/{item.pk}/").content.decode()
    assert "Specially trained investigators in post" in body
    assert "0 with current training" in body


def test_not_applicable_without_reason_is_refused_and_keeps_what_was_typed(as_user, admin, assessment):
    item = assessment.items.first()
    response = as_user(admin).post(
        f"/assurance/assessments/{assessment.pk}/items/{item.pk}/",
        {"status": "not_applicable", "owner": "Head of HR", "evidence_notes": "Typed notes"},
    )
    body = response.content.decode()
    assert "Say why this item does not apply" in body
    assert 'value="Head of HR"' in body
    assert "Typed notes" in body
    item.refresh_from_db()
    assert item.status == "not_started"


def test_bad_evidence_file_is_refused_with_a_clear_message(as_user, admin, assessment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = assessment.items.first()
    response = as_user(admin).post(
        f"/assurance/assessments/{assessment.pk}/items/{item.pk}/files/",
        {"title": "Policy", "file": SimpleUploadedFile("policy.pdf", b"MZ\x90\x00 not a pdf")},
    )
    body = " ".join(response.content.decode().split())
    message = "The selected file is not a real .pdf file"
    assert f'<a href="#id_file"> {message} </a>' in body
    assert (
        f'id="id_file-error"> <span class="nhsuk-u-visually-hidden">Error: </span>{message} </span>' in body
    )
    assert 'value="Policy"' in body
    assert not item.attachments.exists()


def test_evidence_file_is_stored_and_downloaded(as_user, admin, assessment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = assessment.items.first()
    client = as_user(admin)
    client.post(
        f"/assurance/assessments/{assessment.pk}/items/{item.pk}/files/",
        {"title": "", "file": SimpleUploadedFile("Board paper.pdf", b"%PDF-1.7 board paper")},
    )
    attachment = item.attachments.get()
    response = client.get(f"/assurance/assessments/{assessment.pk}/items/{item.pk}/evidence/{attachment.pk}/")
    assert attachment.title == "Board paper.pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 board paper"
    assert response["Content-Disposition"].startswith("attachment;")


def test_action_with_a_bad_date_is_refused_and_keeps_what_was_typed(as_user, admin, assessment):
    item = assessment.items.first()
    response = as_user(admin).post(
        f"/assurance/assessments/{assessment.pk}/actions/new/",
        {
            "item": item.pk,
            "action": "Publish the policy",
            "owner": "HR",
            **date_post("due_on", "31/02/2026"),
            "status": "open",
        },
    )
    body = response.content.decode()
    assert "Due date must be a real date" in body
    assert "Publish the policy" in body


def test_submitting_an_incomplete_assessment_lists_what_is_missing(as_user, admin, assessment):
    response = as_user(admin).post(f"/assurance/assessments/{assessment.pk}/submit/", {"confirm": "on"})
    body = response.content.decode()
    assert "PA1.1: choose a status" in body
    assessment.refresh_from_db()
    assert assessment.status == "draft"


def test_approval_needs_a_named_executive(as_user, admin, board, assessment):
    complete(assessment, admin)
    services.submit(actor=admin, assessment=assessment)
    response = as_user(board).post(
        f"/assurance/assessments/{assessment.pk}/approve/", {"decision": "approve"}
    )
    body = response.content.decode()
    assert "Enter your full name" in body
    assert "Enter your executive role" in body
    response = as_user(board).post(
        f"/assurance/assessments/{assessment.pk}/approve/",
        {"decision": "approve", "approver_name": "Dana Board", "approver_title": "Chief People Officer"},
    )
    assessment.refresh_from_db()
    assert response.status_code == 302
    assert (assessment.status, assessment.approver_title) == ("approved", "Chief People Officer")


def test_administrator_cannot_approve(as_user, admin, assessment):
    response = as_user(admin).get(f"/assurance/assessments/{assessment.pk}/approve/")
    assert response.status_code == 403


def test_locked_assessment_page_offers_no_editing(as_user, admin, board, assessment):
    complete(assessment, admin)
    services.submit(actor=admin, assessment=assessment)
    item = assessment.items.first()
    client = as_user(admin)
    body = client.get(f"/assurance/assessments/{assessment.pk}/items/{item.pk}/").content.decode()
    assert 'name="status"' not in body
    response = client.post(
        f"/assurance/assessments/{assessment.pk}/items/{item.pk}/",
        {"status": "partly_met", "owner": "Someone else"},
    )
    assert "is locked" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "met"


# --- Alice / Bob / Charlie: a second trust and a second ICB see nothing of the first -----------------


def test_trust_b_board_member_cannot_see_trust_a_assessment(as_user, charlie_board, assessment):
    client = as_user(charlie_board)
    item = assessment.items.first()
    for path in [
        f"/assurance/assessments/{assessment.pk}/",
        f"/assurance/assessments/{assessment.pk}/items/{item.pk}/",
        f"/assurance/assessments/{assessment.pk}/report/",
        f"/assurance/assessments/{assessment.pk}/report.pdf",
        f"/assurance/assessments/{assessment.pk}/export.csv",
        f"/assurance/assessments/{assessment.pk}/export.xlsx",
        "/assurance/RA1/",
        "/assurance/RA1/start/",
        "/assurance/RA1/workforce/",
    ]:
        assert client.get(path).status_code == 404, path
    response = client.post(
        f"/assurance/assessments/{assessment.pk}/items/{item.pk}/", {"status": "met", "owner": "x"}
    )
    assert response.status_code == 404


def test_trust_b_home_page_lists_nothing_of_trust_a(as_user, charlie_board, assessment):
    body = as_user(charlie_board).get("/assurance/").content.decode()
    assert "Trust B" in body
    assert "Trust A" not in body


def test_other_icb_lead_sees_nothing_of_icb_a(as_user, other_icb_lead, assessment, orgs):
    client = as_user(other_icb_lead)
    assert client.get("/assurance/icb/QA1/").status_code == 404
    assert client.post("/assurance/icb/QA1/providers/GA0001/remind/").status_code == 404
    assert client.get(f"/assurance/assessments/{assessment.pk}/").status_code == 404
    assert client.get("/assurance/icb/QB1/").status_code == 200


def test_icb_lead_may_read_but_not_change_a_provider_assessment(as_user, icb_lead, assessment):
    client = as_user(icb_lead)
    item = assessment.items.first()
    assert client.get(f"/assurance/assessments/{assessment.pk}/").status_code == 200
    response = client.post(
        f"/assurance/assessments/{assessment.pk}/items/{item.pk}/", {"status": "met", "owner": "x"}
    )
    assert response.status_code == 403


def test_analyst_sees_only_aggregates(as_user, analyst, assessment):
    client = as_user(analyst)
    assert client.get(f"/assurance/assessments/{assessment.pk}/").status_code == 404
    assert client.get("/assurance/RA1/").status_code == 403
    assert client.get("/assurance/rollup/Y01/").status_code == 200


def test_case_handler_at_a_trust_has_no_assurance_pages(as_user, alice, assessment):
    client = as_user(alice)
    assert client.get(f"/assurance/assessments/{assessment.pk}/").status_code == 404
    assert 'href="/assurance/"' not in client.get("/").content.decode()


def test_assurance_appears_in_the_header_for_board_members(as_user, board):
    assert 'href="/assurance/"' in as_user(board).get("/").content.decode()


# --- exports ---------------------------------------------------------------------------------------


def _with_formula(assessment, admin):
    item = assessment.items.first()
    services.update_item(
        actor=admin,
        item=item,
        status="met",
        not_applicable_reason="",
        owner='=HYPERLINK("x")',
        evidence_notes="+1 evil",
    )


def test_csv_export_escapes_formulas(as_user, admin, assessment):
    _with_formula(assessment, admin)
    response = as_user(admin).get(f"/assurance/assessments/{assessment.pk}/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Section", "Code", "Item"]
    assert rows[1][5] == '\'=HYPERLINK("x")'
    assert rows[1][6] == "'+1 evil"
    assert AuditEntry.objects.filter(action="export", detail__format="csv").exists()


def test_xlsx_export_escapes_formulas(as_user, admin, assessment):
    _with_formula(assessment, admin)
    response = as_user(admin).get(f"/assurance/assessments/{assessment.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B4"].value == "PA1.1"
    assert sheet["F4"].value == '\'=HYPERLINK("x")'
    assert sheet["F4"].data_type == "s"


def test_unknown_export_format_is_not_found(as_user, admin, assessment):
    assert as_user(admin).get(f"/assurance/assessments/{assessment.pk}/export.html").status_code == 404


def test_board_report_pdf_contains_the_assessment(as_user, admin, board, assessment):
    complete(assessment, admin)
    services.submit(actor=admin, assessment=assessment)
    services.approve(
        actor=board, assessment=assessment, approver_name="Dana Board", approver_title="Chief Executive"
    )
    response = as_user(board).get(f"/assurance/assessments/{assessment.pk}/report.pdf")
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    assert response["Content-Type"] == "application/pdf"
    assert "Board report: Sexual misconduct policy audit 2025/26" in text
    assert "approved by Dana Board, Chief Executive" in text
    assert "Anonymous reporting has been implemented for staff" in text


def test_board_report_page_has_charts_with_text_alternatives(as_user, admin, assessment):
    body = as_user(admin).get(f"/assurance/assessments/{assessment.pk}/report/").content.decode()
    assert body.count('src="data:image/svg+xml;base64,') == 3
    assert 'alt="Items by status: Not started 5' in body


# --- primary care and ICB oversight -----------------------------------------------------------------


def test_practice_confirms_and_the_icb_sees_it_at_once(as_user, gp_staff, icb_lead, orgs):
    response = as_user(gp_staff).post(
        "/assurance/GA0001/charter/",
        {
            **date_post("charter_signed_on", "2026-01-10"),
            **date_post("checklist_completed_on", "2026-02-01"),
            **date_post("chaperone_policy_reviewed_on", ""),
        },
    )
    assert response.status_code == 302
    body = as_user(icb_lead).get("/assurance/icb/QA1/").content.decode()
    assert "10 Jan 2026" in body
    assert "Signed up and checklist completed by 31 March 2026" in body


def test_practice_cannot_confirm_a_date_in_the_future(as_user, gp_staff):
    response = as_user(gp_staff).post(
        "/assurance/GA0001/charter/", {**date_post("charter_signed_on", "2999-01-01")}
    )
    body = response.content.decode()
    assert "must be today or in the past" in body
    assert 'value="2999"' in body
    assert not CharterProgress.objects.exists()


def test_trust_staff_cannot_confirm_charter_progress_for_a_practice(as_user, admin):
    assert as_user(admin).get("/assurance/GA0001/charter/").status_code == 404


def test_icb_lead_records_contact_and_sends_a_reminder(as_user, icb_lead, gp_staff):
    from rampart.core.models import Reminder

    client = as_user(icb_lead)
    client.post("/assurance/icb/QA1/providers/GA0001/contact/", {**date_post("contacted_on", "2026-01-05")})
    client.post("/assurance/icb/QA1/providers/GA0001/remind/")
    assert CharterProgress.objects.get().contacted_on.isoformat() == "2026-01-05"
    reminder = Reminder.objects.get()
    assert reminder.recipient == gp_staff
    assert "/assurance/GA0001/charter/" in reminder.body


def test_contact_date_must_be_real(as_user, icb_lead):
    response = as_user(icb_lead).post(
        "/assurance/icb/QA1/providers/GA0001/contact/", {**date_post("contacted_on", "soon-1-2026")}
    )
    assert "must be a real date" in response.content.decode()


def test_icb_page_for_a_trust_is_not_found(as_user, icb_lead):
    assert as_user(icb_lead).get("/assurance/icb/RA1/").status_code == 404
    assert as_user(icb_lead).post("/assurance/icb/QA1/providers/RA1/remind/").status_code == 404

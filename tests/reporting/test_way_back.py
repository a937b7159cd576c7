"""Every reporter has a way back: receipt codes for named and confidential reporters, e-mailed
sign-in links for named ones, messages that reach them, the status in plain words, the outcome
statement once the case is closed, and each organisation's "you said, we did"."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from rampart.core import policy
from rampart.core.models import AuditEntry
from rampart.reporting import journey, services
from rampart.reporting.models import OutcomeStatement, Receipt, Report, SignInLink
from rampart.reporting.permissions import ReportingAction
from tests.factories import CaseFactory, MembershipFactory, ReportFactory
from tests.reporting.test_public_journey import walk

pytestmark = pytest.mark.django_db

CONTACT = {"reporter_name": "Sam Reporter", "reporter_email": "sam@example.com", "reporter_phone": ""}


def _send_through_the_pages(anonymity):
    """A reporter walks the web journey; returns the report and the receipt code the page showed."""
    client = Client()
    walk(client, anonymity=anonymity, contact=None if anonymity == "anonymous" else CONTACT)
    page = client.post("/report/check/").content.decode()
    shown = re.search(r'data-testid="receipt-code">([\d ]+)<', page)
    assert shown is not None, "the confirmation page shows a receipt code"
    return Report.objects.get(), shown.group(1)


def _open_inbox(code):
    client = Client()
    assert client.post("/report/inbox/", {"code": code})["Location"] == "/report/inbox/messages/"
    return client


def _close(case):
    case.state = "closed"
    case.save(update_fields=["state"])


def test_a_confidential_reporter_reads_the_handlers_message_and_the_outcome_with_their_code(
    alice, as_user, django_capture_on_commit_callbacks
):
    report, code = _send_through_the_pages("confidential")
    case = CaseFactory(organisation=report.organisation, report=report)
    handler = as_user(alice)
    handler.post(f"/triage/{report.reference}/messages/", {"text": "Can we talk on Tuesday?"})
    handler.post(
        f"/triage/{report.reference}/outcome-statement/",
        {"text": "We investigated and changed how the ward is supervised."},
    )

    inbox = _open_inbox(code)
    before = inbox.get("/report/inbox/messages/").content.decode()
    assert "Can we talk on Tuesday?" in before
    assert "changed how the ward is supervised" not in before  # not until the case is closed

    _close(case)
    after = inbox.get("/report/inbox/messages/").content.decode()
    assert 'data-testid="outcome-statement"' in after
    assert "changed how the ward is supervised" in after
    assert "Closed" in after
    inbox.post("/report/inbox/messages/", {"text": "Thank you."})
    assert report.messages.filter(sender="reporter").get().text == "Thank you."


def test_named_and_confidential_receipts_are_hashed_like_anonymous_ones(orgs):
    report, code = _send_through_the_pages("named")
    receipt = Receipt.objects.get(report=report)
    assert receipt.code_hash.startswith("$argon2id$")
    digits = code.replace(" ", "")
    assert digits not in receipt.code_hash
    assert digits not in receipt.lookup
    assert services.open_inbox(digits) == report


def test_the_api_still_gives_no_receipt_code_to_a_named_reporter(orgs):
    response = Client().post(
        "/api/v1/reports",
        {
            "organisation": "RA1",
            "anonymity": "named",
            "about": "staff",
            "what_happened": "Comments in the lift.",
            "reporter": {"name": "Nia", "email": "nia@example.com"},
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert "receipt_code" not in response.json()
    assert not Receipt.objects.exists()


def test_the_status_is_in_plain_words_from_the_cases_state(orgs):
    report, code = _send_through_the_pages("anonymous")
    inbox = _open_inbox(code)
    assert "Your report has arrived" in inbox.get("/report/inbox/messages/").content.decode()
    CaseFactory(organisation=report.organisation, report=report, state="under_investigation")
    page = inbox.get("/report/inbox/messages/").content.decode()
    assert "is being investigated" in page
    # The sentence is a paragraph under the status tag, not markup shown as text.
    assert "&lt;p" not in page
    assert '<p class="nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">' in page


def test_an_anonymous_outcome_statement_keeps_only_the_day(alice, orgs):
    report = ReportFactory(organisation=orgs["trust_a"], anonymous=True)
    statement = services.write_outcome_statement(actor=alice, report=report, text="We acted.")
    statement.refresh_from_db()
    assert statement.written_at == journey.kept_time(timezone.now(), anonymous=True)


# --- the e-mail to a named reporter ----------------------------------------------------------------


def test_a_named_reporter_is_emailed_that_there_is_a_message_without_its_content(
    alice, orgs, django_capture_on_commit_callbacks
):
    report = ReportFactory(organisation=orgs["trust_a"], named=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_case_team_message(actor=alice, report=report, text="Which ward was it?")
    assert [m.to for m in mail.outbox] == [["nia@example.com"]]
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert "Which ward" not in body
    assert report.reference not in body
    assert report.organisation.name not in body
    assert "/report/inbox/" in body


def test_a_confidential_reporter_is_never_emailed(alice, orgs, django_capture_on_commit_callbacks):
    report = ReportFactory(organisation=orgs["trust_a"], confidential=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_case_team_message(actor=alice, report=report, text="Which ward was it?")
    assert mail.outbox == []


# --- the sign-in link --------------------------------------------------------------------------------


def _ask_for_link(report, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = Client().post("/report/inbox/email/", {"reference": report.reference, "email": email})
    assert "Check your e-mail" in page.content.decode()
    found = [re.search(r"(/report/inbox/sign-in/[^/\s]+/)", m.body) for m in mail.outbox]
    return [f.group(1) for f in found if f]


def test_a_named_reporters_sign_in_link_opens_the_inbox_once(orgs, django_capture_on_commit_callbacks):
    report = ReportFactory(organisation=orgs["trust_a"], named=True)
    [link] = _ask_for_link(report, "NIA@example.com ", django_capture_on_commit_callbacks)
    assert report.reference not in mail.outbox[0].body
    client = Client()
    assert "Open your inbox" in client.get(link).content.decode()  # a GET does not spend it
    assert client.post(link)["Location"] == "/report/inbox/messages/"
    assert report.reference in client.get("/report/inbox/messages/").content.decode()
    assert Client().post(link).status_code == 410
    assert not SignInLink.objects.exists()


def test_a_sign_in_link_expires(orgs, django_capture_on_commit_callbacks):
    report = ReportFactory(organisation=orgs["trust_a"], named=True)
    [link] = _ask_for_link(report, "nia@example.com", django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(minutes=services.SIGN_IN_MINUTES + 1)):
        assert Client().post(link).status_code == 410


def test_a_tampered_sign_in_link_opens_nothing(orgs, django_capture_on_commit_callbacks):
    report = ReportFactory(organisation=orgs["trust_a"], named=True)
    [link] = _ask_for_link(report, "nia@example.com", django_capture_on_commit_callbacks)
    assert Client().post(link[:-3] + "x/").status_code == 410


def test_no_link_for_a_wrong_address_or_a_confidential_report_and_the_page_says_the_same(
    orgs, django_capture_on_commit_callbacks
):
    named = ReportFactory(organisation=orgs["trust_a"], named=True)
    confidential = ReportFactory(organisation=orgs["trust_a"], confidential=True)
    assert _ask_for_link(named, "someone@example.com", django_capture_on_commit_callbacks) == []
    assert _ask_for_link(confidential, "sam.reporter@example.com", django_capture_on_commit_callbacks) == []
    assert mail.outbox == []


def test_sign_in_links_for_one_reference_are_limited(orgs, django_capture_on_commit_callbacks):
    report = ReportFactory(organisation=orgs["trust_a"], named=True)
    for _ in range(services.SIGN_IN_REQUESTS_PER_HOUR + 2):
        _ask_for_link(report, "nia@example.com", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == services.SIGN_IN_REQUESTS_PER_HOUR


def test_the_sign_in_link_page_shows_an_error_summary_on_bad_input(db):
    page = Client().post("/report/inbox/email/", {"reference": "", "email": "not an address"})
    body = page.content.decode()
    assert "There is a problem" in body
    assert "Enter your report reference" in body
    assert "Enter an e-mail address in the correct format" in body


# --- the outcome statement: who writes it --------------------------------------------------------


def test_the_outcome_statement_form_shows_the_guidance_and_audits_the_write(alice, orgs, as_user):
    report = ReportFactory(organisation=orgs["trust_a"], confidential=True)
    client = as_user(alice)
    page = client.get(f"/triage/{report.reference}/outcome-statement/").content.decode()
    assert "Do not name or describe any sanction" in page
    empty = client.post(f"/triage/{report.reference}/outcome-statement/", {"text": ""})
    assert "Enter the outcome statement for the reporter" in empty.content.decode()
    client.post(f"/triage/{report.reference}/outcome-statement/", {"text": "We acted."})
    statement = OutcomeStatement.objects.get()
    assert statement.author == alice
    assert AuditEntry.objects.filter(
        actor=alice, action="create", object_type="reporting.outcomestatement"
    ).exists()


def test_only_the_cases_handler_writes_the_outcome_statement(alice, charlie, as_user, orgs):
    from rampart.cases.models import CaseTeamMember

    report = ReportFactory(organisation=orgs["trust_a"], confidential=True)
    case = CaseFactory(organisation=orgs["trust_a"], report=report)
    other_handler = MembershipFactory(organisation=orgs["trust_a"], role="case_handler").user
    investigator = MembershipFactory(organisation=orgs["trust_a"], role="case_handler").user
    CaseTeamMember.objects.create(case=case, user=alice, role="handler")
    CaseTeamMember.objects.create(case=case, user=investigator, role="investigator")
    url = f"/triage/{report.reference}/outcome-statement/"
    for outsider in (charlie, other_handler, investigator):
        assert as_user(outsider).post(url, {"text": "Not mine to write."}).status_code in (403, 404)
        with pytest.raises(PermissionDenied):
            services.write_outcome_statement(actor=outsider, report=report, text="Not mine.")
    assert not OutcomeStatement.objects.exists()
    assert as_user(alice).post(url, {"text": "Mine."}).status_code == 302
    assert policy.allowed(alice, ReportingAction.WRITE_OUTCOME_STATEMENT, report)


# --- you said, we did ------------------------------------------------------------------------------


def _figures(page):
    found = re.findall(r"<dt[^>]*>\s*(.*?)\s*</dt>\s*<dd[^>]*>\s*(.*?)\s*</dd>", page, re.S)
    return dict(found)


def test_the_organisation_page_shows_counts_under_5_as_fewer_than_5(orgs, alice):
    org = orgs["trust_a"]
    last_month = timezone.now() - timedelta(days=timezone.localdate().day + 1)  # whole months only
    for _ in range(6):
        ReportFactory(organisation=org, received_at=last_month)
    closed = ReportFactory(organisation=org, confidential=True, status="closed", received_at=last_month)
    services.write_outcome_statement(actor=alice, report=closed, text="We acted.")
    page = Client().get(f"/report/organisations/{org.ods_code}/").content.decode()
    figures = _figures(page[page.index('data-testid="you-said-we-did"') :])
    assert figures["Reports received"] == "7"
    assert figures["Reporters told the outcome"] == "fewer than 5"
    assert figures["Reports closed"] == "fewer than 5"
    assert figures["Reports looked into as a case"] == "fewer than 5"  # none is under 5 too


def test_an_organisation_that_takes_no_reports_has_no_public_page(orgs):
    assert Client().get("/report/organisations/NOSUCH/").status_code == 404


def test_other_apps_add_their_counts_through_the_hook(orgs, monkeypatch):
    from rampart.reporting import hooks

    monkeypatch.setattr(hooks, "implementations", lambda name: (lambda **_: [("Referrals made", 12)],))
    page = Client().get(f"/report/organisations/{orgs['trust_a'].ods_code}/").content.decode()
    assert _figures(page)["Referrals made"] == "12"

"""Writes: policy checked, one transaction, audited; a locked assessment cannot be changed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from rampart.assurance import services
from rampart.assurance.models import AssessmentStatus, EvidenceAttachment, ProviderReminder
from rampart.core.management.commands.sweep import send_due_reminders
from rampart.core.models import AuditEntry, Reminder
from tests.assurance.conftest import complete
from tests.factories import MembershipFactory, UserFactory


def _submitted(assessment, admin):
    complete(assessment, admin)
    return services.submit(actor=admin, assessment=assessment)


def test_the_whole_journey_is_audited(assessment, admin, board):
    _submitted(assessment, admin)
    approved = services.approve(
        actor=board, assessment=assessment, approver_name="Dana", approver_title="CPO"
    )
    assert approved.status == AssessmentStatus.APPROVED
    assert [c.status for c in approved.status_changes.all()] == ["draft", "submitted", "approved"]
    details = list(
        AuditEntry.objects.filter(object_type="assurance.assessment").values_list("detail__what", flat=True)
    )
    assert details == ["assessment started", "assessment submitted", "assessment approved"]


def test_whoever_submitted_cannot_also_approve(assessment, board):
    complete(assessment, board)
    services.submit(actor=board, assessment=assessment)
    with pytest.raises(ValidationError, match="Someone other than the person who submitted it"):
        services.approve(actor=board, assessment=assessment, approver_name="Dana", approver_title="CPO")


def test_a_draft_cannot_be_approved(assessment, board):
    with pytest.raises(ValidationError, match="Only a submitted assessment can be approved"):
        services.approve(actor=board, assessment=assessment, approver_name="Dana", approver_title="CPO")


def test_an_administrator_cannot_approve(assessment, admin, orgs):
    _submitted(assessment, admin)
    with pytest.raises(PermissionDenied):
        services.approve(actor=admin, assessment=assessment, approver_name="Bob", approver_title="Admin")


def test_a_partly_met_item_needs_an_action_before_submission(assessment, admin):
    complete(assessment, admin)
    gap = assessment.items.first()
    services.update_item(
        actor=admin, item=gap, status="partly_met", not_applicable_reason="", owner="HR", evidence_notes=""
    )
    with pytest.raises(ValidationError, match=r"PA1\.1: add an action"):
        services.submit(actor=admin, assessment=assessment)
    services.save_action(
        actor=admin,
        assessment=assessment,
        item=gap,
        action="Adopt",
        owner="HR",
        due_on=date(2026, 6, 1),
        status="open",
    )
    assert services.submit(actor=admin, assessment=assessment).status == AssessmentStatus.SUBMITTED


@pytest.mark.parametrize("state", ["submitted", "approved"])
def test_a_locked_assessment_cannot_be_changed(assessment, admin, board, state):
    item = assessment.items.first()
    services.add_evidence_link(actor=admin, item=item, title="Policy", url="https://intranet.example/p")
    _submitted(assessment, admin)
    if state == "approved":
        services.approve(actor=board, assessment=assessment, approver_name="Dana", approver_title="CPO")
    attempts = [
        lambda: services.update_item(
            actor=admin,
            item=item,
            status="partly_met",
            not_applicable_reason="",
            owner="x",
            evidence_notes="",
        ),
        lambda: services.add_evidence_link(actor=admin, item=item, title="t", url="https://example.org"),
        lambda: services.add_evidence_file(actor=admin, item=item, title="t", name="a.txt", data=b"hello"),
        lambda: services.remove_evidence(actor=admin, attachment=item.attachments.get()),
        lambda: services.save_action(
            actor=admin,
            assessment=assessment,
            item=item,
            action="a",
            owner="o",
            due_on=date(2026, 1, 1),
            status="open",
        ),
        lambda: services.submit(actor=admin, assessment=assessment),
    ]
    for attempt in attempts:
        with pytest.raises(services.AssessmentLocked):
            attempt()
    item.refresh_from_db()
    assert (item.status, item.attachments.count(), item.actions.count()) == ("met", 1, 0)


def test_a_stale_copy_of_a_draft_cannot_slip_past_the_lock(assessment, admin):
    """The service re-reads the assessment inside the transaction, not the caller's copy."""
    stale = type(assessment).objects.get(pk=assessment.pk)
    _submitted(assessment, admin)
    item = stale.items.first()
    item.assessment = stale
    with pytest.raises(services.AssessmentLocked):
        services.update_item(
            actor=admin,
            item=item,
            status="partly_met",
            not_applicable_reason="",
            owner="x",
            evidence_notes="",
        )


def test_sending_back_unlocks_for_changes(assessment, admin, board):
    _submitted(assessment, admin)
    returned = services.return_for_changes(actor=board, assessment=assessment, reason="More evidence")
    assert returned.status == AssessmentStatus.DRAFT
    assert returned.status_changes.last().note == "More evidence"
    with pytest.raises(ValidationError, match="Only a submitted"):
        services.return_for_changes(actor=board, assessment=assessment, reason="Again")


def test_the_next_period_starts_from_a_copy(assessment, admin, board, orgs):
    item = assessment.items.get(code="PA2.1")
    complete(assessment, admin)
    services.update_item(
        actor=admin,
        item=item,
        status="partly_met",
        not_applicable_reason="",
        owner="FTSU",
        evidence_notes="n",
    )
    services.save_action(
        actor=admin,
        assessment=assessment,
        item=item,
        action="Launch anonymous form",
        owner="FTSU",
        due_on=date(2026, 9, 1),
        status="in_progress",
    )
    services.add_evidence_link(actor=admin, item=item, title="Plan", url="https://intranet.example/plan")
    services.submit(actor=admin, assessment=assessment)
    services.approve(actor=board, assessment=assessment, approver_name="Dana", approver_title="CPO")
    following = services.start_assessment(
        actor=admin, organisation=orgs["trust_a"], framework_code="policy_audit", period="2026/27"
    )
    copied = following.items.get(code="PA2.1")
    assert following.copied_from == assessment
    assert following.status == AssessmentStatus.DRAFT
    assert (copied.status, copied.owner) == ("partly_met", "FTSU")
    assert [a.action for a in copied.actions.all()] == ["Launch anonymous form"]
    assert [a.title for a in copied.attachments.all()] == ["Plan"]


def test_a_framework_for_another_kind_of_organisation_is_refused(admin, orgs):
    with pytest.raises(ValidationError, match="Choose a framework that applies"):
        services.start_assessment(
            actor=admin,
            organisation=orgs["trust_a"],
            framework_code="primary_care_checklist",
            period="2025/26",
        )


def test_an_action_for_an_item_of_another_assessment_is_refused(assessment, admin, orgs):
    other = services.start_assessment(
        actor=admin, organisation=orgs["trust_a"], framework_code="chaperoning", period="2025/26"
    )
    with pytest.raises(ValidationError, match="not part of this assessment"):
        services.save_action(
            actor=admin,
            assessment=assessment,
            item=other.items.first(),
            action="a",
            owner="o",
            due_on=date(2026, 1, 1),
            status="open",
        )


def test_evidence_file_is_checked_before_it_is_stored(assessment, admin):
    item = assessment.items.first()
    with pytest.raises(ValidationError) as caught:
        services.add_evidence_file(actor=admin, item=item, title="", name="run.exe", data=b"MZ")
    assert caught.value.message_dict == {
        "file": ["The selected file must be a PDF, Word, Excel, CSV, text, PNG or JPEG"]
    }
    assert not EvidenceAttachment.objects.exists()


def test_charlie_cannot_write_to_trust_a(assessment, charlie_board, orgs):
    with pytest.raises(PermissionDenied):
        services.update_item(
            actor=charlie_board,
            item=assessment.items.first(),
            status="met",
            not_applicable_reason="",
            owner="x",
            evidence_notes="",
        )
    with pytest.raises(PermissionDenied):
        services.start_assessment(
            actor=charlie_board, organisation=orgs["trust_a"], framework_code="charter", period="2026/27"
        )


def test_workforce_figures_replace_the_period(admin, orgs):
    services.record_workforce_figure(
        actor=admin, organisation=orgs["trust_a"], period="2025/26", headcount=100, elearning_completed=None
    )
    figure = services.record_workforce_figure(
        actor=admin, organisation=orgs["trust_a"], period="2025/26", headcount=120, elearning_completed=60
    )
    assert (figure.headcount, figure.elearning_completed, type(figure).objects.count()) == (120, 60, 1)
    with pytest.raises(ValidationError):
        services.record_workforce_figure(
            actor=admin, organisation=orgs["trust_a"], period="2025/26", headcount=10, elearning_completed=11
        )


def test_reminding_a_practice_with_nobody_in_rampart_says_so(icb_lead, orgs):
    with pytest.raises(ValidationError, match="Nobody at GP A uses Rampart yet"):
        services.remind_provider(actor=icb_lead, provider=orgs["gp_a"], confirm_url="https://x")


def test_reminding_a_practice_emails_its_case_handlers_and_administrators_once(icb_lead, orgs):
    def member(email, org, role, **user):
        return MembershipFactory(user=UserFactory(email=email, **user), organisation=org, role=role)

    member("gita@gp-a.nhs.uk", orgs["gp_a"], "case_handler")
    member("paul@gp-a.nhs.uk", orgs["gp_a"], "administrator")
    member("bea@gp-a.nhs.uk", orgs["gp_a"], "board_member")
    member("gone@gp-a.nhs.uk", orgs["gp_a"], "case_handler", is_active=False)
    member("alice@trust-a.nhs.uk", orgs["trust_a"], "case_handler")

    sent = services.remind_provider(actor=icb_lead, provider=orgs["gp_a"], confirm_url="https://x/c/")

    assert sent == ProviderReminder.objects.get(provider=orgs["gp_a"], sent_by=icb_lead)
    assert sent.recipients == 2
    assert set(Reminder.objects.values_list("topic", "subject", "body")) == {
        (
            "assurance:charter:GA0001",
            "Please confirm your Sexual Safety Charter sign-up and checklist",
            "Ian Lead at your integrated care board asks GP A to confirm that it has signed up to the "
            "Sexual Safety Charter and completed the self-assurance checklist. Confirm here: https://x/c/",
        )
    }
    entry = AuditEntry.objects.get(object_type="assurance.providerreminder")
    assert (entry.actor, entry.organisation, entry.action) == (icb_lead, orgs["gp_a"], "create")
    assert entry.detail == {"what": "provider reminded", "recipients": 2}
    assert send_due_reminders() == 2
    assert send_due_reminders() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["gita@gp-a.nhs.uk", "paul@gp-a.nhs.uk"]


def test_a_reminder_not_yet_sent_is_dropped_when_the_practice_confirms(icb_lead, orgs):
    gita = MembershipFactory(
        user=UserFactory(email="gita@gp-a.nhs.uk"), organisation=orgs["gp_a"], role="case_handler"
    ).user
    services.remind_provider(actor=icb_lead, provider=orgs["gp_a"], confirm_url="https://x/c/")
    services.confirm_charter_progress(
        actor=gita,
        provider=orgs["gp_a"],
        charter_signed_on=date(2026, 1, 10),
        checklist_completed_on=None,
        chaperone_policy_reviewed_on=None,
    )
    assert send_due_reminders() == 0
    assert not mail.outbox
    assert ProviderReminder.objects.filter(provider=orgs["gp_a"]).exists()  # the ICB's record stays


def test_only_primary_care_is_tracked_for_contact(icb_lead, orgs):
    with pytest.raises(ValidationError, match="Only primary care providers"):
        services.record_icb_contact(actor=icb_lead, provider=orgs["trust_a"], contacted_on=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="Only primary care providers"):
        services.remind_provider(actor=icb_lead, provider=orgs["trust_a"], confirm_url="https://x")

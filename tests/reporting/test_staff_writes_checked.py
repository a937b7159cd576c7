"""Every staff write in reporting checks the policy itself, whoever calls it: a view, the API, another
app. Alice handles reports at Trust A, Bob administers Trust A, Charlie handles reports at Trust B and
Tom administers Trust B. Each refused write raises PermissionDenied and leaves nothing behind."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from rampart.core.models import AuditAction, AuditEntry
from rampart.reporting import services
from rampart.reporting.models import Message, ReportStatus, ReportStatusChange, SupportService
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def tom(orgs):
    """Tom administers Trust B."""
    return MembershipFactory(
        user=UserFactory(email="tom@trust-b.nhs.uk"), organisation=orgs["trust_b"], role="administrator"
    ).user


@pytest.fixture
def report(orgs):
    return services.submit_report(
        {
            "organisation": "RA1",
            "anonymity": "confidential",
            "about": "staff",
            "affected": "someone_else",
            "what_happened": "A porter made remarks about a nurse's body on the night shift.",
            "still_happening": "yes",
            "reporter_name": "Priya Reporter",
            "reporter_email": "priya@example.org",
        },
        receipt_for_everyone=True,  # as the web pages send it: the reporter has an inbox
    ).report


@pytest.fixture
def service(orgs, bob):
    return services.add_support_service(
        actor=bob,
        organisation=orgs["trust_a"],
        name="Staff wellbeing hub",
        description="Confidential support for staff",
    )


def _entries_by(user) -> int:
    """What the user wrote to the audit log, other than the record of the refusal itself."""
    return AuditEntry.objects.filter(actor=user).exclude(action=AuditAction.PERMISSION_DENIED).count()


@pytest.mark.parametrize("who", ["bob", "charlie", "tom"])
def test_only_the_reports_handlers_change_the_status_the_reporter_sees(request, who, report):
    actor = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        services.change_status(actor=actor, report=report, status=ReportStatus.CLOSED, reason="not mine")

    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED
    assert list(ReportStatusChange.objects.filter(report=report).values_list("status", flat=True)) == [
        ReportStatus.RECEIVED
    ]
    assert _entries_by(actor) == 0


def test_the_reports_handler_changes_its_status(alice, report):
    services.change_status(actor=alice, report=report, status=ReportStatus.UNDER_REVIEW)

    report.refresh_from_db()
    assert report.status == ReportStatus.UNDER_REVIEW


@pytest.mark.parametrize("who", ["bob", "charlie", "tom"])
def test_only_the_reports_handlers_message_its_reporter(request, who, report):
    actor = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        services.send_case_team_message(actor=actor, report=report, text="Please tell me who you are")

    assert not Message.objects.filter(report=report).exists()
    assert _entries_by(actor) == 0


def test_the_reports_handler_messages_its_reporter(alice, report):
    services.send_case_team_message(actor=alice, report=report, text="Thank you: we are looking into it")

    assert Message.objects.filter(report=report, author=alice).count() == 1


@pytest.mark.parametrize("who", ["alice", "charlie", "tom"])
def test_only_the_organisations_administrators_add_a_support_service(request, who, orgs):
    actor = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        services.add_support_service(
            actor=actor, organisation=orgs["trust_a"], name="Not ours", description="Someone else's"
        )

    assert not SupportService.objects.filter(organisation=orgs["trust_a"]).exists()
    assert _entries_by(actor) == 0


@pytest.mark.parametrize("who", ["alice", "charlie", "tom"])
def test_only_the_organisations_administrators_remove_a_support_service(request, who, service):
    actor = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        services.remove_support_service(actor=actor, service=service)

    assert SupportService.objects.filter(pk=service.pk).exists()
    assert _entries_by(actor) == 0


def test_an_administrator_removes_their_organisations_support_service(bob, service):
    services.remove_support_service(actor=bob, service=service)

    assert not SupportService.objects.filter(pk=service.pk).exists()


@pytest.mark.parametrize("who", ["bob", "charlie", "tom"])
def test_only_the_reports_handlers_reveal_its_reporter(request, who, report):
    actor = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        services.reveal_identity(actor=actor, report=report, reason="curious")

    assert not AuditEntry.objects.filter(detail__what="reporter identity").exists()
